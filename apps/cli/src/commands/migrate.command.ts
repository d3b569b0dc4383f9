import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { DataSource } from 'typeorm';
import { databaseConfig, DatabaseSettings, runtimeConfig, RuntimeSettings } from '@mtl/config';
import { dataSourceOptions, migrateAsOwner } from '@mtl/database';

interface MigrateOptions {
  status?: boolean;
}

/** Migrations run as the schema owner (DATABASE_URL), never through the runtime role's pool (docs/adr/0006). */
@Command({
  name: 'migrate',
  description: 'Apply pending migrations as the owner (under the advisory lock), or list them with --status',
})
export class MigrateCommand extends CommandRunner {
  constructor(
    @Inject(databaseConfig.KEY) private readonly db: DatabaseSettings,
    @Inject(runtimeConfig.KEY) private readonly runtime: RuntimeSettings,
  ) {
    super();
  }

  @Option({ flags: '--status', description: 'Only list applied and pending migrations' })
  parseStatus(): boolean {
    return true;
  }

  async run(_args: string[], options: MigrateOptions): Promise<void> {
    if (options.status) {
      const dataSource = await new DataSource(dataSourceOptions(this.db, 'mtl-cli-migrate', 'owner')).initialize();
      try {
        const applied = new Set<string>(
          (await dataSource.query<{ name: string }[]>(`SELECT name FROM schema_migrations`).catch(() => [])).map(
            (r) => r.name,
          ),
        );
        for (const migration of dataSource.migrations) {
          process.stdout.write(`${applied.has(migration.name ?? '') ? 'applied' : 'pending'}  ${migration.name}\n`);
        }
      } finally {
        await dataSource.destroy();
      }
      return;
    }
    const names = await migrateAsOwner(this.db, this.runtime.NODE_ENV, 'mtl-cli-migrate');
    process.stdout.write(
      names.length
        ? `Applied ${names.length} migration(s):\n${names.map((n) => `  ${n}\n`).join('')}`
        : 'Schema is up to date.\n',
    );
  }
}
