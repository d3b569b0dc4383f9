import { Injectable } from '@nestjs/common';
import { QueryFailedError, type EntityManager } from 'typeorm';
import { TenantContext, TenantTransactions } from '@mtl/tenancy';
import { Organization } from './organization.entity';
import { OrganizationsError } from './organizations.error';

/** Constraint names from migration CreateTenancyCore, mapped to domain errors. */
const SHORT_NAME_UNIQUE_INDEX = 'organizations_short_name_ci';
const SHORT_NAME_CHARS_CHECK = 'organizations_short_name_chars';
/** Rows per statement in bulk work: large enough to be fast, small enough for one parameter array. */
export const BULK_CHUNK = 5_000;

/** A row to insert into the registry. */
export interface NewOrganizationRow {
  shortName: string;
  name: string;
  description: string | null;
  logoUrl: string | null;
}

/** What bulk work needs to know of a stored organization. */
export interface OrganizationState {
  id: number;
  shortName: string;
  active: boolean;
}

export interface FindOptions {
  /** Also find an inactive organization (default: active ones only). */
  includeInactive?: boolean;
}

/**
 * The one owner of the `organizations` table (the global registry of tenants): every lookup by
 * short name (always case-insensitive), insert and bulk write of the platform goes through here.
 * Each call runs in the caller's transaction (TenantTransactions), or a new one; the registry
 * belongs to no tenant, so no scope is needed to read it. Writes need the audited
 * cross-organization path (the request role may not write global tables, docs/adr/0013): called
 * elsewhere they fail at once, before PostgreSQL would refuse them. Constraint violations become
 * OrganizationsError.
 */
@Injectable()
export class OrganizationsRepository {
  constructor(
    private readonly transactions: TenantTransactions,
    private readonly context: TenantContext,
  ) {}

  /** The organization with this short name, compared case-insensitively. */
  findByShortName(shortName: string, options: FindOptions = {}): Promise<Organization | null> {
    return this.transactions.run((manager) => {
      const query = manager
        .getRepository(Organization)
        .createQueryBuilder('o')
        .where('lower(o.shortName) = lower(:shortName)', { shortName });
      return (options.includeInactive ? query : query.andWhere('o.active')).getOne();
    });
  }

  findById(id: number, options: FindOptions = {}): Promise<Organization | null> {
    return this.transactions.run((manager) =>
      manager.getRepository(Organization).findOneBy(options.includeInactive ? { id } : { id, active: true }),
    );
  }

  /** The organization, locked for update until the transaction ends (active ones unless told). */
  lockById(id: number, options: FindOptions = {}): Promise<Organization | null> {
    return this.transactions.run((manager) =>
      manager.getRepository(Organization).findOne({
        where: options.includeInactive ? { id } : { id, active: true },
        lock: { mode: 'pessimistic_write' },
      }),
    );
  }

  existsById(id: number): Promise<boolean> {
    return this.transactions.run((manager) => manager.getRepository(Organization).existsBy({ id }));
  }

  /** Every organization, active or not, by id (the site cache). */
  listAll(): Promise<Organization[]> {
    return this.transactions.run((manager) => manager.getRepository(Organization).find({ order: { id: 'ASC' } }));
  }

  /** Every active organization, by id. */
  listActive(): Promise<Organization[]> {
    return this.transactions.run((manager) =>
      manager.getRepository(Organization).find({ where: { active: true }, order: { id: 'ASC' } }),
    );
  }

  /** One page of the active organizations, by id, and how many there are in all. */
  async listActivePage(offset: number, limit: number): Promise<{ count: number; organizations: Organization[] }> {
    const [organizations, count] = await this.transactions.run((manager) =>
      manager
        .getRepository(Organization)
        .findAndCount({ where: { active: true }, order: { id: 'ASC' }, skip: offset, take: limit }),
    );
    return { count, organizations };
  }

  /** Changes with every insert and update of the registry: how caches notice a change cheaply. */
  async signature(): Promise<string> {
    const [row] = await this.transactions.run((manager) =>
      manager.query<{ signature: string }[]>(
        `SELECT count(*) || ':' || coalesce(max(modified)::text, '') AS signature FROM organizations`,
      ),
    );
    return row.signature;
  }

  /**
   * The organization with this short name (case-insensitively, active or not) if there is one,
   * else a new active one from `row`. An insert that loses a race with a concurrent one of the
   * same short name does nothing (ON CONFLICT), and the next pass finds what the other stored.
   */
  insertIfAbsent(row: NewOrganizationRow): Promise<{ organization: Organization; created: boolean }> {
    return this.operatorWrite(async (manager) => {
      for (let attempt = 0; attempt < 3; attempt++) {
        const existing = await this.findByShortName(row.shortName, { includeInactive: true });
        if (existing) return { organization: existing, created: false };
        const inserted = await manager
          .query<{ id: number }[]>(
            `INSERT INTO organizations (short_name, name, description, logo_url, active) VALUES ($1, $2, $3, $4, true)
             ON CONFLICT DO NOTHING RETURNING id`,
            [row.shortName, row.name, row.description, row.logoUrl],
          )
          .catch(rethrowAsDomainError(row.shortName));
        if (inserted.length > 0)
          return {
            organization: await manager.getRepository(Organization).findOneByOrFail({ id: inserted[0].id }),
            created: true,
          };
      }
      throw new Error(`Could not create or find organization '${row.shortName}'`);
    });
  }

  /** Runs a write in the cross-organization transaction; anywhere else it is refused at once. */
  private operatorWrite<T>(fn: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!this.context.crossOrganizationManager)
      return Promise.reject(
        new Error('The organizations registry is written only inside CrossOrganizationAccess (docs/adr/0013)'),
      );
    return this.transactions.run(fn);
  }

  /** Sets the given columns of one organization; returns it as stored afterwards. */
  update(
    id: number,
    patch: Partial<Pick<Organization, 'shortName' | 'name' | 'description' | 'logoUrl' | 'active'>>,
  ): Promise<Organization> {
    return this.operatorWrite(async (manager) => {
      const organizations = manager.getRepository(Organization);
      if (Object.keys(patch).length > 0)
        await organizations.update({ id }, patch).catch(rethrowAsDomainError(patch.shortName ?? ''));
      return organizations.findOneByOrFail({ id });
    });
  }

  /** The stored organizations among these short names (compared lower-cased), keyed by lower-cased short name. */
  statesByShortNames(shortNames: readonly string[]): Promise<Map<string, OrganizationState>> {
    return this.transactions.run(async (manager) => {
      const states = new Map<string, OrganizationState>();
      for (const batch of chunks(shortNames.map((name) => name.toLowerCase()))) {
        const rows = await manager.query<{ id: number; short_name: string; active: boolean }[]>(
          `SELECT id, short_name, active FROM organizations WHERE lower(short_name) = ANY ($1::text[])`,
          [batch],
        );
        for (const row of rows)
          states.set(row.short_name.toLowerCase(), { id: row.id, shortName: row.short_name, active: row.active });
      }
      return states;
    });
  }

  /** Inserts the rows whose short name is free (set-based, in chunks); returns the short names it stored. */
  bulkInsert(rows: readonly NewOrganizationRow[], active: boolean): Promise<Set<string>> {
    return this.operatorWrite(async (manager) => {
      const inserted = new Set<string>();
      for (const batch of chunks(rows)) {
        const stored = await manager.query<{ short_name: string }[]>(
          `INSERT INTO organizations (short_name, name, description, logo_url, active)
           SELECT s, n, d, l, $5 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u(s, n, d, l)
           ON CONFLICT DO NOTHING RETURNING short_name`,
          [
            batch.map((r) => r.shortName),
            batch.map((r) => r.name),
            batch.map((r) => r.description),
            batch.map((r) => r.logoUrl),
            active,
          ],
        );
        for (const row of stored) inserted.add(row.short_name);
      }
      return inserted;
    });
  }

  /** Reactivates the inactive organizations among these ids; returns the short names it reactivated. */
  bulkReactivate(ids: readonly number[]): Promise<Set<string>> {
    return this.operatorWrite(async (manager) => {
      const reactivated = new Set<string>();
      for (const batch of chunks(ids)) {
        // TypeORM answers an UPDATE with [returned rows, affected count].
        const [rows]: [{ short_name: string }[], number] = await manager.query(
          `UPDATE organizations SET active = true, modified = now() WHERE id = ANY ($1::int[]) ` +
            `AND NOT active RETURNING short_name`,
          [batch],
        );
        for (const row of rows) reactivated.add(row.short_name);
      }
      return reactivated;
    });
  }
}

/** Maps the registry's constraint violations to domain errors; anything else is rethrown. */
function rethrowAsDomainError(shortName: string): (error: unknown) => never {
  return (error) => {
    if (error instanceof QueryFailedError) {
      const driver = error.driverError as { code?: string; constraint?: string };
      if (driver.code === '23505' && driver.constraint === SHORT_NAME_UNIQUE_INDEX)
        throw OrganizationsError.duplicateShortName(shortName);
      if (driver.code === '23514' && driver.constraint === SHORT_NAME_CHARS_CHECK) {
        throw OrganizationsError.invalidOrganization(
          'short_name',
          'may contain only letters A-Z and a-z, digits, ".", "_" and "-"',
        );
      }
    }
    throw error;
  };
}

export function* chunks<T>(items: readonly T[], size = BULK_CHUNK): Generator<T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}
