import { InjectDataSource } from '@nestjs/typeorm';
import { Command, CommandRunner } from 'nest-commander';
import { DataSource } from 'typeorm';
import { loadConfig } from '@mtl/config';
import { formatDemoReport } from '../demo/demo-report';
import { DemoSeeder } from '../demo/demo-seeder';
import { reportingFailure, withOpenDatabase } from './command-support';

/**
 * `seed:demo`: the demo data `npm start` runs after `migrate` (organizations MITx and HarvardX
 * with an admin, an author and a learner each, one operator), printed with their passwords and
 * a few curl lines. Idempotent: a second run finds everything and changes nothing. Refused when
 * NODE_ENV=production, since the passwords are public.
 */
@Command({
  name: 'seed:demo',
  description: 'Create the demo organizations and accounts if missing and print how to sign in (not in production)',
})
export class SeedDemoCommand extends CommandRunner {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly seeder: DemoSeeder,
  ) {
    super();
  }

  async run(): Promise<void> {
    await reportingFailure(() => this.seed());
  }

  private async seed(): Promise<void> {
    const config = loadConfig(process.env);
    if (config.runtime.NODE_ENV === 'production') {
      throw new Error('seed:demo refuses to run with NODE_ENV=production: the demo accounts have public passwords');
    }
    await withOpenDatabase(this.dataSource, async () => {
      const summary = await this.seeder.seed();
      process.stdout.write(
        formatDemoReport(summary, { studioPort: config.http.STUDIO_PORT, lmsPort: config.http.LMS_PORT }),
      );
    });
  }
}
