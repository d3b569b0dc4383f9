// @ts-check
/**
 * Once per `jest` run: find or start PostgreSQL and Redis, clear what dead runs left behind, and
 * build a template database by running the real migrations through the real CLI. Each test file
 * then clones the template (see per-file-resources.ts).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ensurePostgres, ensureRedis, ROOT, withDatabase } from '../../scripts/platform/services.mjs';
import { quoteIdent, runIsAlive, TEST_PREFIX, withAdminClient } from './test-run.mjs';

export default async function globalSetup() {
  const quiet = () => undefined;
  const postgres = await ensurePostgres({ log: quiet });
  const redis = await ensureRedis({ log: quiet });
  // Decimal, so that the only `x` is the separator (a base-36 timestamp may contain one, and
  // other runs' clean-up then read no pid and dropped this run's databases while it ran).
  const runId = `${Date.now()}x${process.pid}`;
  const adminUrl = withDatabase(postgres.url, 'postgres');
  const template = `${TEST_PREFIX}${runId}_template`;

  await withAdminClient(adminUrl, async (client) => {
    const { rows } = await client.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${TEST_PREFIX}%`]);
    for (const { datname } of rows) {
      const owner = datname.slice(TEST_PREFIX.length).split('_')[0];
      if (!runIsAlive(owner)) await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(datname)} WITH (FORCE)`);
    }
    await client.query(`CREATE DATABASE ${quoteIdent(template)}`);
  });

  const migrate = spawnSync(
    path.join(ROOT, 'node_modules', '.bin', 'node'),
    ['-r', '@swc-node/register', path.join(ROOT, 'apps', 'cli', 'src', 'main.ts'), 'migrate'],
    { cwd: ROOT, env: { ...process.env, DATABASE_URL: withDatabase(postgres.url, template) }, encoding: 'utf8' },
  );
  if (migrate.status !== 0) {
    throw new Error(`Migrating the test template failed:\n${migrate.stdout}\n${migrate.stderr}`);
  }

  // Workers start after this function and inherit these.
  process.env.MTL_TEST_RUN_ID = runId;
  process.env.MTL_TEST_ADMIN_URL = adminUrl;
  process.env.MTL_TEST_TEMPLATE = template;
  process.env.REDIS_URL = redis.url;
  process.env.NODE_ENV = 'test';
  process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'silent';
  /** @type {any} */ (globalThis).__mtlTestServices = { postgres, redis, runId, adminUrl };
}
