import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Organization, OrganizationsRegistryModule } from '@mtl/organizations';
import { AccountsService } from './accounts.service';
import { MembershipsRepository } from './memberships.repository';
import { Operator } from './operator.entity';
import { OperatorsService } from './operators.service';
import { OrganizationDirectory } from './organization-directory';
import { OrganizationMembership } from './organization-membership.entity';
import { PasswordHasher } from './password-hasher';
import { User } from './user.entity';
import { UsersRepository } from './users.repository';

/** What the accounts capability provides, all of it to the apps too. */
const ACCOUNTS_PROVIDERS = [
  PasswordHasher,
  UsersRepository,
  MembershipsRepository,
  OrganizationDirectory,
  AccountsService,
  OperatorsService,
];

/**
 * Users mapped to organizations, operators and passwords: what the CLI and the apps share. The
 * HTTP authentication on top of it is `AuthModule`. Entities are registered for the data source
 * only; every read and write goes through the tenant transaction (never an injected repository).
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([User, OrganizationMembership, Operator, Organization]),
    OrganizationsRegistryModule,
  ],
  providers: ACCOUNTS_PROVIDERS,
  exports: ACCOUNTS_PROVIDERS,
})
export class AccountsModule {}
