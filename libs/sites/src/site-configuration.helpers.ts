import { Inject, Injectable } from '@nestjs/common';
import { platformConfig, PlatformSettings } from '@mtl/config';
import { TenantContext } from '@mtl/tenancy';
import * as rules from './site-configuration.rules';
import { CachedSite, SiteRegistry } from './site-registry';

/**
 * The Open edX site-configuration helpers for the current site: the request's (resolved from
 * Host) or the job's (carried in its payload). Outside both there is no site, as in Open edX
 * (celery, management commands), and every helper returns its default.
 */
@Injectable()
export class SiteConfigurationHelpers {
  constructor(
    private readonly registry: SiteRegistry,
    private readonly context: TenantContext,
    @Inject(platformConfig.KEY) private readonly platform: PlatformSettings,
  ) {}

  /** The current site, or undefined outside a request or job that has one. */
  currentSite(): CachedSite | undefined {
    const siteId = this.context.siteId;
    return siteId === undefined ? undefined : this.registry.get(siteId);
  }

  private config(): rules.SiteConfigurationValues | null {
    return this.currentSite()?.configuration ?? null;
  }

  isSiteConfigurationEnabled(): boolean {
    return rules.isSiteConfigurationEnabled(this.config());
  }

  getValue<T = unknown>(name: string, defaultValue: T | null = null): T | null {
    return rules.getValue(this.config(), name, defaultValue) as T | null;
  }

  getDict(name: string, defaultValue: Record<string, unknown> | null = null): Record<string, unknown> {
    return rules.getDict(this.config(), name, defaultValue);
  }

  hasOverrideValue(name: string): boolean {
    return rules.hasOverrideValue(this.config(), name);
  }

  getValueForOrg<T = unknown>(org: string, name: string, defaultValue: T | null = null): T | null {
    return rules.getValueForOrg(this.registry.configurations(), org, name, defaultValue) as T | null;
  }

  getCurrentSiteOrgs(): unknown {
    return rules.getCurrentSiteOrgs(this.config());
  }

  getAllOrgs(): Set<string> {
    return rules.getAllOrgs(this.registry.configurations());
  }

  getCurrentSiteConfigurationValues(defaultValue: Record<string, unknown> = {}): unknown {
    return rules.getCurrentSiteConfigurationValues(this.config(), defaultValue);
  }

  /** `crumbs | … | platform name`, the platform name from the site or PLATFORM_NAME. */
  pageTitleBreadcrumbs(...crumbs: (string | null | undefined)[]): string {
    return rules.pageTitleBreadcrumbs(this.config(), this.platform.PLATFORM_NAME, crumbs);
  }

  /** `platform_name` of the site, else the PLATFORM_NAME setting. */
  platformName(): string {
    return String(this.getValue('platform_name', this.platform.PLATFORM_NAME));
  }
}
