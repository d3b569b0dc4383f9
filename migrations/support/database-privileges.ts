/**
 * Privileges on the database itself: request connections may create no temporary object
 * (NoSessionObjectsForRequests explains why). They belong to the database's catalog row, not to
 * its schema, so a database cloned from a template or restored from a dump starts again with
 * PostgreSQL's defaults (TEMPORARY for PUBLIC): the migration sets them, every migration run
 * sets them again (runMigrationsLocked), and so does whatever clones a migrated database.
 */
export function databasePrivilegeStatements(database: string): string[] {
  const name = quoted(database);
  return [
    `REVOKE TEMPORARY ON DATABASE ${name} FROM PUBLIC, mtl_app`,
    // The backfill stages its rows in temporary tables of its own transaction.
    `GRANT TEMPORARY ON DATABASE ${name} TO mtl_cross_org`,
  ];
}

interface Queryable {
  query(sql: string): Promise<unknown>;
}

/** Applies them to the database `q` is connected to. */
export async function restrictDatabasePrivileges(q: Queryable): Promise<void> {
  for (const statement of databasePrivilegeStatements(await currentDatabase(q))) await q.query(statement);
}

/** PostgreSQL's defaults again (TEMPORARY for PUBLIC), for the migration's `down`. */
export async function restoreDefaultDatabasePrivileges(q: Queryable): Promise<void> {
  const name = quoted(await currentDatabase(q));
  await q.query(`REVOKE TEMPORARY ON DATABASE ${name} FROM mtl_cross_org`);
  await q.query(`GRANT TEMPORARY ON DATABASE ${name} TO PUBLIC`);
}

async function currentDatabase(q: Queryable): Promise<string> {
  const [{ database }] = (await q.query('SELECT current_database() AS database')) as { database: string }[];
  return database;
}

const quoted = (identifier: string): string => `"${identifier.replace(/"/g, '""')}"`;
