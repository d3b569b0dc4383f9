import type { QueryRunner } from 'typeorm';

/**
 * The first form of the signature check (migration LeastPrivilegeConnections until
 * ScopeFunctionsInPlpgsql): an SQL function, SECURITY DEFINER (it runs as the owner, who may read
 * the key); it takes no argument, so it signs nothing for its caller. Kept here because a
 * migration creates it and a later one's `down` creates it again.
 */
export async function createFirstScopeCheck(q: QueryRunner): Promise<void> {
  await q.query(`
    CREATE FUNCTION mtl_scope_is_signed() RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp AS
    $$ SELECT coalesce(current_setting('mtl.scope_signature', true), '') = encode(
                sha256(k.key || sha256(k.key || convert_to(
                  coalesce(current_setting('mtl.readable_orgs', true), '') || '|' ||
                    coalesce(current_setting('mtl.writable_org', true), ''),
                  'UTF8'))), 'hex')
       FROM public.tenant_scope_key k $$`);
  await q.query(`REVOKE ALL ON FUNCTION mtl_scope_is_signed() FROM PUBLIC`);
  await q.query(`GRANT EXECUTE ON FUNCTION mtl_scope_is_signed() TO mtl_app`);
}
