import type { QueryRunner } from 'typeorm';

/**
 * The four policies of a tenant-owned table. Reads see the organizations of the transaction's
 * (signed) readable set; writes reach only its one writable organization; the cross-organization
 * role sees all. Each helper sits in a sub-select, so PostgreSQL evaluates it once per statement
 * (an InitPlan) rather than once per row.
 */
export function tenantPolicies(table: string): string[] {
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
 * Row-level security for a tenant-owned table (one with organization_id), FORCEd so that the
 * owner is bound too (docs/adr/0004, 0006).
 */
export async function enableTenantRowSecurity(q: QueryRunner, table: string): Promise<void> {
  await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
  await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
  for (const statement of tenantPolicies(table)) await q.query(statement);
}

export async function disableTenantRowSecurity(q: QueryRunner, table: string): Promise<void> {
  for (const policy of ['tenant_read', 'tenant_insert', 'tenant_update', 'tenant_delete']) {
    await q.query(`DROP POLICY IF EXISTS ${policy} ON ${table}`);
  }
  await q.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
  await q.query(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`);
}
