/**
 * Privileges on the database itself: request connections may create no temporary object
 * (NoSessionObjectsForRequests explains why). They belong to the database's catalog row, not to
 * its schema, so a database cloned from a template or restored from a dump starts again with
 * PostgreSQL's defaults (TEMPORARY for PUBLIC): the migration sets them, every migration run
 * sets them again (runMigrationsLocked), and so does whatever clones a migrated database.
 */
export function databasePrivilegeStatements(database: string): string[] {
  const name = `"${database.replace(/"/g, '""')}"`;
  return [
    `REVOKE TEMPORARY ON DATABASE ${name} FROM PUBLIC, mtl_app`,
    // The backfill stages its rows in temporary tables of its own transaction.
    `GRANT TEMPORARY ON DATABASE ${name} TO mtl_cross_org`,
  ];
}

/** Applies them to the database `q` is connected to. */
export async function restrictDatabasePrivileges(q: { query(sql: string): Promise<unknown> }): Promise<void> {
  const [{ database }] = (await q.query('SELECT current_database() AS database')) as { database: string }[];
  for (const statement of databasePrivilegeStatements(database)) await q.query(statement);
}
