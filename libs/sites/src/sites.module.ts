import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganizationsRegistryModule } from '@mtl/organizations';
import { SiteChangePublisher } from './site-change.channel';
import { SiteConfigurationHelpers } from './site-configuration.helpers';
import { SiteConfiguration } from './site-configuration.entity';
import { SiteRegistry } from './site-registry';
import { SiteResolutionHook } from './site-resolution.hook';
import { Site } from './site.entity';
import { SitesService } from './sites.service';

/** Creating and configuring sites (Studio's admin API, the CLI). No cache, no resolution. */
@Module({
  imports: [TypeOrmModule.forFeature([Site, SiteConfiguration]), OrganizationsRegistryModule],
  providers: [SitesService, SiteChangePublisher],
  exports: [SitesService],
})
export class SitesModule {}

/**
 * The site cache and the configuration helpers, for processes that serve sites (the LMS) or run
 * jobs that carry one (the worker). Loads every site at start-up and follows changes.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Site, SiteConfiguration]), OrganizationsRegistryModule],
  providers: [SiteRegistry, SiteConfigurationHelpers],
  exports: [SiteRegistry, SiteConfigurationHelpers],
})
export class SiteRegistryModule {}

/** For the LMS: every request is resolved to its site from the Host header. */
@Module({
  imports: [SiteRegistryModule],
  providers: [SiteResolutionHook],
  exports: [SiteRegistryModule],
})
export class SiteResolutionModule {}
