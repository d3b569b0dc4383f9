import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type Redis from 'ioredis';
import { platformConfig, PlatformSettings } from '@mtl/config';
import { OrganizationsRepository } from '@mtl/organizations';
import { RedisConnectionFactory } from '@mtl/queue';
import { ReadOnlyScope, readOnlyScope, TenantContext, TenantTransactions } from '@mtl/tenancy';
import { SiteChange, siteChannelName } from './site-change.channel';
import { getAllOrgs, getCurrentSiteOrgs, SiteConfigurationValues } from './site-configuration.rules';
import { hostOf } from './site-host.util';

/** How many distinct Host header values `resolve` remembers. */
const MAX_REMEMBERED_HOST_HEADERS = 1000;
/** How soon a failed version check is tried again. */
const RETRY_AFTER_FAILURE_MS = 1000;

export interface CachedOrganization {
  readonly id: number;
  readonly shortName: string;
  readonly name: string;
  readonly logoUrl: string | null;
  readonly active: boolean;
}

/** A site as requests see it, with the organizations it may read precomputed. */
export interface CachedSite {
  /** Null for the main site when it has no row of its own. */
  readonly id: number | null;
  readonly domain: string;
  readonly name: string;
  readonly organization: CachedOrganization | null;
  readonly configuration: SiteConfigurationValues | null;
  readonly version: number;
  /** The organizations whose data the site shows: its course_org_filter, its own, or (main site) the unclaimed. */
  readonly readableOrganizationIds: readonly number[];
  /** The same organizations as the read-only scope a request on this site starts with, built once. */
  readonly readScope: ReadOnlyScope;
}

/** A cached site with its read scope derived from the organizations it may read. */
function withReadScope(
  site: Omit<CachedSite, 'readableOrganizationIds' | 'readScope'>,
  readable: number[],
): CachedSite {
  const readScope = readOnlyScope(readable);
  return { ...site, readableOrganizationIds: readScope.readable, readScope };
}

interface SiteRow {
  id: number;
  domain: string;
  name: string;
  organization_id: number | null;
  version: string;
  enabled: boolean | null;
  site_values: unknown;
}

/**
 * In-process cache of every site, its configuration and the organization registry, so that
 * resolving a request's site makes no database query. Kept fresh by change messages on Redis
 * (applied when their version is newer than the cached one) and by a periodic version check, so a
 * lost message or a Redis restart leaves an instance stale for seconds at most; with Redis down,
 * requests are still served from the cache.
 */
@Injectable()
export class SiteRegistry implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('SiteRegistry');
  private rows = new Map<number, SiteRow>();
  private organizations: CachedOrganization[] = [];
  private organizationsSignature = '';
  private byDomain = new Map<string, CachedSite>();
  private byId = new Map<number, CachedSite>();
  private main!: CachedSite;
  /**
   * `resolve`'s answers by raw header value, emptied whenever the maps are rebuilt; bounded, as
   * clients choose the header (a full memo is simply started again).
   */
  private byHeader = new Map<string, CachedSite>();
  private subscriber?: Redis;
  private timer?: NodeJS.Timeout;
  private retry?: NodeJS.Timeout;
  private failedChecks = 0;
  private destroyed = false;
  private refreshing: Promise<void> = Promise.resolve();

  constructor(
    private readonly transactions: TenantTransactions,
    private readonly context: TenantContext,
    private readonly redis: RedisConnectionFactory,
    private readonly registry: OrganizationsRepository,
    @Inject(platformConfig.KEY) private readonly platform: PlatformSettings,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.reconcile();
    this.subscriber = this.redis.create('subscriber');
    this.subscriber.on('message', (_channel: string, message: string) => void this.onMessage(message));
    // After a reconnect, messages sent meanwhile are lost: compare versions at once.
    this.subscriber.on('ready', () => void this.reconcile());
    this.subscriber.subscribe(siteChannelName(this.redis.keyPrefix)).catch((error: unknown) => {
      this.logger.warn(
        { err: error },
        'not subscribed to site changes yet; relying on version checks until Redis answers',
      );
    });
    this.timer = setInterval(() => void this.reconcile(), this.platform.SITE_RECONCILE_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    this.destroyed = true;
    if (this.timer) clearInterval(this.timer);
    if (this.retry) clearTimeout(this.retry);
    this.subscriber?.disconnect();
  }

  /** The site of a Host header value: matched case-insensitively, port ignored, else the main site. */
  resolve(host: string | string[] | undefined): CachedSite {
    if (typeof host !== 'string') return this.byDomain.get(hostOf(host)) ?? this.main;
    let site = this.byHeader.get(host);
    if (site === undefined) {
      site = this.byDomain.get(hostOf(host)) ?? this.main;
      if (this.byHeader.size >= MAX_REMEMBERED_HOST_HEADERS) this.byHeader = new Map();
      this.byHeader.set(host, site);
    }
    return site;
  }

  byDomainName(domain: string): CachedSite | undefined {
    return this.byDomain.get(domain.toLowerCase());
  }

  get(siteId: number | null | undefined): CachedSite | undefined {
    return siteId == null ? this.main : this.byId.get(siteId);
  }

  get mainSite(): CachedSite {
    return this.main;
  }

  /** Every configuration, in database order (what getAllOrgs and getValueForOrg read). */
  configurations(): SiteConfigurationValues[] {
    return [...this.rows.values()].map(configurationOf).filter((c): c is SiteConfigurationValues => c !== null);
  }

  organizationByShortName(shortName: string): CachedOrganization | undefined {
    const wanted = shortName.toLowerCase();
    return this.organizations.find((o) => o.shortName.toLowerCase() === wanted);
  }

  /** Compares the cache with the database and reloads what changed. Serialized. */
  reconcile(): Promise<void> {
    this.refreshing = this.refreshing
      .then(() => this.reconcileNow())
      .then(() => {
        this.failedChecks = 0;
      })
      .catch((error: unknown) => {
        this.logger.warn({ err: error }, 'site cache could not be refreshed; serving what it has, retrying');
        this.retrySoon();
      });
    return this.refreshing;
  }

  /**
   * A failed check (the database unreachable, its connection killed) is tried again after a
   * second (then two, four…) rather than at the next periodic check: the one made on reconnecting to Redis may be
   * the only news an instance gets of what changed while it was cut off (docs/adr/0012).
   */
  private retrySoon(): void {
    if (this.retry || this.destroyed) return;
    // Doubling while the database stays away, never later than the periodic check.
    const delay = Math.min(RETRY_AFTER_FAILURE_MS * 2 ** this.failedChecks++, this.platform.SITE_RECONCILE_INTERVAL_MS);
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.reconcile();
    }, delay);
    this.retry.unref();
  }

  private async onMessage(message: string): Promise<void> {
    let change: SiteChange;
    try {
      change = JSON.parse(message) as SiteChange;
    } catch {
      return;
    }
    if ('organizations' in change) return this.reconcile();
    const cached = this.rows.get(change.siteId);
    if (cached && Number(cached.version) >= change.version) return;
    // The message names the site: fetch that one row (one query), in turn with other refreshes.
    this.refreshing = this.refreshing
      .then(() => this.reloadSite(change.siteId, change.version))
      .catch((error: unknown) => {
        this.logger.warn({ err: error }, 'site change could not be applied; checking versions again shortly');
        this.retrySoon();
      });
    return this.refreshing;
  }

  private async reloadSite(siteId: number, version: number): Promise<void> {
    if (Number(this.rows.get(siteId)?.version ?? 0) >= version) return;
    const [row] = await this.query((q) =>
      q<SiteRow[]>(
        `SELECT s.id, s.domain, s.name, s.organization_id, s.version::text AS version, c.enabled, c.site_values
         FROM sites s LEFT JOIN site_configurations c ON c.site_id = s.id WHERE s.id = $1`,
        [siteId],
      ),
    );
    if (!row) return this.reconcileNow();
    this.rows.set(row.id, row);
    // A new site's organization may be new to this instance too.
    if (row.organization_id !== null && !this.organizations.some((o) => o.id === row.organization_id))
      return this.reconcileNow();
    this.rows = new Map([...this.rows.entries()].sort(([a], [b]) => a - b));
    this.rebuild();
  }

  private async reconcileNow(): Promise<void> {
    const [versions, signature] = await this.query<[{ id: number; version: string }[], string]>(async (q) => [
      await q(`SELECT id, version FROM sites ORDER BY id`),
      await this.registry.signature(),
    ]);
    const stale = versions.filter((v) => this.rows.get(v.id)?.version !== v.version).map((v) => v.id);
    const gone = [...this.rows.keys()].filter((id) => !versions.some((v) => v.id === id));
    const organizationsChanged = signature !== this.organizationsSignature;
    if (stale.length === 0 && gone.length === 0 && organizationsChanged === false && this.main) return;

    const [rows, organizations] = await this.query<[SiteRow[], CachedOrganization[]]>(async (q) => [
      stale.length
        ? await q(
            `SELECT s.id, s.domain, s.name, s.organization_id, s.version::text AS version, c.enabled, c.site_values
             FROM sites s LEFT JOIN site_configurations c ON c.site_id = s.id WHERE s.id = ANY ($1) ORDER BY s.id`,
            [stale],
          )
        : [],
      organizationsChanged ? (await this.registry.listAll()).map(cachedOrganization) : this.organizations,
    ]);
    for (const id of gone) this.rows.delete(id);
    for (const row of rows) this.rows.set(row.id, row);
    this.rows = new Map([...this.rows.entries()].sort(([a], [b]) => a - b));
    this.organizations = organizations;
    this.organizationsSignature = signature;
    this.rebuild();
  }

  /** Recomputes every site's readable organizations; swaps the maps in one step. */
  private rebuild(): void {
    const claimed = new Set([...getAllOrgs(this.configurations())].map((org) => org.toLowerCase()));
    const active = this.organizations.filter((o) => o.active);
    const byDomain = new Map<string, CachedSite>();
    const byId = new Map<number, CachedSite>();
    for (const row of this.rows.values()) {
      const site = this.toCachedSite(row, active, claimed);
      byDomain.set(site.domain, site);
      byId.set(row.id, site);
    }
    const mainDomain = this.platform.DEFAULT_SITE_DOMAIN.toLowerCase();
    this.main =
      byDomain.get(mainDomain) ??
      withReadScope(
        { id: null, domain: mainDomain, name: mainDomain, organization: null, configuration: null, version: 0 },
        active.filter((o) => !claimed.has(o.shortName.toLowerCase())).map((o) => o.id),
      );
    this.byDomain = byDomain;
    this.byId = byId;
    this.byHeader = new Map();
  }

  private toCachedSite(row: SiteRow, active: CachedOrganization[], claimed: Set<string>): CachedSite {
    const configuration = configurationOf(row);
    const organization = this.organizations.find((o) => o.id === row.organization_id) ?? null;
    const filter = getCurrentSiteOrgs(configuration);
    let readable: number[];
    if (Array.isArray(filter) && filter.length > 0) {
      // Organizations are matched case-insensitively (B-CATALOG-3).
      const wanted = new Set(filter.filter((f): f is string => typeof f === 'string').map((f) => f.toLowerCase()));
      readable = active.filter((o) => wanted.has(o.shortName.toLowerCase())).map((o) => o.id);
    } else if (organization) {
      // A tenant site without a usable filter still shows only its own organization, never all.
      readable = organization.active ? [organization.id] : [];
    } else {
      // The main site shows the organizations that no enabled site claims (B-CATALOG-2).
      readable = active.filter((o) => !claimed.has(o.shortName.toLowerCase())).map((o) => o.id);
    }
    const site = { id: row.id, domain: row.domain, name: row.name, organization, configuration };
    return withReadScope({ ...site, version: Number(row.version) }, readable);
  }

  /** Runs read-only queries on the global tables in a context of their own (no tenant). */
  private query<T>(fn: (q: <R>(sql: string, params?: unknown[]) => Promise<R>) => Promise<T>): Promise<T> {
    return this.context.runInNewContext(() =>
      this.transactions.run((manager) => fn(<R>(sql: string, params?: unknown[]) => manager.query<R>(sql, params))),
    );
  }
}

function cachedOrganization(o: CachedOrganization): CachedOrganization {
  return { id: o.id, shortName: o.shortName, name: o.name, logoUrl: o.logoUrl, active: o.active };
}

function configurationOf(row: SiteRow): SiteConfigurationValues | null {
  return row.enabled === null ? null : { enabled: row.enabled, values: row.site_values ?? {} };
}
