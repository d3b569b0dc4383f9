import { Module } from '@nestjs/common';
import { AppCoreModule } from '@mtl/app-core';
import { BackfillModule } from '@mtl/backfill';
import { OrganizationsModule } from '@mtl/organizations';
import { SiteRegistryModule } from '@mtl/sites';
import { BackfillProcessor } from './backfill/backfill.processor';
import { SystemProcessor } from './system/system.processor';

/** The only consumer of the queues: the HTTP apps and the CLI produce, the worker processes. */
@Module({
  // Jobs carry their site: the helpers read its configuration from the worker's own site cache.
  imports: [AppCoreModule.forApp('worker'), SiteRegistryModule, OrganizationsModule, BackfillModule],
  providers: [SystemProcessor, BackfillProcessor],
})
export class WorkerModule {}
