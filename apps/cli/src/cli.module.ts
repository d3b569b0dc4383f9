import { Module } from '@nestjs/common';
import { AppConfigModule } from '@mtl/config';
import { DatabaseModule } from '@mtl/database';
import { TenancyModule } from '@mtl/tenancy';
import { ConfigShowCommand } from './commands/config-show.command';
import { KeysParseCommand } from './commands/keys-parse.command';
import { MigrateCommand } from './commands/migrate.command';

/** `npm run cli -- <command>`: operators' commands. `--help` lists them. */
@Module({
  imports: [AppConfigModule.forRoot(), DatabaseModule.forCli(), TenancyModule],
  providers: [MigrateCommand, ConfigShowCommand, KeysParseCommand],
})
export class CliModule {}
