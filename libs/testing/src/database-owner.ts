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

/** An organization's row as stored (the columns the organizations API reads and writes). */
export interface StoredOrganization {
  id: number;
  short_name: string;
  name: string;
  description: string | null;
  logo_url: string | null;
  active: boolean;
}

/** The stored rows of the organizations named `shortName`, compared case-insensitively, as the owner reads them. */
export function storedOrganizationsNamed(shortName: string): Promise<StoredOrganization[]> {
  return asDatabaseOwner<StoredOrganization>(
    'SELECT id, short_name, name, description, logo_url, active FROM organizations WHERE lower(short_name) = lower($1)',
    [shortName],
  );
}
