import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Organization } from './organization.entity';
import { OrganizationsRepository } from './organizations.repository';
import { StagedOrganizationWrites } from './staged-organization-writes';

/**
 * The registry's one repository, for every capability that looks organizations up or writes
 * them (accounts, sites, the backfill, the CLI): they import this, not the organizations table.
 * Needs TenancyModule (global) for transactions.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Organization])],
  providers: [OrganizationsRepository, StagedOrganizationWrites],
  exports: [OrganizationsRepository, StagedOrganizationWrites],
})
export class OrganizationsRegistryModule {}
