import { plainToInstance } from 'class-transformer';
import { ValidationError, validateSync } from 'class-validator';
import { AuthConfig } from './concerns/auth.config';
import { DatabaseConfig } from './concerns/database.config';
import { HttpConfig } from './concerns/http.config';
import { PlatformConfig } from './concerns/platform.config';
import { RedisConfig } from './concerns/redis.config';
import { RuntimeConfig } from './concerns/runtime.config';
import { EnvVarMetadata, envVarsOf } from './env-var.decorator';

/** Every configuration concern, keyed by the namespace it is registered under. */
export const CONFIG_CONCERNS = {
  runtime: RuntimeConfig,
  database: DatabaseConfig,
  redis: RedisConfig,
  http: HttpConfig,
  auth: AuthConfig,
  platform: PlatformConfig,
} as const;

export type ConfigConcerns = typeof CONFIG_CONCERNS;
export type AppConfig = { [K in keyof ConfigConcerns]: InstanceType<ConfigConcerns[K]> };

/** Thrown at start-up; its message names every invalid variable and why, on one line. */
export class ConfigValidationError extends Error {
  constructor(readonly problems: { variable: string; reason: string }[]) {
    super(`Invalid configuration: ${problems.map((p) => `${p.variable} ${p.reason}`).join('; ')}`);
    this.name = 'ConfigValidationError';
  }
}

function rawValue(meta: EnvVarMetadata, env: NodeJS.ProcessEnv): string | undefined {
  const value = env[meta.name];
  if (value !== undefined) return value;
  return typeof meta.default === 'function' ? meta.default(env) : meta.default;
}

/** When a value has the wrong type, its range or length is beside the point: report the type alone. */
const TYPE_RULES = ['isDefined', 'isInt', 'isBoolean', 'isString', 'isIp', 'isIn', 'isUrlWithProtocol', 'isFqdn'];

function describe(errors: ValidationError[], env: NodeJS.ProcessEnv, secret: Set<string>) {
  return errors.map((error) => {
    const constraints = error.constraints ?? {};
    const typeRule = TYPE_RULES.find((rule) => rule in constraints);
    // class-validator starts each message with the property name; the variable is named once.
    const reasons = (typeRule ? [constraints[typeRule]] : Object.values(constraints))
      .map((text) => (text.startsWith(`${error.property} `) ? text.slice(error.property.length + 1) : text))
      .join(', ');
    const given = env[error.property];
    const shown =
      given === undefined ? '' : secret.has(error.property) ? ' (value hidden)' : ` (got ${JSON.stringify(given)})`;
    return { variable: error.property, reason: `${reasons}${shown}` };
  });
}

/** Reads, converts and validates one concern from `env`. */
export function loadConcern<T extends object>(concern: new () => T, env: NodeJS.ProcessEnv = process.env): T {
  const vars = envVarsOf(concern);
  const raw: Record<string, string | undefined> = {};
  for (const meta of vars) raw[meta.name] = rawValue(meta, env);
  const instance = plainToInstance(concern, raw);
  const errors = validateSync(instance, { forbidUnknownValues: false });
  if (errors.length > 0) {
    throw new ConfigValidationError(describe(errors, env, new Set(vars.filter((v) => v.secret).map((v) => v.name))));
  }
  return instance;
}

/** Reads and validates every concern; reports all problems at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: ConfigValidationError['problems'] = [];
  const config: Partial<Record<keyof ConfigConcerns, object>> = {};
  for (const [key, concern] of Object.entries(CONFIG_CONCERNS) as [keyof ConfigConcerns, new () => object][]) {
    try {
      config[key] = loadConcern(concern, env);
    } catch (error) {
      if (!(error instanceof ConfigValidationError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return config as AppConfig;
}

/** Every declared variable with its concern, for documentation and `config:show`. */
export function describeConfig(): (EnvVarMetadata & { concern: string })[] {
  return Object.entries(CONFIG_CONCERNS).flatMap(([concern, cls]) =>
    envVarsOf(cls).map((meta) => ({ ...meta, concern })),
  );
}
