import Redis from 'ioredis';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { DatabaseConfig, loadConcern } from '../../libs/config/src';
import { dataSourceOptions, runMigrationsLocked } from '../../libs/database/src';

/** A throw-away, fully migrated database for one benchmark run; `drop()` removes it. */
export async function createBenchDatabase(label: string): Promise<{ url: string; drop: () => Promise<void> }> {
  // Same discovery as npm start/test: DATABASE_URL, else 5432, else the embedded server.
  const { ensurePostgres } = await import('../platform/services.mjs');
  const postgres = await ensurePostgres({ log: () => undefined });
  const admin = new URL(postgres.url);
  admin.pathname = '/postgres';
  const name = `mtl_bench_${label}_${process.pid}`;
  const url = new URL(postgres.url);
  url.pathname = `/${name}`;
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}"`);
  await client.query(`CREATE DATABASE "${name}"`);
  const ds = await new DataSource(
    dataSourceOptions(loadConcern(DatabaseConfig, { DATABASE_URL: url.toString() }), 'bench-migrate'),
  ).initialize();
  await runMigrationsLocked(ds);
  await ds.destroy();
  return {
    url: url.toString(),
    drop: async () => {
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
      await postgres.stop();
    },
  };
}

/** Deletes every Redis key under `prefix:` (a benchmark's own REDIS_KEY_PREFIX); returns how many. */
export async function deleteRedisKeys(url: string, prefix: string): Promise<number> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  let deleted = 0;
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
  return deleted;
}
