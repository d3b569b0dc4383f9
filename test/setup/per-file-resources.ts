/**
 * Each integration or e2e test file gets its own database, cloned from the migrated template,
 * and its own Redis key prefix; both are removed when the file is done. Files therefore run in
 * parallel without seeing each other, and a run leaves nothing behind.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';
import Redis from 'ioredis';
import { databasePrivilegeStatements } from '../../migrations/support/database-privileges';

const runId = process.env.MTL_TEST_RUN_ID;
const adminUrl = process.env.MTL_TEST_ADMIN_URL;
const template = process.env.MTL_TEST_TEMPLATE;
if (!runId || !adminUrl || !template) throw new Error('Test resources missing: run tests through jest (global setup).');

// Captured now: a test may point REDIS_URL at a Redis of its own and stop it before cleanup.
const redisUrl = process.env.REDIS_URL!;
const testPath = expect.getState().testPath ?? 'unknown';
const slug = path
  .basename(testPath)
  .replace(/\..*$/, '')
  .replace(/[^a-z0-9]/gi, '')
  .slice(0, 20)
  .toLowerCase();
const hash = createHash('sha1').update(testPath).digest('hex').slice(0, 6);
const name = `mtl_t_${runId}_${slug}_${hash}`;

function databaseUrl(database: string): string {
  const url = new URL(adminUrl!);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

process.env.DATABASE_URL = databaseUrl(name);
process.env.REDIS_KEY_PREFIX = name;
process.env.DATABASE_MIGRATE_ON_START = 'false';

beforeAll(async () => {
  // Two files cloning the template at the same instant may collide; a short retry settles it.
  for (let attempt = 1; ; attempt++) {
    try {
      await admin(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
      // A clone starts with the default database privileges: the migrated ones are set again.
      for (const statement of databasePrivilegeStatements(name)) await admin(statement);
      return;
    } catch (error) {
      if (attempt >= 20 || !String(error).includes('being accessed by other users')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
});

afterAll(async () => {
  await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    const keys = await redis.keys(`${name}*`);
    if (keys.length) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
});
