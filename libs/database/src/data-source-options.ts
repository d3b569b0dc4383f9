import type { DataSourceOptions } from 'typeorm';
import type { DatabaseSettings } from '@mtl/config';
import { MIGRATIONS } from '@mtl/migrations';
import { TypeOrmLogger } from './typeorm-logger';

/**
 * Connection options shared by the apps, the CLI and the tests. Migrations are an explicit
 * list (no globs: the built output must find them); `synchronize` is never on.
 */
export function dataSourceOptions(db: DatabaseSettings, applicationName: string): DataSourceOptions {
  return {
    type: 'postgres',
    url: db.DATABASE_URL,
    applicationName,
    synchronize: false,
    migrationsRun: false,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    extra: { max: db.DATABASE_POOL_SIZE, connectionTimeoutMillis: 5000 },
    logger: new TypeOrmLogger(),
    logging: ['error', 'warn', 'migration', 'schema'],
    maxQueryExecutionTime: 1000,
  };
}
