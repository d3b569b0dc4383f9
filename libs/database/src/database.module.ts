import { DynamicModule, Logger, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { databaseConfig, DatabaseSettings, runtimeConfig, RuntimeSettings } from '@mtl/config';
import { CROSS_ORGANIZATION_DATA_SOURCE, dataSourceOptions } from './data-source-options';
import { migrateAsOwner } from './migrations-runner';

/** What one process's pools are for: their name in pg_stat_activity, and when they open. */
interface DatabaseClient {
  /** `mtl-lms`, `mtl-studio`, `mtl-cli` … */
  readonly applicationName: string;
  /** Open at start-up (apps, after migrating when asked), or on first use (`openDatabase`: the CLI). */
  readonly opens: 'at-start' | 'on-first-use';
  /**
   * Statements wait at most DATABASE_QUERY_TIMEOUT_MS for their answer: in the processes that
   * answer requests. The worker's jobs and the CLI's commands stream COPY and run whole backfills.
   */
  readonly boundedStatements: boolean;
}

const DATABASE_CLIENT = Symbol('DatabaseClient');

let typeOrmRoots: DynamicModule[] | undefined;

/**
 * The two TypeOrmModule roots, built once per process and shared by every DatabaseModule in it.
 * @nestjs/typeorm registers data source names in a process-wide registry when a root is built,
 * and two roots under one name override each other; the app modules (LMS, Studio, CLI, a test's)
 * are all loaded in one process by the e2e tests, and each used to build its own roots, so
 * 'default' and 'crossOrganization' were registered twice. The name must stay the default one
 * (forFeature and @InjectRepository address it), so what differs between apps, the
 * DatabaseClient, is injected into the one root instead of being built into it.
 */
function sharedTypeOrmRoots(): DynamicModule[] {
  typeOrmRoots ??= [
    // The request and job pool, as mtl_app; entities register themselves with forFeature.
    TypeOrmModule.forRootAsync({
      inject: [databaseConfig.KEY, runtimeConfig.KEY, DATABASE_CLIENT],
      useFactory: async (db: DatabaseSettings, runtime: RuntimeSettings, client: DatabaseClient) => {
        const options = {
          ...dataSourceOptions(db, client.applicationName, 'app', { boundedStatements: client.boundedStatements }),
          autoLoadEntities: true,
        };
        if (client.opens === 'on-first-use') return { ...options, manualInitialization: true };
        if (db.DATABASE_MIGRATE_ON_START) {
          const applied = await migrateAsOwner(db, runtime.NODE_ENV, `${client.applicationName}-migrate`);
          if (applied.length > 0)
            new Logger('Migrations').log(`Applied ${applied.length} migration(s): ${applied.join(', ')}`);
        }
        // Fail fast at start-up; orchestration (npm start, compose) restarts or reports.
        return { ...options, retryAttempts: 3, retryDelay: 1000 };
      },
    }),
    // The cross-organization pool: its own login (mtl_cross_org), used only by
    // CrossOrganizationAccess, which opens it on first use. Same entities as the request pool.
    TypeOrmModule.forRootAsync({
      name: CROSS_ORGANIZATION_DATA_SOURCE,
      inject: [databaseConfig.KEY, DataSource, DATABASE_CLIENT],
      useFactory: (db: DatabaseSettings, app: DataSource, client: DatabaseClient) => ({
        ...dataSourceOptions(db, `${client.applicationName}-cross-org`, 'crossOrganization', {
          boundedStatements: client.boundedStatements,
        }),
        entities: app.options.entities,
        manualInitialization: true,
      }),
    }),
  ];
  return typeOrmRoots;
}

/**
 * TypeORM on the shared PostgreSQL database: the request and job pool (the default data source)
 * and the cross-organization pool. Migrations run as the owner on a connection of their own,
 * before either pool opens. Global, so that the shared roots see this app's DatabaseClient.
 */
@Module({})
export class DatabaseModule {
  /** `boundedStatements: false` for a process that answers no request (the worker). */
  static forApp(
    applicationName: string,
    { boundedStatements = true }: { boundedStatements?: boolean } = {},
  ): DynamicModule {
    return DatabaseModule.forClient({
      applicationName: `mtl-${applicationName}`,
      opens: 'at-start',
      boundedStatements,
    });
  }

  /**
   * For the CLI: the connection opens only when a command needs it (`openDatabase`), so that
   * commands such as `keys:parse` work with no database at all. `migrate` uses the owner's own.
   */
  static forCli(): DynamicModule {
    return DatabaseModule.forClient({ applicationName: 'mtl-cli', opens: 'on-first-use', boundedStatements: false });
  }

  private static forClient(client: DatabaseClient): DynamicModule {
    return {
      module: DatabaseModule,
      global: true,
      providers: [{ provide: DATABASE_CLIENT, useValue: client }],
      exports: [DATABASE_CLIENT],
      imports: sharedTypeOrmRoots(),
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
