import 'reflect-metadata';

/** What the README's configuration table and the start-up error need to know about one variable. */
export interface EnvVarMetadata {
  /** Name of the environment variable (the property name). */
  name: string;
  /** One-line description, shown in docs and in `cli config:show`. */
  description: string;
  /**
   * Value used when the variable is unset. A function is evaluated against the raw environment,
   * for defaults that depend on another variable (e.g. only outside production).
   */
  default?: string | ((env: NodeJS.ProcessEnv) => string | undefined);
  /** Hide the value when configuration is printed. */
  secret?: boolean;
}

const ENV_VARS = Symbol('mtl:env-vars');

/** Declares a property of a configuration class as an environment variable. */
export function EnvVar(options: Omit<EnvVarMetadata, 'name'>): PropertyDecorator {
  return (target, propertyKey) => {
    const list = (Reflect.getOwnMetadata(ENV_VARS, target.constructor) as EnvVarMetadata[] | undefined) ?? [];
    list.push({ ...options, name: String(propertyKey) });
    Reflect.defineMetadata(ENV_VARS, list, target.constructor);
  };
}

export function envVarsOf(target: abstract new () => object): EnvVarMetadata[] {
  return (Reflect.getOwnMetadata(ENV_VARS, target) as EnvVarMetadata[] | undefined) ?? [];
}
