/**
 * `npm start` (scripts/platform/start.mjs) finds its PostgreSQL through ensurePostgres: with a
 * DATABASE_URL of its own whose database does not exist yet, that database is created, as it is
 * on the default path. Run in a child Node, as start.mjs runs it (the scripts are ES modules).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const SERVICES = path.join(__dirname, '..', '..', 'scripts', 'platform', 'services.mjs');

async function admin<T>(sql: string, params: unknown[] = []): Promise<T[]> {
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('npm start with a DATABASE_URL of its own', () => {
  const name = `${new URL(process.env.DATABASE_URL!).pathname.slice(1)}_new`.slice(0, 63);
  const url = (() => {
    const u = new URL(process.env.DATABASE_URL!);
    u.pathname = `/${name}`;
    return u.toString();
  })();

  const ensurePostgres = () =>
    promisify(execFile)(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { ensurePostgres } = await import(${JSON.stringify(SERVICES)});
         const pg = await ensurePostgres({ log: () => undefined });
         process.stdout.write(pg.url);`,
      ],
      { env: { ...process.env, DATABASE_URL: url } },
    );

  afterAll(async () => {
    await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });

  it('creates the database when it does not exist, and uses it as it is when it does', async () => {
    expect(await admin(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).toEqual([]);
    expect((await ensurePostgres()).stdout).toBe(url);
    expect(await admin(`SELECT 1 AS found FROM pg_database WHERE datname = $1`, [name])).toEqual([{ found: 1 }]);
    expect((await ensurePostgres()).stdout).toBe(url); // a second start finds it
  });
});
