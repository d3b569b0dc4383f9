import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganizationCourse } from './organization-course.entity';
import { OrganizationCoursesRepository } from './organization-courses.repository';
import { Organization } from './organization.entity';
import { OrganizationsRegistryModule } from './organizations-registry.module';
import { OrganizationsBulkService } from './organizations-bulk.service';
import { OrganizationsService } from './organizations.service';

/**
 * Organizations (the tenants' registry) and organization–course links. Needs TenancyModule
 * (global) for transactions and the tenant context, and AppConfigModule for
 * ORGANIZATIONS_AUTOCREATE. forFeature only registers the entities with the data source: no
 * TypeORM repository is injected, every query runs in the tenant transaction.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Organization, OrganizationCourse]), OrganizationsRegistryModule],
  providers: [OrganizationsService, OrganizationsBulkService, OrganizationCoursesRepository],
  exports: [OrganizationsService, OrganizationsBulkService, OrganizationsRegistryModule],
})
export class OrganizationsModule {}
