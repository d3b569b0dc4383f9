/**
 * SQL text helper of TenantTransactions, framework-free: whether a statement may run in an
 * implicit transaction of its own.
 */

/** Functions whose effect outlives a statement or belongs to a transaction: never implicit. */
const EFFECTFUL = new RegExp(
  String.raw`\b(set_config|nextval|setval|pg_advisory\w*|pg_try_advisory\w*|pg_notify|lo_\w+|txid_current|` +
    String.raw`pg_current_xact_id|dblink\w*)\s*\(`,
  'i',
);
/** Row locks (held until the end of the transaction) and SELECT … INTO (creates a table). */
const LOCKING_OR_INTO = /\bFOR\s+(NO\s+KEY\s+UPDATE|UPDATE|KEY\s+SHARE|SHARE)\b|\bINTO\b/i;

/**
 * True for a statement that only reads: a SELECT (no WITH, which may hide a data-modifying CTE)
 * that takes no row lock, creates nothing and calls no function with a lasting effect. Such a
 * statement may run in an implicit transaction of its own at READ COMMITTED.
 */
export function isPlainRead(sql: string): boolean {
  return /^\s*SELECT\b/i.test(sql) && !LOCKING_OR_INTO.test(sql) && !EFFECTFUL.test(sql);
}
