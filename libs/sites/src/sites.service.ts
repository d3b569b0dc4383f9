import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Organization, OrganizationsRepository } from '@mtl/organizations';
import { AuditTrail, CrossOrganizationAccess, TenantContext, TenantTransactions } from '@mtl/tenancy';
import { SiteChangePublisher } from './site-change.channel';
import { SiteConfiguration } from './site-configuration.entity';
import { isValidDomain, normalizeDomain } from './site-host.util';
import { Site } from './site.entity';
import { SitesErrorCode, SitesError } from './sites.error';

/** A site with its organization and configuration, as the admin API and the CLI show it. */
export interface SiteView {
  id: number;
  domain: string;
  name: string;
  organization: string | null;
  configuration: { enabled: boolean; site_values: Record<string, unknown> };
  version: number;
}

export interface ConfigureSite {
  /** New values: replace site_values (`merge: false`, the API's PUT) or shallow-merge into them (the CLI). */
  values?: Record<string, unknown>;
  merge: boolean;
  /** Unchanged when undefined. */
  enabled?: boolean;
}

/**
 * Creates and configures sites (operators only: the admin API and the CLI). Every change bumps
 * the site's version and, once committed, is announced to every instance's cache. Sites and their
 * configuration are global tables, written only on the audited cross-organization path (the
 * request role may read them, not write them: docs/adr/0013), with the change's own audit row.
 */
@Injectable()
export class SitesService {
  constructor(
    private readonly transactions: TenantTransactions,
    private readonly changes: SiteChangePublisher,
    private readonly organizations: OrganizationsRepository,
    private readonly crossOrganization: CrossOrganizationAccess,
    private readonly auditTrail: AuditTrail,
    private readonly context: TenantContext,
  ) {}

  /**
   * A tenant site for an organization (or the main site with none). Its configuration starts
   * enabled with `course_org_filter` set to the organization's short name (as Tahoe's bootstrap).
   */
  async create(input: { domain: string; organization: string | null; name?: string }): Promise<SiteView> {
    const domain = normalizeDomain(input.domain);
    if (!isValidDomain(domain))
      throw new SitesError(SitesErrorCode.INVALID_DOMAIN, 'domain', 'must be a host name such as mitx.example.com');
    const view = await this.asOperator(`sites: create ${domain}`, async (m) => {
      const organization = input.organization === null ? null : await this.activeOrganization(input.organization);
      if (await m.getRepository(Site).exists({ where: { domain } })) {
        throw new SitesError(SitesErrorCode.DUPLICATE_DOMAIN, 'domain', `${domain} already has a site`);
      }
      const site = await m
        .getRepository(Site)
        .save(
          m
            .getRepository(Site)
            .create({ domain, name: (input.name ?? domain).slice(0, 255), organizationId: organization?.id ?? null }),
        );
      const values = organization ? { course_org_filter: organization.shortName } : {};
      await m
        .getRepository(SiteConfiguration)
        .insert({ siteId: site.id, enabled: organization !== null, siteValues: values });
      const created = await this.view(m, site.id);
      await this.auditTrail.record({
        action: 'site.create',
        organizationShortName: created.organization,
        target: created.domain,
      });
      return created;
    });
    await this.transactions.afterCommit(() => this.changes.publish({ siteId: view.id, version: view.version }));
    return view;
  }

  /** Replaces or merges a site's values and sets `enabled`; creates the configuration if missing. */
  async configure(domain: string, change: ConfigureSite): Promise<SiteView> {
    const view = await this.asOperator(`sites: configure ${normalizeDomain(domain)}`, async (m) => {
      const site = await this.site(m, domain);
      const repository = m.getRepository(SiteConfiguration);
      // Lock the row: two concurrent merges must not lose each other's keys.
      const current = await repository.findOne({ where: { siteId: site.id }, lock: { mode: 'pessimistic_write' } });
      const values = change.merge
        ? { ...(current?.siteValues ?? {}), ...(change.values ?? {}) }
        : (change.values ?? current?.siteValues ?? {});
      const enabled = change.enabled ?? current?.enabled ?? false;
      await repository.save({ siteId: site.id, siteValues: values, enabled });
      await m.query(`UPDATE sites SET version = version + 1, modified = now() WHERE id = $1`, [site.id]);
      const configured = await this.view(m, site.id);
      await this.auditTrail.record({
        action: 'site.configure',
        organizationShortName: configured.organization,
        target: configured.domain,
        detail: `enabled=${String(configured.configuration.enabled)}`,
      });
      return configured;
    });
    await this.transactions.afterCommit(() => this.changes.publish({ siteId: view.id, version: view.version }));
    return view;
  }

  list(): Promise<SiteView[]> {
    // One query: a transaction is one connection, and pg runs one statement at a time on it.
    return this.transactions.run((m) => this.views(m));
  }

  get(domain: string): Promise<SiteView> {
    return this.transactions.run(async (m) => this.view(m, (await this.site(m, domain)).id));
  }

  /** Runs a write of the global site tables on the audited cross-organization path. */
  private asOperator<T>(reason: string, fn: (m: EntityManager) => Promise<T>): Promise<T> {
    const principal = this.context.principal;
    const actor = principal ? `${principal.role}:${principal.userId}` : 'system';
    return this.crossOrganization.acrossOrganizations({ actor, reason }, fn);
  }

  private async site(m: EntityManager, domain: string): Promise<Site> {
    const site = await m.getRepository(Site).findOneBy({ domain: normalizeDomain(domain) });
    if (!site) throw new SitesError(SitesErrorCode.SITE_NOT_FOUND, 'domain', `no site has the domain ${domain}`);
    return site;
  }

  private async activeOrganization(shortName: string): Promise<Organization> {
    const organization = await this.organizations.findByShortName(shortName);
    if (!organization)
      throw new SitesError(
        SitesErrorCode.UNKNOWN_ORGANIZATION,
        'organization',
        `no active organization has the short name ${shortName}`,
      );
    return organization;
  }

  private async view(m: EntityManager, siteId: number): Promise<SiteView> {
    const [view] = await this.views(m, siteId);
    return view;
  }

  /** The site `siteId`, or every site by id. */
  private async views(m: EntityManager, siteId?: number): Promise<SiteView[]> {
    const rows = await m.query<
      {
        id: number;
        domain: string;
        name: string;
        organization: string | null;
        enabled: boolean | null;
        site_values: Record<string, unknown> | null;
        version: string;
      }[]
    >(
      `SELECT s.id, s.domain, s.name, o.short_name AS organization, c.enabled, c.site_values, s.version::text AS version
       FROM sites s LEFT JOIN organizations o ON o.id = s.organization_id LEFT JOIN site_configurations c ON c.site_id
         = s.id
       WHERE $1::int IS NULL OR s.id = $1
       ORDER BY s.id`,
      [siteId ?? null],
    );
    return rows.map((row) => ({
      id: row.id,
      domain: row.domain,
      name: row.name,
      organization: row.organization,
      configuration: { enabled: row.enabled ?? false, site_values: row.site_values ?? {} },
      version: Number(row.version),
    }));
  }
}
