import type { DataSourceOptions } from 'typeorm';
import type { DatabaseSettings } from '@mtl/config';
import { MIGRATIONS } from '@mtl/migrations';
import { PooledClient } from './pooled-client';
import { poolErrorHandler, TypeOrmLogger } from './typeorm-logger';

/** Which of the platform's three logins a connection uses (docs/adr/0006). */
export type DatabaseLogin = 'owner' | 'app' | 'crossOrganization';

/** Name of the cross-organization data source: `@InjectDataSource(CROSS_ORGANIZATION_DATA_SOURCE)`. */
export const CROSS_ORGANIZATION_DATA_SOURCE = 'crossOrganization';

export function urlOf(db: DatabaseSettings, login: DatabaseLogin): string {
  if (login === 'app') return db.DATABASE_APP_URL;
  if (login === 'crossOrganization') return db.DATABASE_CROSS_ORG_URL;
  return db.DATABASE_URL;
}

/** The cross-organization pool is used by operators and jobs, seldom: a quarter of the request pool. */
function poolSize(db: DatabaseSettings, login: DatabaseLogin): number {
  if (login === 'crossOrganization') return Math.max(2, Math.ceil(db.DATABASE_POOL_SIZE / 4));
  if (login === 'owner') return 2;
  return db.DATABASE_POOL_SIZE;
}

/**
 * Connection options shared by the apps, the CLI and the tests, for one of the three logins
 * (the owner by default: migrations and tools). Migrations are an explicit list (no globs: the
 * built output must find them); `synchronize` is never on. With `boundedStatements`, the request
 * and cross-organization logins wait at most DATABASE_QUERY_TIMEOUT_MS for a statement's answer;
 * the owner's connections never do (migrations may take long).
 */
export function dataSourceOptions(
  db: DatabaseSettings,
  applicationName: string,
  login: DatabaseLogin = 'owner',
  { boundedStatements = true }: { boundedStatements?: boolean } = {},
): DataSourceOptions {
  return {
    type: 'postgres',
    url: urlOf(db, login),
    applicationName,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    // The migrations create everything (gen_random_uuid is built in); the logins may not create extensions.
    installExtensions: false,
    extra: {
      max: poolSize(db, login),
      connectionTimeoutMillis: 5000,
      Client: PooledClient,
      ...(boundedStatements && login !== 'owner' ? { query_timeout: db.DATABASE_QUERY_TIMEOUT_MS } : {}),
    },
    poolErrorHandler,
    logger: new TypeOrmLogger(),
    logging: ['error', 'warn', 'migration', 'schema'],
    maxQueryExecutionTime: 1000,
  };
}
