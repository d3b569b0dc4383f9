import type { QueryRunner } from 'typeorm';

/** Every policy name a tenant-owned table may carry, past and present. */
const TENANT_POLICY_NAMES = [
  'tenant_read',
  'tenant_insert',
  'tenant_update',
  'tenant_delete',
  'tenant_cross_organization',
];

/**
 * The first form of the four policies (until migration PoliciesByRole), kept because migrations
 * that ran with it must stay as they were: every role is held to the transaction's (signed)
 * scope, and `mtl_cross_org()` in each policy lets the cross-organization role see all. Each
 * helper sits in a sub-select, so PostgreSQL evaluates it once per statement (an InitPlan) rather
 * than once per row.
 */
export function firstTenantPolicies(table: string): string[] {
  const cross = '(SELECT mtl_cross_org())';
  const writable = `organization_id = (SELECT mtl_writable_org())`;
  return [
    `CREATE POLICY tenant_read ON ${table} FOR SELECT USING (${cross} OR organization_id = ANY ` +
      `((SELECT mtl_readable_orgs())::integer[]))`,
    `CREATE POLICY tenant_insert ON ${table} FOR INSERT WITH CHECK (${cross} OR ${writable})`,
    `CREATE POLICY tenant_update ON ${table} FOR UPDATE USING (${cross} OR ${writable}) WITH ` +
      `CHECK (${cross} OR ${writable})`,
    `CREATE POLICY tenant_delete ON ${table} FOR DELETE USING (${cross} OR ${writable})`,
  ];
}

/**
 * The policies of a tenant-owned table, by role. The request role (`mtl_app`) reads the
 * organizations of the transaction's signed readable set and writes its one writable
 * organization; the cross-organization role (a member of `mtl_app`, so its policies apply too)
 * has a policy of its own that shows and allows every row. Any other role gets no policy, so with
 * the row-level security forced it sees nothing. Against the first form, each statement of
 * `mtl_app` plans and runs one InitPlan instead of two (docs/performance.md).
 */
export function tenantPolicies(table: string): string[] {
  const writable = `organization_id = (SELECT mtl_writable_org())`;
  return [
    `CREATE POLICY tenant_read ON ${table} FOR SELECT TO mtl_app USING (organization_id = ANY ` +
      `((SELECT mtl_readable_orgs())::integer[]))`,
    `CREATE POLICY tenant_insert ON ${table} FOR INSERT TO mtl_app WITH CHECK (${writable})`,
    `CREATE POLICY tenant_update ON ${table} FOR UPDATE TO mtl_app USING (${writable}) WITH CHECK (${writable})`,
    `CREATE POLICY tenant_delete ON ${table} FOR DELETE TO mtl_app USING (${writable})`,
    `CREATE POLICY tenant_cross_organization ON ${table} FOR ALL TO mtl_cross_org USING (true) WITH CHECK (true)`,
  ];
}

/** Every table of the current schema that has the tenant policies, whoever made it. */
export async function tablesWithTenantPolicies(q: QueryRunner): Promise<string[]> {
  const rows = (await q.query(
    `SELECT DISTINCT c.relname AS table FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
     JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema() WHERE p.polname = 'tenant_read'
     ORDER BY 1`,
  )) as { table: string }[];
  return rows.map((row) => row.table);
}

/** Drops whichever tenant policies `table` has. */
export async function dropTenantPolicies(q: QueryRunner, table: string): Promise<void> {
  for (const policy of TENANT_POLICY_NAMES) await q.query(`DROP POLICY IF EXISTS ${policy} ON ${table}`);
}

/**
 * Row-level security for a tenant-owned table (one with organization_id), FORCEd so that the
 * owner is bound too (docs/adr/0004, 0006), with the current policies; migrations written before
 * PoliciesByRole pass the first form.
 */
export async function enableTenantRowSecurity(
  q: QueryRunner,
  table: string,
  policies: (table: string) => string[] = tenantPolicies,
): Promise<void> {
  await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
  await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
  for (const statement of policies(table)) await q.query(statement);
}

export async function disableTenantRowSecurity(q: QueryRunner, table: string): Promise<void> {
  await dropTenantPolicies(q, table);
  await q.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
  await q.query(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`);
}
