import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { databaseConfig, DatabaseSettings } from '@mtl/config';
import { dataSourceOptions } from './data-source-options';
import { MigrateOnStartService } from './migrate-on-start.service';

/** TypeORM on the shared PostgreSQL database; entities register themselves with forFeature. */
@Module({})
export class DatabaseModule {
  static forApp(applicationName: string): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [databaseConfig.KEY],
          useFactory: (db: DatabaseSettings) => ({
            ...dataSourceOptions(db, `mtl-${applicationName}`),
            autoLoadEntities: true,
            // Fail fast at start-up; orchestration (npm start, compose) restarts or reports.
            retryAttempts: 3,
            retryDelay: 1000,
          }),
        }),
      ],
      providers: [MigrateOnStartService],
    };
  }

  /**
   * For the CLI: the connection opens only when a command needs it (`openDatabase`), so that
   * commands such as `keys:parse` work with no database at all.
   */
  static forCli(): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [databaseConfig.KEY],
          useFactory: (db: DatabaseSettings) => ({
            ...dataSourceOptions(db, 'mtl-cli'),
            autoLoadEntities: true,
            manualInitialization: true,
          }),
        }),
      ],
    };
  }
}

/** Opens a lazily configured connection (see `DatabaseModule.forCli`). */
export async function openDatabase(dataSource: DataSource): Promise<DataSource> {
  if (!dataSource.isInitialized) await dataSource.initialize();
  return dataSource;
}
