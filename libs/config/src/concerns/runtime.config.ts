import { IsIn } from 'class-validator';
import { EnvVar } from '../env-var.decorator';

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;

/** How the process runs: environment kind and logging. */
export class RuntimeConfig {
  @EnvVar({
    description: 'development, production or test; production refuses unsafe defaults',
    default: 'development',
  })
  @IsIn(NODE_ENVS)
  NODE_ENV!: (typeof NODE_ENVS)[number];

  @EnvVar({ description: 'Minimum log level (fatal, error, warn, info, debug, trace, silent)', default: 'info' })
  @IsIn(LOG_LEVELS)
  LOG_LEVEL!: (typeof LOG_LEVELS)[number];

  @EnvVar({ description: 'auto (pretty on a terminal, JSON otherwise), json or pretty', default: 'auto' })
  @IsIn(LOG_FORMATS)
  LOG_FORMAT!: (typeof LOG_FORMATS)[number];
}
