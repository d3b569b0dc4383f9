import type { DataSource } from 'typeorm';
import { CROSS_ORGANIZATION_ROLE, RUNTIME_ROLE } from './tenant-transactions';

/**
 * Platform tables that carry an organization_id as an attribute, not as ownership: they are read
 * before any tenant is known (a request's site is resolved from its Host header first). Adding a
 * table here is a design decision: say why next to it.
 */
export const GLOBAL_TABLES_WITH_ORGANIZATION: readonly string[] = [
  'sites', // a site names its organization; resolving the site must precede the tenant
  // The platform's record of who did what, about an organization or none: tenants may add rows
  // about their own organization and read none (its own policies, migration CreateAuditTrail).
  'audit_trail',
];

/**
 * Checks the database against the tenancy rules: every table with organization_id has row-level
 * security enabled, forced, and policies; every key, unique index and foreign key of such a
 * table includes organization_id; the runtime role is neither superuser, BYPASSRLS nor owner of
 * a tenant table. Returns the violations (empty when all is well).
 */
export async function checkTenantCatalogue(dataSource: DataSource): Promise<string[]> {
  const problems: string[] = [];
  const tables = await dataSource.query<
    { table: string; rls: boolean; forced: boolean; owner: string; policies: number }[]
  >(
    `
    SELECT c.relname AS table, c.relrowsecurity AS rls, c.relforcerowsecurity AS forced,
           pg_get_userbyid(c.relowner) AS owner,
           (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'organization_id' AND NOT a.attisdropped
    WHERE c.relkind IN ('r', 'p') AND NOT (c.relname = ANY ($1))
    ORDER BY 1`,
    [GLOBAL_TABLES_WITH_ORGANIZATION],
  );
  for (const t of tables) {
    if (!t.rls) problems.push(`${t.table}: row-level security is not enabled`);
    if (!t.forced) problems.push(`${t.table}: row-level security is not forced`);
    if (t.policies === 0) problems.push(`${t.table}: has no row-level security policy`);
    if (t.owner === RUNTIME_ROLE) problems.push(`${t.table}: is owned by the runtime role ${RUNTIME_ROLE}`);
  }
  const names = tables.map((t) => t.table);
  if (names.length === 0) return problems;

  const keys = await dataSource.query<
    { table: string; name: string; kind: string; has_org: boolean; ref_has_org: boolean; ref_table: string | null }[]
  >(
    `
    SELECT cl.relname AS table, con.conname AS name, con.contype AS kind, ref.relname AS ref_table,
           EXISTS (SELECT 1 FROM unnest(con.conkey) k JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k
                   WHERE a.attname = 'organization_id') AS has_org,
           EXISTS (SELECT 1 FROM unnest(coalesce(con.confkey, '{}')) k JOIN pg_attribute a ON a.attrelid =
             con.confrelid AND a.attnum = k
                   WHERE a.attname = 'organization_id') AS ref_has_org
    FROM pg_constraint con
    JOIN pg_class cl ON cl.oid = con.conrelid
    LEFT JOIN pg_class ref ON ref.oid = con.confrelid
    WHERE con.contype IN ('p', 'u', 'f') AND cl.relname = ANY ($1)`,
    [names],
  );
  for (const key of keys) {
    if (key.kind === 'f') {
      // Between tenant tables both sides carry organization_id; a reference to the registry is
      // organization_id itself. References to other global tables are free (Citus: reference tables).
      if (key.ref_table === 'organizations' && !key.has_org) {
        problems.push(`${key.table}: foreign key ${key.name} to organizations is not on organization_id`);
      }
      if (key.ref_table !== null && names.includes(key.ref_table) && (!key.has_org || !key.ref_has_org)) {
        problems.push(`${key.table}: foreign key ${key.name} to ${key.ref_table} does not include organization_id`);
      }
    } else if (!key.has_org) {
      problems.push(
        `${key.table}: ${key.kind === 'p' ? 'primary' : 'unique'} key ${key.name} does not include organization_id`,
      );
    }
  }
  const indexes = await dataSource.query<{ table: string; name: string }[]>(
    `
    SELECT t.relname AS table, i.relname AS name
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
    WHERE x.indisunique AND t.relname = ANY ($1)
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
      AND NOT EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = t.oid AND a.attname = 'organization_id'
                      AND a.attnum = ANY (x.indkey::int2[]))`,
    [names],
  );
  for (const index of indexes)
    problems.push(`${index.table}: unique index ${index.name} does not include organization_id`);

  const [role] = await dataSource.query<{ rolsuper: boolean; rolbypassrls: boolean }[]>(
    `SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = $1`,
    [RUNTIME_ROLE],
  );
  if (!role) problems.push(`runtime role ${RUNTIME_ROLE} does not exist`);
  else {
    if (role.rolsuper) problems.push(`runtime role ${RUNTIME_ROLE} is a superuser`);
    if (role.rolbypassrls) problems.push(`runtime role ${RUNTIME_ROLE} has BYPASSRLS`);
  }
  return problems;
}

/**
 * Checks who a pool really is (docs/adr/0006): the login of the connection (`session_user`, which
 * no `SET ROLE` changes) is the expected role, and neither it nor any role it may switch to is a
 * superuser, has BYPASSRLS or owns a table of the schema. Returns the violations.
 */
export async function checkConnectionRole(dataSource: DataSource, expected: string): Promise<string[]> {
  const [login] = await dataSource.query<
    { login: string; super: boolean; bypass: boolean; owns: number; reachable: string[] }[]
  >(`
    SELECT session_user AS login,
           EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolsuper AND pg_has_role(session_user, r.oid, 'MEMBER')) AS super,
           EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolbypassrls AND pg_has_role(session_user, r.oid, 'MEMBER')) AS
             bypass,
           (SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname =
             current_schema()
             WHERE pg_has_role(session_user, c.relowner, 'MEMBER')) AS owns,
           ARRAY(SELECT r.rolname::text FROM pg_roles r WHERE r.rolname <> session_user AND pg_has_role(session_user,
             r.oid, 'MEMBER')
                 AND r.rolname NOT LIKE 'pg\\_%' ORDER BY 1) AS reachable`);
  const problems: string[] = [];
  const who = `the ${expected} pool logs in as ${login.login}`;
  if (login.login !== expected) problems.push(`${who}, not ${expected}`);
  if (login.super) problems.push(`${who}, a superuser (or a member of one)`);
  if (login.bypass) problems.push(`${who}, which has BYPASSRLS (or is a member of a role that has)`);
  if (login.owns > 0) problems.push(`${who}, which owns ${login.owns} relation(s) of the schema`);
  const allowed = expected === CROSS_ORGANIZATION_ROLE ? [RUNTIME_ROLE] : [];
  const extra = login.reachable.filter((role) => !allowed.includes(role));
  if (extra.length > 0) problems.push(`${who}, which may switch to ${extra.join(', ')}`);
  return problems;
}
