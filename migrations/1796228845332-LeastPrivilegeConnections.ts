import { MigrationInterface, QueryRunner } from 'typeorm';
import { createFirstScopeCheck } from './support/signed-scope';
import { dropTenantPolicies, firstTenantPolicies, tablesWithTenantPolicies } from './support/tenant-row-security';

/**
 * Least privilege at the connection (docs/adr/0006, superseding part of 0004):
 * - `mtl_app` becomes the LOGIN role of the request and job pools (it was switched to with
 *   `SET LOCAL ROLE` from a superuser pool, which `RESET ROLE` undid). It is a member of no role,
 *   so `SET ROLE` from it reaches nothing.
 * - `mtl_cross_org` is the LOGIN role of the cross-organization pool (CrossOrganizationAccess only).
 *   It is a member of `mtl_app` (its privileges) plus what only it may do; `mtl_cross_org()` is
 *   now membership of this role, not a setting the request role could set for itself.
 * - The tenant scope settings are signed: `mtl.scope_signature` must be the keyed hash of
 *   `mtl.readable_orgs|mtl.writable_org` under a key that only the owner and `mtl_cross_org` can
 *   read, so a `set_config` from injected SQL on a request connection makes the scope empty.
 * - `mtl_app` may not read `operators.password_hash`, write operators, write `schema_migrations`
 *   or write the cross-organization audit.
 * Roles belong to the whole server and other databases of it may use them: they are created or
 * altered idempotently and never dropped here.
 */
export class LeastPrivilegeConnections1796228845332 implements MigrationInterface {
  name = 'LeastPrivilegeConnections1796228845332';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DO $$
      BEGIN
        BEGIN
          CREATE ROLE mtl_cross_org LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION INHERIT;
        EXCEPTION WHEN duplicate_object THEN NULL; -- created by another database of this server
        END;
        -- Altered only when needed: an owner without CREATEROLE can then run this against roles a DBA made.
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'mtl_app'
                   AND (NOT rolcanlogin OR rolsuper OR rolbypassrls OR rolcreaterole OR rolcreatedb OR rolreplication))
                     THEN
          ALTER ROLE mtl_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB NOREPLICATION;
        END IF;
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'mtl_cross_org'
                   AND (NOT rolcanlogin OR NOT rolinherit OR rolsuper OR rolbypassrls OR rolcreaterole OR rolcreatedb
                     OR rolreplication)) THEN
          ALTER ROLE mtl_cross_org LOGIN INHERIT NOSUPERUSER NOBYPASSRLS NOCREATEROLE NOCREATEDB NOREPLICATION;
        END IF;
        IF NOT pg_has_role('mtl_cross_org', 'mtl_app', 'MEMBER') THEN
          GRANT mtl_app TO mtl_cross_org;
        END IF;
      END
      $$`);

    // The key that signs each transaction's tenant scope: random per database, never readable by mtl_app.
    await q.query(`
      CREATE TABLE tenant_scope_key (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        key bytea NOT NULL
      )`);
    await q.query(`
      INSERT INTO tenant_scope_key (key)
      VALUES (decode(replace(gen_random_uuid()::text || gen_random_uuid()::text || gen_random_uuid()::text, '-', ''),
        'hex'))`);
    await q.query(`REVOKE ALL ON tenant_scope_key FROM PUBLIC, mtl_app`);
    await q.query(`GRANT SELECT ON tenant_scope_key TO mtl_cross_org`);

    await createFirstScopeCheck(q);
    await q.query(`
      CREATE OR REPLACE FUNCTION mtl_readable_orgs() RETURNS integer[] LANGUAGE sql STABLE PARALLEL SAFE AS
      $$ SELECT CASE WHEN mtl_scope_is_signed() THEN NULLIF(current_setting('mtl.readable_orgs', true), '')::integer[]
        END $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION mtl_writable_org() RETURNS integer LANGUAGE sql STABLE PARALLEL SAFE AS
      $$ SELECT CASE WHEN mtl_scope_is_signed() THEN NULLIF(current_setting('mtl.writable_org', true), '')::integer END
        $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION mtl_cross_org() RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS
      $$ SELECT pg_has_role(current_user, 'mtl_cross_org', 'USAGE') $$`);

    // Policies again, each helper wrapped in a sub-select: evaluated once per statement (the key
    // check included), not once per row. Every table that has the tenant policies, whoever made it.
    for (const table of await tablesWithTenantPolicies(q)) {
      await dropTenantPolicies(q, table);
      for (const statement of firstTenantPolicies(table)) await q.query(statement);
    }

    // Operators: mtl_app sees who they are, never their password hashes, and changes nothing.
    await q.query(`REVOKE ALL ON operators FROM mtl_app`);
    await q.query(`GRANT SELECT (id, email, name, active, created, modified) ON operators TO mtl_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON operators TO mtl_cross_org`);
    // The cross-organization audit is written by that path only, and never changed (its successor,
    // audit_trail, keeps the rule by a policy: see CreateAuditTrail).
    await q.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON cross_organization_audit FROM mtl_app`);
    await q.query(`GRANT INSERT ON cross_organization_audit TO mtl_cross_org`);
    // Only the owner migrates.
    await q.query(`REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migrations FROM mtl_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`GRANT INSERT, UPDATE, DELETE ON schema_migrations TO mtl_app`);
    await q.query(`REVOKE INSERT ON cross_organization_audit FROM mtl_cross_org`);
    await q.query(`GRANT INSERT ON cross_organization_audit TO mtl_app`);
    await q.query(`REVOKE ALL ON operators FROM mtl_cross_org`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON operators TO mtl_app`);
    await q.query(`
      CREATE OR REPLACE FUNCTION mtl_cross_org() RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS
      $$ SELECT coalesce(current_setting('mtl.cross_org', true), '') = 'on' $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION mtl_readable_orgs() RETURNS integer[] LANGUAGE sql STABLE PARALLEL SAFE AS
      $$ SELECT NULLIF(current_setting('mtl.readable_orgs', true), '')::integer[] $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION mtl_writable_org() RETURNS integer LANGUAGE sql STABLE PARALLEL SAFE AS
      $$ SELECT NULLIF(current_setting('mtl.writable_org', true), '')::integer $$`);
    await q.query(`DROP FUNCTION mtl_scope_is_signed()`);
    await q.query(`DROP TABLE tenant_scope_key`);
    // The roles stay: other databases of the server may use them.
  }
}
