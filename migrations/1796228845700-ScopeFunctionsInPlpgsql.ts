import { MigrationInterface, QueryRunner } from 'typeorm';
import { createFirstScopeCheck } from './support/signed-scope';

/**
 * The two scope functions the tenant policies call, `mtl_readable_orgs()` and
 * `mtl_writable_org()`, each check the scope's signature themselves, in PL/pgSQL, and run as the
 * owner (who alone may read the key). The rule is unchanged: a scope whose signature does not
 * match gives no organization.
 *
 * Why: as SQL functions they cost a parse and a plan on every statement. PostgreSQL inlines an
 * SQL function by parsing its text again each time it plans a query, and runs a non-inlinable
 * one (the SECURITY DEFINER `mtl_scope_is_signed()`) by parsing and planning its body again in
 * each query. PL/pgSQL compiles a function once per session and keeps the plan of its key read.
 * pgbench, the pipelined read as `mtl_app`: about 400 → 280 µs of CPU per read
 * (docs/performance.md, fourth pass).
 */
export class ScopeFunctionsInPlpgsql1796228845700 implements MigrationInterface {
  name = 'ScopeFunctionsInPlpgsql1796228845700';

  async up(q: QueryRunner): Promise<void> {
    await q.query(scopeFunction('mtl_readable_orgs', 'integer[]', `NULLIF(readable, '')::integer[]`));
    await q.query(scopeFunction('mtl_writable_org', 'integer', `NULLIF(writable, '')::integer`));
    for (const fn of ['mtl_readable_orgs', 'mtl_writable_org']) {
      await q.query(`REVOKE ALL ON FUNCTION ${fn}() FROM PUBLIC`);
      await q.query(`GRANT EXECUTE ON FUNCTION ${fn}() TO mtl_app`);
    }
    // Nothing calls it any more; left in place it would be one more thing to keep safe.
    await q.query(`DROP FUNCTION mtl_scope_is_signed()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await createFirstScopeCheck(q);
    // CREATE OR REPLACE sets every property anew (SECURITY INVOKER, no SET), but not the grants.
    for (const [fn, returns, body] of [
      ['mtl_readable_orgs', 'integer[]', `NULLIF(current_setting('mtl.readable_orgs', true), '')::integer[]`],
      ['mtl_writable_org', 'integer', `NULLIF(current_setting('mtl.writable_org', true), '')::integer`],
    ]) {
      await q.query(`
        CREATE OR REPLACE FUNCTION ${fn}() RETURNS ${returns} LANGUAGE sql STABLE PARALLEL SAFE AS
        $$ SELECT CASE WHEN mtl_scope_is_signed() THEN ${body} END $$`);
      await q.query(`GRANT EXECUTE ON FUNCTION ${fn}() TO PUBLIC`);
    }
  }
}

/**
 * A scope function: `result` (an expression of `readable` and `writable`, the transaction's
 * scope settings) when the scope's signature matches sha256(key ‖ sha256(key ‖
 * "readable|writable")) (libs/tenancy TenantScopeSigner), else NULL. SECURITY DEFINER with a
 * fixed search_path: it reads the key as the owner and cannot be led to another table; it takes
 * no argument, so it signs nothing for its caller.
 */
function scopeFunction(name: string, returns: string, result: string): string {
  return `
    CREATE OR REPLACE FUNCTION ${name}() RETURNS ${returns} LANGUAGE plpgsql STABLE PARALLEL SAFE
    SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
    DECLARE
      readable text := coalesce(current_setting('mtl.readable_orgs', true), '');
      writable text := coalesce(current_setting('mtl.writable_org', true), '');
    BEGIN
      IF coalesce(current_setting('mtl.scope_signature', true), '') = (
        SELECT encode(sha256(k.key || sha256(k.key || convert_to(readable || '|' || writable, 'UTF8'))), 'hex')
        FROM public.tenant_scope_key k
      ) THEN
        RETURN ${result};
      END IF;
      RETURN NULL;
    END $$`;
}
