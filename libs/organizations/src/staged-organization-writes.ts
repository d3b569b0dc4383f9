import { Injectable } from '@nestjs/common';
import { TenantContext } from '@mtl/tenancy';

/** A connection inside an open cross-organization transaction, which holds the staging tables. */
export interface StagingConnection {
  query<R extends object = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
  ): Promise<{ rows: R[]; rowCount: number | null }>;
}

/**
 * The staging tables a caller fills (temporary tables of its transaction) before asking for the
 * writes: `organizations` has `(org text, short_name text)`, `org` the lower-cased short name;
 * `links` has `(organization_id integer, course_id text, stored_active boolean)`, `stored_active`
 * the state of the stored link (null: none).
 */
export interface StagingTables {
  organizations?: string;
  links?: string;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The organizations lib's set-based writes over staged rows (the backfill's millions of keys,
 * B-ORGAPI-5 and B-ORGAPI-10 semantics): one statement each, whatever the number of rows. They
 * write the global registry and every organization's links, so they run only on the audited
 * cross-organization path, on the connection it opened (a COPY-filled temporary table lives there).
 */
@Injectable()
export class StagedOrganizationWrites {
  constructor(private readonly context: TenantContext) {}

  /** Creates the staged organizations no short name holds yet (name = short name); returns the short names created. */
  async insertOrganizations(client: StagingConnection, staging: StagingTables, active: boolean): Promise<string[]> {
    const table = this.table(staging.organizations, 'organizations');
    const inserted = await client.query<{ short_name: string }>(
      `INSERT INTO organizations (short_name, name, description, logo_url, active)
       SELECT b.short_name, b.short_name, '', NULL, $1
         FROM ${table} b
        WHERE NOT EXISTS (SELECT 1 FROM organizations o WHERE lower(o.short_name) = b.org)
       ON CONFLICT DO NOTHING RETURNING short_name`,
      [active],
    );
    return inserted.rows.map((row) => row.short_name);
  }

  /** Reactivates the inactive organizations among the staged ones; returns their short names as stored. */
  async reactivateOrganizations(client: StagingConnection, staging: StagingTables): Promise<string[]> {
    const table = this.table(staging.organizations, 'organizations');
    const updated = await client.query<{ short_name: string }>(
      `UPDATE organizations SET active = true, modified = now()
        WHERE lower(short_name) IN (SELECT org FROM ${table}) AND NOT active RETURNING short_name`,
    );
    return updated.rows.map((row) => row.short_name);
  }

  /** Creates the staged links that have an organization and no stored link; returns how many. */
  async insertLinks(client: StagingConnection, staging: StagingTables, active: boolean): Promise<number> {
    const table = this.table(staging.links, 'links');
    const inserted = await client.query(
      `INSERT INTO organization_courses (organization_id, course_id, active)
       SELECT organization_id, course_id, $1 FROM ${table} WHERE stored_active IS NULL AND organization_id IS NOT NULL
       ORDER BY organization_id, course_id
       ON CONFLICT (organization_id, course_id) DO NOTHING`,
      [active],
    );
    return inserted.rowCount ?? 0;
  }

  /** Reactivates the staged links stored inactive; returns how many. */
  async reactivateLinks(client: StagingConnection, staging: StagingTables): Promise<number> {
    const table = this.table(staging.links, 'links');
    const updated = await client.query(
      `UPDATE organization_courses oc SET active = true, modified = now()
         FROM ${table} l
        WHERE NOT l.stored_active AND oc.organization_id = l.organization_id AND oc.course_id = l.course_id AND NOT
          oc.active`,
    );
    return updated.rowCount ?? 0;
  }

  /** The staging table's name, checked; and the audited path, required (a fail-fast twin of the grants). */
  private table(name: string | undefined, what: keyof StagingTables): string {
    if (!this.context.crossOrganizationManager)
      throw new Error('Staged organization writes run only inside CrossOrganizationAccess');
    if (!name || !IDENTIFIER.test(name)) throw new Error(`Staged organization writes: bad ${what} staging table name`);
    return name;
  }
}
