// @ts-check
/**
 * Records the SQL statements the platform's own connections (logins `mtl_app` and
 * `mtl_cross_org`, never the owner that migrations and fixtures use) send against tenant tables,
 * for the query-coverage check (tenant-query-coverage.ts, global-setup/teardown.mjs).
 *
 * - In a Jest worker, tenant-query-coverage.ts calls `recordTenantQueries` with a callback.
 * - In a child process a test starts (CLI, apps), this file is preloaded through NODE_OPTIONS and,
 *   with MTL_QUERY_COVERAGE_CHILD_LOG set, appends each statement as a JSON line to that file,
 *   which the test file's checkpoints read.
 *
 * Statements are normalized (literals and parameters become `?`, repeated value tuples and `IN`
 * lists fold into one) so that a bulk insert of 3 rows and one of 300 count as one statement.
 */
const fs = require('node:fs');
const Module = require('node:module');

/** The logins of the platform's pools (libs/tenancy tenant-transactions.ts; migration LeastPrivilegeConnections). */
const PLATFORM_LOGINS = new Set(['mtl_app', 'mtl_cross_org']);

/**
 * The scope TenantTransactions sends in the same message as a statement (`BEGIN;` and
 * `SELECT set_config(…);`, docs/adr/0010): not part of the statement's identity.
 */
const SCOPE_PART = /^(?:BEGIN|SELECT set_config\(\?, true\)(?:, set_config\(\?, true\))*)$/;

/** @param {string} sql */
function normalizeStatement(sql) {
  return (
    sql
      // One pass, so that a `--` inside a string (inlined parameters carry any text) stays in it.
      .replace(/\b[Ee]'(?:[^'\\]|\\.|'')*'|'(?:[^']|'')*'|--[^\n]*|\/\*[\s\S]*?\*\//g, (token) =>
        token.startsWith('-') || token.startsWith('/') ? ' ' : '?',
      )
      .replace(/\$\d+/g, '?')
      .replace(/\b\d+(?:\.\d+)?\b/g, '?')
      // An inlined null was a parameter too.
      .replace(/\bNULL\b/g, '?')
      .replace(/\s+/g, ' ')
      .trim()
      // `?, ?, ?` → `?`, then `(…), (…)` of one shape → `(…)`: a list's length is not a new statement.
      .replace(/\?(?:\s*,\s*\?)+/g, '?')
      .replace(/(\([^()]*\))(?:\s*,\s*\1)+/g, '$1')
      .split(/\s*;\s*/)
      .filter((part) => part !== '' && !SCOPE_PART.test(part))
      .join('; ')
  );
}

/**
 * The tenant tables a normalized statement names (an identifier, quoted or not, equal to a
 * table's name). Over-approximates for a column that bears a table's name; none does today.
 * @param {string} statement @param {ReadonlySet<string>} tenantTables @returns {string[]}
 */
function tenantTablesOf(statement, tenantTables) {
  const found = new Set();
  for (const match of statement.matchAll(/"([^"]+)"|\b([A-Za-z_][A-Za-z0-9_]*)\b/g)) {
    const name = (match[1] ?? match[2]).toLowerCase();
    if (tenantTables.has(name)) found.add(name);
  }
  return [...found].sort();
}

/** DDL runs in migrations and test set-up, not in the platform's request or job paths. */
const DDL = /^(?:CREATE|ALTER|DROP|GRANT|REVOKE|COMMENT|TRUNCATE)\b/i;

/** @param {unknown} query @returns {string | undefined} */
function textOf(query) {
  if (typeof query === 'string') return query;
  if (query && typeof query === 'object' && typeof (/** @type {any} */ (query).text) === 'string')
    return /** @type {any} */ (query).text;
  return undefined;
}

/**
 * Wraps `pg.Client.prototype.query` of this `pg` module so that `onStatement(statement, tables)`
 * hears every statement of a platform login that names a tenant table. Idempotent.
 * @param {any} pg @param {ReadonlySet<string>} tenantTables
 * @param {(statement: string, tables: string[]) => void} onStatement
 */
function recordTenantQueries(pg, tenantTables, onStatement) {
  const prototype = pg?.Client?.prototype;
  if (!prototype || prototype.__mtlTenantQueries) return;
  const original = prototype.query;
  /** Raw text → [normalized, tables] (or null: not a tenant statement); the same texts recur. */
  const seen = new Map();
  prototype.query = function (/** @type {unknown[]} */ ...args) {
    try {
      const text = PLATFORM_LOGINS.has(this.user) ? textOf(args[0]) : undefined;
      if (text !== undefined) {
        let entry = seen.get(text);
        if (entry === undefined) {
          const statement = normalizeStatement(text);
          const tables = DDL.test(statement) ? [] : tenantTablesOf(statement, tenantTables);
          entry = tables.length > 0 ? [statement, tables] : null;
          if (seen.size < 50_000) seen.set(text, entry);
        }
        if (entry) onStatement(entry[0], entry[1]);
      }
    } catch {
      // Recording must never change what the query does.
    }
    return original.apply(this, args);
  };
  prototype.__mtlTenantQueries = true;
}

/** The environment a test file hands to its child processes. */
const CHILD_LOG_ENV = 'MTL_QUERY_COVERAGE_CHILD_LOG';
const TABLES_ENV = 'MTL_QUERY_COVERAGE_TABLES';
const RECORDER_PATH = require.resolve('./tenant-queries.recorder.js');

module.exports = {
  normalizeStatement,
  tenantTablesOf,
  recordTenantQueries,
  CHILD_LOG_ENV,
  TABLES_ENV,
  RECORDER_PATH,
};

// A child process: patch `pg` whenever it is loaded, log statements as JSON lines.
if (process.env[CHILD_LOG_ENV] && process.env[TABLES_ENV] && !('__mtlOnHostWarning' in globalThis)) {
  const log = process.env[CHILD_LOG_ENV];
  const tables = new Set(process.env[TABLES_ENV].split(','));
  /** A statement written less than this long ago is not written again (a busy app repeats them). */
  const REPEAT_MS = 200;
  const lastWritten = new Map();
  const onStatement = (/** @type {string} */ statement, /** @type {string[]} */ names) => {
    const now = Date.now();
    if (now - (lastWritten.get(statement) ?? 0) < REPEAT_MS) return;
    lastWritten.set(statement, now);
    fs.appendFileSync(log, JSON.stringify({ statement, tables: names }) + '\n');
  };
  const load = /** @type {any} */ (Module)._load;
  /** @type {any} */ (Module)._load = function (/** @type {string} */ request, /** @type {unknown[]} */ ...rest) {
    const loaded = load.call(this, request, ...rest);
    if (request === 'pg') recordTenantQueries(loaded, tables, onStatement);
    return loaded;
  };
}
