import { InjectDataSource } from '@nestjs/typeorm';
import { Command, CommandRunner, Option } from 'nest-commander';
import { DataSource } from 'typeorm';
import { openDatabase, runMigrationsLocked } from '@mtl/database';

interface MigrateOptions {
  status?: boolean;
}

@Command({ name: 'migrate', description: 'Apply pending migrations (under the advisory lock), or list them with --status' })
export class MigrateCommand extends CommandRunner {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super();
  }

  @Option({ flags: '--status', description: 'Only list applied and pending migrations' })
  parseStatus(): boolean {
    return true;
  }

  async run(_args: string[], options: MigrateOptions): Promise<void> {
    const dataSource = await openDatabase(this.dataSource);
    try {
      if (options.status) {
        const applied = new Set<string>(
          (await dataSource.query<{ name: string }[]>(`SELECT name FROM schema_migrations`).catch(() => [])).map((r) => r.name),
        );
        for (const migration of dataSource.migrations) {
          process.stdout.write(`${applied.has(migration.name ?? '') ? 'applied' : 'pending'}  ${migration.name}\n`);
        }
        return;
      }
      const names = await runMigrationsLocked(dataSource);
      process.stdout.write(names.length ? `Applied ${names.length} migration(s):\n${names.map((n) => `  ${n}\n`).join('')}` : 'Schema is up to date.\n');
    } finally {
      await dataSource.destroy();
    }
  }
}
