import { Module } from '@nestjs/common';
import { AppCoreModule } from '@mtl/app-core';
import { HealthModule } from '@mtl/health';
import { SiteResolutionModule } from '@mtl/sites';
import { LmsAuthModule } from './auth/lms-auth.module';
import { LmsCatalogModule } from './catalog/catalog-http.module';
import { LmsEnrollmentsModule } from './enrollments/enrollments-http.module';
import { PagesModule } from './pages/pages.module';
import { SiteController } from './site/site.controller';

/** The learner-facing app: the Host header picks the site. */
@Module({
  imports: [
    AppCoreModule.forApp('lms'),
    HealthModule,
    SiteResolutionModule,
    LmsAuthModule,
    LmsCatalogModule,
    LmsEnrollmentsModule,
    PagesModule,
  ],
  controllers: [SiteController],
})
export class LmsModule {}
