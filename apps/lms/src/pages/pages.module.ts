import { Module } from '@nestjs/common';
import { HTML_ERROR_PAGES } from '@mtl/http';
import { SiteRegistryModule } from '@mtl/sites';
import { LmsAuthModule } from '../auth/lms-auth.module';
import { CatalogModule, EnrollmentsModule } from '@mtl/courses';
import { AuthPagesController } from './auth-pages.controller';
import { CoursePagesController } from './course-pages.controller';
import { LmsErrorPages } from './lms-error-pages';
import { PageCsrfGuard, PageSessionGuard } from './page-guards';
import { PageRenderer } from './page-renderer.service';
import { PageSessions } from './page-sessions.service';
import { PagesHttpSetup } from './pages-http.setup';

/**
 * The learners' server-rendered pages, themed per site. A thin layer: handlers call the same
 * services as the JSON API's controllers and render the answer.
 */
@Module({
  imports: [SiteRegistryModule, LmsAuthModule, CatalogModule, EnrollmentsModule],
  controllers: [AuthPagesController, CoursePagesController],
  providers: [
    PagesHttpSetup,
    PageRenderer,
    PageSessions,
    PageSessionGuard,
    PageCsrfGuard,
    LmsErrorPages,
    { provide: HTML_ERROR_PAGES, useExisting: LmsErrorPages },
  ],
})
export class PagesModule {}
