import { escapeLiteral } from 'pg';
// pg's own conversion of a parameter to its text form, as it would bind it (no types shipped for it).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { prepareValue } = require('pg/lib/utils') as { prepareValue: (value: unknown) => string | Buffer | null };

/**
 * SQL text helpers of TenantTransactions, framework-free: whether a statement may run in an
 * implicit transaction of its own, and a parameterized statement with its `$n` written as literals.
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

/**
 * `sql` with each placeholder `$n` replaced by `parameters[n-1]` as an untyped literal (which
 * PostgreSQL types from its context, as it types an unspecified parameter), converted as pg would
 * bind it and quoted with pg's escapeLiteral. Null when the text or a value is anything this
 * cannot rewrite with certainty (a dollar-quoted or E'' string, a comment, a placeholder without
 * a value, a NUL character): the caller then sends the statement with its parameters instead.
 */
export function inlineParameters(sql: string, parameters: readonly unknown[]): string | null {
  if (parameters.length === 0) return sql.includes('$') ? null : sql;
  const literals: string[] = [];
  for (const parameter of parameters) {
    const literal = toLiteral(parameter);
    if (literal === null) return null;
    literals.push(literal);
  }
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql[i];
    if (c === "'" || c === '"') {
      // A quoted string or identifier; a doubled quote stays inside it.
      if (c === "'" && i > 0 && /[A-Za-z0-9_&$]/.test(sql[i - 1])) return null; // E'…', U&'…', B'…'
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) return null;
        if (sql[j] === c) {
          if (sql[j + 1] === c) j += 2;
          else break;
        } else j++;
      }
      out += sql.slice(i, j + 1);
      i = j + 1;
    } else if ((c === '-' && sql[i + 1] === '-') || (c === '/' && sql[i + 1] === '*')) {
      return null;
    } else if (c === '$') {
      if (i > 0 && /[A-Za-z0-9_$]/.test(sql[i - 1])) {
        out += c; // part of an identifier
        i++;
        continue;
      }
      const digits = /^\$(\d+)/.exec(sql.slice(i, i + 12));
      if (!digits) return null; // a dollar-quoted string
      const index = Number(digits[1]);
      if (index < 1 || index > literals.length || /[A-Za-z_$]/.test(sql[i + digits[0].length] ?? '')) return null;
      out += literals[index - 1];
      i += digits[0].length;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

function toLiteral(value: unknown): string | null {
  const prepared = prepareValue(value);
  if (prepared === null) return 'NULL';
  const text = Buffer.isBuffer(prepared) ? `\\x${prepared.toString('hex')}` : prepared;
  if (text.includes('\u0000')) return null;
  return escapeLiteral(text);
}
