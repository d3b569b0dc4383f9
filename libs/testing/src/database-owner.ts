import { Client } from 'pg';

/**
 * Runs SQL as the database owner on this test file's database, outside the runtime role: the
 * tests' own view of what is really stored (row-level security does not filter it), and their
 * fixtures. Never the code under test.
 */
export async function asDatabaseOwner<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}
