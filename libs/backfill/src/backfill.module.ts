import { Module } from '@nestjs/common';
import { OrganizationsRegistryModule } from '@mtl/organizations';
import { BackfillService } from './backfill.service';

/**
 * The organizations backfill (`backfill_orgs_and_org_courses`). Needs TenancyModule (global) for
 * the audited cross-organization transaction, and a data source that knows the organizations
 * entities (OrganizationsModule registers them).
 */
@Module({
  imports: [OrganizationsRegistryModule],
  providers: [BackfillService],
  exports: [BackfillService],
})
export class BackfillModule {}
