import { Module } from '@nestjs/common';
import { AppConfigModule } from '@mtl/config';
import { AccountsModule } from '@mtl/accounts';
import { BackfillModule } from '@mtl/backfill';
import { CourseAuthoringModule, EnrollmentsDataModule } from '@mtl/courses';
import { DatabaseModule } from '@mtl/database';
import { OrganizationsModule } from '@mtl/organizations';
import { RedisModule } from '@mtl/queue';
import { SitesModule } from '@mtl/sites';
import { TenancyModule } from '@mtl/tenancy';
import { ConfigShowCommand } from './commands/config-show.command';
import { KeysParseCommand } from './commands/keys-parse.command';
import { MigrateCommand } from './commands/migrate.command';
import { OrgsAddCommand } from './commands/orgs-add.command';
import { OrgsBackfillCommand } from './commands/orgs-backfill.command';
import { SeedDemoCommand } from './commands/seed-demo.command';
import { SitesConfigureCommand } from './commands/sites-configure.command';
import { SitesCreateCommand } from './commands/sites-create.command';
import { UsersCreateOperatorCommand } from './commands/users-create-operator.command';
import { UsersCreateCommand } from './commands/users-create.command';
import { DemoSeeder } from './demo/demo-seeder';

/** `npm run cli -- <command>`: operators' commands. `--help` lists them. */
@Module({
  imports: [
    AppConfigModule.forRoot(),
    DatabaseModule.forCli(),
    RedisModule,
    TenancyModule,
    OrganizationsModule,
    AccountsModule,
    SitesModule,
    BackfillModule,
    CourseAuthoringModule,
    EnrollmentsDataModule,
  ],
  providers: [
    MigrateCommand,
    ConfigShowCommand,
    KeysParseCommand,
    OrgsAddCommand,
    OrgsBackfillCommand,
    UsersCreateOperatorCommand,
    UsersCreateCommand,
    SeedDemoCommand,
    DemoSeeder,
    SitesCreateCommand,
    SitesConfigureCommand,
  ],
})
export class CliModule {}
