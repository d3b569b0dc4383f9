import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Client, Notification } from 'pg';
import { databaseConfig, DatabaseSettings, platformConfig, PlatformSettings } from '@mtl/config';
import type { CatalogPage } from './catalog.service';

/** The channel the course_runs triggers notify (migration CreateEnrollmentsAndCatalogIndexes). */
export const COURSE_RUNS_CHANNEL = 'mtl_course_runs_changed';
const MAX_ENTRIES = 5000;
const RECONNECT_MS = 1000;

interface Entry {
  readonly organizations: readonly number[];
  readonly expires: number;
  readonly page: CatalogPage;
}

/**
 * Catalog pages kept in memory per instance, so that a site's busy first pages cost no database
 * round trip. An entry is keyed by the exact set of organizations the request may read (the
 * site's scope) plus order and page, so it can only ever be served to a request with that very
 * scope. Freshness: PostgreSQL announces every change to course_runs at commit (a trigger's
 * NOTIFY, whoever wrote: Studio, the CLI, a job), and the pages of that organization are dropped at
 * once; entries also expire after CATALOG_CACHE_TTL_MS (courses end as time passes). While the
 * listening connection is down nothing is cached, so a lost notification cannot leave a page stale.
 */
@Injectable()
export class CatalogCache implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('CatalogCache');
  private readonly entries = new Map<string, Entry>();
  private listener?: Client;
  private listening = false;
  private stopped = false;
  /** Grows with every invalidation: a page read before one is not stored after it. */
  private generation = 0;

  constructor(
    @Inject(platformConfig.KEY) private readonly platform: PlatformSettings,
    @Inject(databaseConfig.KEY) private readonly database: DatabaseSettings,
  ) {}

  get enabled(): boolean {
    return this.platform.CATALOG_CACHE_TTL_MS > 0;
  }

  async onModuleInit(): Promise<void> {
    if (this.enabled) await this.listen();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.listening = false;
    await this.listener?.end().catch(() => undefined);
  }

  /** The key of a page for this scope; null when nothing may be cached now. */
  keyFor(readable: readonly number[], ...parts: (string | number)[]): string | null {
    if (!this.listening) return null;
    return [[...readable].sort((a, b) => a - b).join(','), ...parts].join('|');
  }

  /** Where reads start: pass it back to `set`, which refuses to store across an invalidation. */
  get currentGeneration(): number {
    return this.generation;
  }

  get(key: string): CatalogPage | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    // Least recently used goes first when full: re-insert to mark it used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.page;
  }

  set(key: string, organizations: readonly number[], page: CatalogPage, readAtGeneration: number): void {
    if (!this.listening || readAtGeneration !== this.generation) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, {
      organizations: [...organizations],
      expires: Date.now() + this.platform.CATALOG_CACHE_TTL_MS,
      page,
    });
  }

  /** Drops every page that shows this organization (`'*'`: every page). */
  invalidate(organization: number | '*'): void {
    this.generation++;
    if (organization === '*') return this.entries.clear();
    for (const [key, entry] of this.entries) if (entry.organizations.includes(organization)) this.entries.delete(key);
  }

  private async listen(): Promise<void> {
    // As the request role: LISTEN needs no more, and no platform connection logs in as the owner (docs/adr/0006).
    const client = new Client({
      connectionString: this.database.DATABASE_APP_URL,
      application_name: 'mtl-catalog-cache',
    });
    const lost = (error?: unknown) => {
      if (this.listener !== client) return;
      this.listener = undefined;
      this.listening = false;
      this.invalidate('*');
      if (this.stopped) return;
      this.logger.warn({ err: error }, 'catalog change notifications lost: caching is off until they are back');
      setTimeout(() => void this.listen(), RECONNECT_MS).unref();
    };
    this.listener = client;
    client.on('error', lost);
    client.on('end', () => lost());
    client.on('notification', (message: Notification) => {
      const id = Number(message.payload);
      this.invalidate(message.payload === '*' || !Number.isInteger(id) ? '*' : id);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${COURSE_RUNS_CHANNEL}`);
      this.invalidate('*');
      this.listening = true;
    } catch (error) {
      await client.end().catch(() => undefined);
      lost(error);
    }
  }
}
