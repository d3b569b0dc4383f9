import { Module } from '@nestjs/common';
import { AuthModule, MeController, siteAudience } from '@mtl/accounts';
import { SiteRegistryModule } from '@mtl/sites';
import { LmsAuthController } from './lms-auth.controller';
import { SiteAccounts } from './site-accounts.service';
import { SiteLocalStrategy } from './site-local.strategy';

/**
 * The LMS's authentication: tokens are issued for, and accepted on, one site only
 * (`site:<siteId>`), so a token of one organization's site is refused on another's.
 */
@Module({
  imports: [
    SiteRegistryModule,
    AuthModule.forApp({ audience: (context) => (context.siteId == null ? null : siteAudience(context.siteId)) }),
  ],
  controllers: [LmsAuthController, MeController],
  providers: [SiteAccounts, SiteLocalStrategy],
  exports: [SiteAccounts],
})
export class LmsAuthModule {}
