// @ts-check
/** Drops everything this run created (databases, Redis keys) and stops services it started. */
import Redis from 'ioredis';
import { quoteIdent, TEST_PREFIX, withAdminClient } from './test-run.mjs';

export default async function globalTeardown() {
  const services = /** @type {any} */ (globalThis).__mtlTestServices;
  if (!services) return;
  const { postgres, redis, runId, adminUrl } = services;
  await withAdminClient(adminUrl, async (client) => {
    const { rows } = await client.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [
      `${TEST_PREFIX}${runId}%`,
    ]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(datname)} WITH (FORCE)`);
  });
  const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${TEST_PREFIX}${runId}*`, 'COUNT', 1000);
      if (keys.length) await client.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
  await redis.stop();
  await postgres.stop();
}
