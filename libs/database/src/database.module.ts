import { DynamicModule, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { databaseConfig, DatabaseSettings, runtimeConfig, RuntimeSettings } from '@mtl/config';
import { CROSS_ORGANIZATION_DATA_SOURCE, dataSourceOptions } from './data-source-options';
import { migrateAsOwner } from './migrations-runner';

/**
 * The cross-organization data source: its own pool and login (mtl_cross_org), used only by
 * CrossOrganizationAccess, which opens it on first use. Same entities as the request pool.
 */
function crossOrganizationDataSource(applicationName: string): DynamicModule {
  return TypeOrmModule.forRootAsync({
    name: CROSS_ORGANIZATION_DATA_SOURCE,
    inject: [databaseConfig.KEY, DataSource],
    useFactory: (db: DatabaseSettings, app: DataSource) => ({
      ...dataSourceOptions(db, `${applicationName}-cross-org`, 'crossOrganization'),
      entities: app.options.entities,
      manualInitialization: true,
    }),
  });
}

/**
 * TypeORM on the shared PostgreSQL database: the request and job pool (the default data source,
 * as mtl_app; entities register themselves with forFeature) and the cross-organization pool.
 * Migrations run as the owner on a connection of their own, before either pool opens.
 */
@Module({})
export class DatabaseModule {
  static forApp(applicationName: string): DynamicModule {
    const name = `mtl-${applicationName}`;
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [databaseConfig.KEY, runtimeConfig.KEY],
          useFactory: async (db: DatabaseSettings, runtime: RuntimeSettings) => {
            if (db.DATABASE_MIGRATE_ON_START) {
              const applied = await migrateAsOwner(db, runtime.NODE_ENV, `${name}-migrate`);
              if (applied.length > 0)
                new Logger('Migrations').log(`Applied ${applied.length} migration(s): ${applied.join(', ')}`);
            }
            return {
              ...dataSourceOptions(db, name, 'app'),
              autoLoadEntities: true,
              // Fail fast at start-up; orchestration (npm start, compose) restarts or reports.
              retryAttempts: 3,
              retryDelay: 1000,
            };
          },
        }),
        crossOrganizationDataSource(name),
      ],
    };
  }

  /**
   * For the CLI: the connection opens only when a command needs it (`openDatabase`), so that
   * commands such as `keys:parse` work with no database at all. `migrate` uses the owner's own.
   */
  static forCli(): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [databaseConfig.KEY],
          useFactory: (db: DatabaseSettings) => ({
            ...dataSourceOptions(db, 'mtl-cli', 'app'),
            autoLoadEntities: true,
            manualInitialization: true,
          }),
        }),
        crossOrganizationDataSource('mtl-cli'),
      ],
    };
  }
}

const opening = new WeakMap<DataSource, Promise<DataSource>>();

/**
 * Opens a lazily configured connection (see `DatabaseModule.forCli`, the cross-organization
 * pool), once: callers racing to open it share one initialize().
 */
export function openDatabase(dataSource: DataSource): Promise<DataSource> {
  if (dataSource.isInitialized) return Promise.resolve(dataSource);
  let pending = opening.get(dataSource);
  if (!pending) {
    pending = dataSource.initialize().finally(() => opening.delete(dataSource));
    opening.set(dataSource, pending);
  }
  return pending;
}
