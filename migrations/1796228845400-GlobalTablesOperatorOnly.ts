import { MigrationInterface, QueryRunner } from 'typeorm';

/** The global tables: they belong to no organization, so row-level security cannot fence them. */
const GLOBAL_TABLES = ['organizations', 'sites', 'site_configurations'] as const;

/**
 * Global tables are operator-only at the database (docs/adr/0013): `mtl_app`, the login of every
 * tenant request and job, keeps reading them (a site is resolved before any tenant is known) but
 * may no longer write them, nor draw from their sequences; `mtl_cross_org` (CrossOrganizationAccess,
 * audited) writes them. `operators`, `schema_migrations` and `tenant_scope_key` were closed by
 * LeastPrivilegeConnections.
 *
 * And the audit trail: a transaction of `mtl_app` records about the one organization it may write
 * in, never about another and never without one (an unscoped request used to be free to record
 * about any organization, or none). Operators' and commands' rows come through `mtl_cross_org`.
 */
export class GlobalTablesOperatorOnly1796228845400 implements MigrationInterface {
  name = 'GlobalTablesOperatorOnly1796228845400';

  async up(q: QueryRunner): Promise<void> {
    for (const table of GLOBAL_TABLES) {
      // mtl_cross_org inherits mtl_app's rights, so what mtl_app loses it is given directly.
      await q.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON ${table} FROM mtl_app`);
      await q.query(`GRANT INSERT, UPDATE, DELETE ON ${table} TO mtl_cross_org`);
    }
    await this.sequences(
      q,
      'REVOKE USAGE, UPDATE ON SEQUENCE %s FROM mtl_app',
      'GRANT USAGE ON SEQUENCE %s TO mtl_cross_org',
    );

    await q.query(`DROP POLICY audit_insert ON audit_trail`);
    await q.query(`
      CREATE POLICY audit_insert ON audit_trail FOR INSERT
      WITH CHECK ((SELECT mtl_cross_org())
                  OR (action <> 'cross_organization.access' AND organization_id = (SELECT mtl_writable_org())))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP POLICY audit_insert ON audit_trail`);
    await q.query(`
      CREATE POLICY audit_insert ON audit_trail FOR INSERT
      WITH CHECK (mtl_cross_org() OR (action <> 'cross_organization.access'
                  AND (mtl_writable_org() IS NULL OR organization_id = mtl_writable_org())))`);
    await this.sequences(
      q,
      'REVOKE USAGE ON SEQUENCE %s FROM mtl_cross_org',
      'GRANT USAGE, UPDATE ON SEQUENCE %s TO mtl_app',
    );
    for (const table of GLOBAL_TABLES) {
      await q.query(`REVOKE INSERT, UPDATE, DELETE ON ${table} FROM mtl_cross_org`);
      await q.query(`GRANT INSERT, UPDATE, DELETE ON ${table} TO mtl_app`);
    }
  }

  /** Runs both statements (`%s` = the sequence) for the sequence of each global table's id, if it has one. */
  private async sequences(q: QueryRunner, ...statements: string[]): Promise<void> {
    for (const table of GLOBAL_TABLES) {
      const rows = (await q.query(
        `SELECT pg_get_serial_sequence(table_name, column_name) AS sequence FROM information_schema.columns
          WHERE table_schema = current_schema() AND table_name = $1 AND column_name = 'id'`,
        [table],
      )) as { sequence: string | null }[];
      const sequence = rows[0]?.sequence;
      if (sequence) for (const statement of statements) await q.query(statement.replace('%s', sequence));
    }
  }
}
