import { DynamicModule, Global, Module } from '@nestjs/common';
import { ConfigModule, ConfigType, registerAs } from '@nestjs/config';
import { AuthConfig } from './concerns/auth.config';
import { DatabaseConfig } from './concerns/database.config';
import { HttpConfig } from './concerns/http.config';
import { PlatformConfig } from './concerns/platform.config';
import { RedisConfig } from './concerns/redis.config';
import { RuntimeConfig } from './concerns/runtime.config';
import { loadConcern } from './load-config';

/*
 * Typed accessors: inject with `@Inject(databaseConfig.KEY) db: ConfigType<typeof databaseConfig>`.
 * Each namespace validates its own variables; `loadConfig()` in each entry point has already
 * validated them all together so that start-up fails with one message.
 */
export const runtimeConfig = registerAs('runtime', () => loadConcern(RuntimeConfig));
export const databaseConfig = registerAs('database', () => loadConcern(DatabaseConfig));
export const redisConfig = registerAs('redis', () => loadConcern(RedisConfig));
export const httpConfig = registerAs('http', () => loadConcern(HttpConfig));
export const authConfig = registerAs('auth', () => loadConcern(AuthConfig));
export const platformConfig = registerAs('platform', () => loadConcern(PlatformConfig));

export type RuntimeSettings = ConfigType<typeof runtimeConfig>;
export type DatabaseSettings = ConfigType<typeof databaseConfig>;
export type RedisSettings = ConfigType<typeof redisConfig>;
export type HttpSettings = ConfigType<typeof httpConfig>;
export type AuthSettings = ConfigType<typeof authConfig>;
export type PlatformSettings = ConfigType<typeof platformConfig>;

/** Global configuration for every app: `.env` if present, then the environment, validated. */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(): DynamicModule {
    return {
      module: AppConfigModule,
      imports: [
        ConfigModule.forRoot({
          cache: true,
          load: [runtimeConfig, databaseConfig, redisConfig, httpConfig, authConfig, platformConfig],
        }),
      ],
      exports: [ConfigModule],
    };
  }
}
