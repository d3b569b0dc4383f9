import { Module } from '@nestjs/common';
import { AppCoreModule } from '@mtl/app-core';
import { HealthModule } from '@mtl/health';
import { AdminAuditModule } from './admin-audit/admin-audit.module';
import { AdminBackfillModule } from './admin-backfill/admin-backfill.module';
import { AdminSitesModule } from './admin-sites/admin-sites.module';
import { StudioAuthModule } from './auth/studio-auth.module';
import { CoursesModule } from './courses/courses.module';
import { LibrariesModule } from './libraries/libraries.module';
import { MembersModule } from './members/members.module';
import { OrganizationsApiModule } from './organizations-api/organizations-api.module';

/** The authoring and operations app: authors work inside their organization, operators run the platform. */
@Module({
  imports: [
    AppCoreModule.forApp('studio'),
    HealthModule,
    StudioAuthModule,
    MembersModule,
    AdminSitesModule,
    OrganizationsApiModule,
    AdminBackfillModule,
    CoursesModule,
    LibrariesModule,
    AdminAuditModule,
  ],
})
export class StudioModule {}
