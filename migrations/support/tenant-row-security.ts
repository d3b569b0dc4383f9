import type { QueryRunner } from 'typeorm';

/**
 * Row-level security for a tenant-owned table (one with organization_id), FORCEd so that the
 * owner is bound too. Reads see the organizations of the transaction's readable set; writes
 * reach only its one writable organization; the audited cross-organization path sees all.
 */
export async function enableTenantRowSecurity(q: QueryRunner, table: string): Promise<void> {
  await q.query(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`);
  await q.query(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`);
  await q.query(`
    CREATE POLICY tenant_read ON ${table} FOR SELECT
    USING (mtl_cross_org() OR organization_id = ANY (mtl_readable_orgs()))`);
  await q.query(`
    CREATE POLICY tenant_insert ON ${table} FOR INSERT
    WITH CHECK (mtl_cross_org() OR organization_id = mtl_writable_org())`);
  await q.query(`
    CREATE POLICY tenant_update ON ${table} FOR UPDATE
    USING (mtl_cross_org() OR organization_id = mtl_writable_org())
    WITH CHECK (mtl_cross_org() OR organization_id = mtl_writable_org())`);
  await q.query(`
    CREATE POLICY tenant_delete ON ${table} FOR DELETE
    USING (mtl_cross_org() OR organization_id = mtl_writable_org())`);
}

export async function disableTenantRowSecurity(q: QueryRunner, table: string): Promise<void> {
  for (const policy of ['tenant_read', 'tenant_insert', 'tenant_update', 'tenant_delete']) {
    await q.query(`DROP POLICY IF EXISTS ${policy} ON ${table}`);
  }
  await q.query(`ALTER TABLE ${table} NO FORCE ROW LEVEL SECURITY`);
  await q.query(`ALTER TABLE ${table} DISABLE ROW LEVEL SECURITY`);
}
