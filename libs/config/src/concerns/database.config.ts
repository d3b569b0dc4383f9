import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, Max, Min } from 'class-validator';
import { parseBooleanEnv, parseIntegerEnv } from '../env-parsers';
import { EnvVar } from '../env-var.decorator';
import { IsUrlWithProtocol } from '../validators/is-url-with-protocol.validator';

/** The shared PostgreSQL database. */
export class DatabaseConfig {
  @EnvVar({
    description: 'PostgreSQL connection URL (npm start/test start an embedded server when unset and none answers)',
    default: 'postgres://postgres@127.0.0.1:5432/mtl',
    secret: true,
  })
  @IsUrlWithProtocol(['postgres:', 'postgresql:'])
  DATABASE_URL!: string;

  @EnvVar({ description: 'Connections per process in the database pool', default: '10' })
  @Transform(({ value }) => parseIntegerEnv(value))
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE!: number;

  @EnvVar({ description: 'Apply pending migrations at start-up (under an advisory lock)', default: 'true' })
  @Transform(({ value }) => parseBooleanEnv(value))
  @IsBoolean()
  DATABASE_MIGRATE_ON_START!: boolean;
}
