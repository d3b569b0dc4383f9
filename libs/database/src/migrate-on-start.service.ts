import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { databaseConfig, DatabaseSettings } from '@mtl/config';
import { runMigrationsLocked } from './migrations-runner';

/** Brings the schema up to date before anything else of the app touches the database. */
@Injectable()
export class MigrateOnStartService implements OnModuleInit {
  private readonly logger = new Logger('Migrations');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(databaseConfig.KEY) private readonly db: DatabaseSettings,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.db.DATABASE_MIGRATE_ON_START) return;
    const applied = await runMigrationsLocked(this.dataSource);
    if (applied.length > 0) this.logger.log(`Applied ${applied.length} migration(s): ${applied.join(', ')}`);
  }
}
