/** Types of tenant-queries.recorder.js (plain JS so that child processes can preload it). */
export function normalizeStatement(sql: string): string;
export function tenantTablesOf(statement: string, tenantTables: ReadonlySet<string>): string[];
export function recordTenantQueries(
  pg: unknown,
  tenantTables: ReadonlySet<string>,
  onStatement: (statement: string, tables: string[]) => void,
): void;
export const CHILD_LOG_ENV: string;
export const TABLES_ENV: string;
export const RECORDER_PATH: string;
