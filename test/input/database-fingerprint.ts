import { asDatabaseOwner } from '@mtl/testing';

/** Row count and a checksum of every row, per table of the schema: what "nothing changed" means. */
export type Fingerprint = Record<string, { rows: number; checksum: string }>;

/**
 * Every table's row count and an order-independent checksum of its rows (md5 of the sorted md5s
 * of each row's text form), read as the database owner so that row-level security hides nothing.
 */
export async function databaseFingerprint(): Promise<Fingerprint> {
  const tables = await asDatabaseOwner<{ name: string }>(
    `SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
  );
  const rows = await asDatabaseOwner<{ name: string; rows: number; checksum: string | null }>(
    tables
      .map(
        ({ name }) =>
          `SELECT '${name}' AS name, count(*)::int AS rows, md5(string_agg(md5(t::text), '' ` +
          `ORDER BY md5(t::text))) AS checksum FROM ${name} t`,
      )
      .join(' UNION ALL '),
  );
  return Object.fromEntries(rows.map((r) => [r.name, { rows: r.rows, checksum: r.checksum ?? '' }]));
}

/** The tables whose rows differ between two fingerprints, with their counts before and after. */
export function changedTables(before: Fingerprint, after: Fingerprint): string[] {
  return Object.keys({ ...before, ...after })
    .filter((t) => before[t]?.checksum !== after[t]?.checksum || before[t]?.rows !== after[t]?.rows)
    .map((t) => `${t} (${before[t]?.rows ?? 0} → ${after[t]?.rows ?? 0} rows)`);
}
