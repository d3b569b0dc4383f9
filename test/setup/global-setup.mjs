// @ts-check
/**
 * Once per `jest` run: find or start PostgreSQL and Redis, clear what dead runs left behind, and
 * build a template database by running the real migrations through the real CLI. Each test file
 * then clones the template (see per-file-resources.ts).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensurePostgres, ensureRedis, ROOT, withDatabase } from '../../scripts/platform/services.mjs';
import { quoteIdent, runIsAlive, TEST_PREFIX, withAdminClient } from './test-run.mjs';

export default async function globalSetup() {
  const quiet = () => undefined;
  const postgres = await ensurePostgres({ log: quiet });
  const redis = await ensureRedis({ log: quiet });
  // Base 32 has no "x", the separator: older checkouts read the pid as the part after the first one.
  const runId = `${Date.now().toString(32)}x${process.pid}`;
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

  // The tenant-owned tables (organization_id, the tenant policies): what the query-coverage check
  // (tenant-query-coverage.ts) watches. The audit trail has policies of its own (tenants add rows
  // about their own organization and read none), so no tenant query can read across it.
  const tenantTables = await withAdminClient(withDatabase(postgres.url, template), async (client) => {
    const { rows } = await client.query(
      `SELECT DISTINCT c.relname AS name FROM pg_policy p
       JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname =
         current_schema()
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'organization_id' AND NOT a.attisdropped
       WHERE p.polname = 'tenant_read' ORDER BY 1`,
    );
    return rows.map((row) => row.name);
  });
  if (tenantTables.length === 0) throw new Error('The migrated template has no tenant table (tenant_read policy)');
  // Folders of runs that died before their teardown (killed, interrupted) go, as their databases do.
  for (const name of readdirSync(tmpdir())) {
    const dead = /^mtl-query-coverage-(.+)-[^-]+$/.exec(name);
    if (dead && !runIsAlive(dead[1])) rmSync(path.join(tmpdir(), name), { recursive: true, force: true });
  }
  const queryCoverageDir = mkdtempSync(path.join(tmpdir(), `mtl-query-coverage-${runId}-`));

  // Workers start after this function and inherit these.
  process.env.MTL_QUERY_COVERAGE_DIR = queryCoverageDir;
  process.env.MTL_QUERY_COVERAGE_TABLES = tenantTables.join(',');
  process.env.MTL_TEST_RUN_ID = runId;
  process.env.MTL_TEST_ADMIN_URL = adminUrl;
  process.env.MTL_TEST_TEMPLATE = template;
  process.env.REDIS_URL = redis.url;
  process.env.NODE_ENV = 'test';
  process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'silent';
  /** @type {any} */ (globalThis).__mtlTestServices = { postgres, redis, runId, adminUrl, queryCoverageDir };
}
