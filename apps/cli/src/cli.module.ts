import { Module } from '@nestjs/common';
import { AppConfigModule } from '@mtl/config';
import { AccountsModule } from '@mtl/accounts';
import { DatabaseModule } from '@mtl/database';
import { OrganizationsModule } from '@mtl/organizations';
import { TenancyModule } from '@mtl/tenancy';
import { ConfigShowCommand } from './commands/config-show.command';
import { KeysParseCommand } from './commands/keys-parse.command';
import { MigrateCommand } from './commands/migrate.command';
import { OrgsAddCommand } from './commands/orgs-add.command';
import { UsersCreateOperatorCommand } from './commands/users-create-operator.command';
import { UsersCreateCommand } from './commands/users-create.command';

/** `npm run cli -- <command>`: operators' commands. `--help` lists them. */
@Module({
  imports: [AppConfigModule.forRoot(), DatabaseModule.forCli(), TenancyModule, OrganizationsModule, AccountsModule],
  providers: [MigrateCommand, ConfigShowCommand, KeysParseCommand, OrgsAddCommand, UsersCreateOperatorCommand, UsersCreateCommand],
})
export class CliModule {}
