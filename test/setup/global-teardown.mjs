// @ts-check
/**
 * Drops everything this run created (databases, Redis keys) and stops services it started; then
 * reports the query coverage across tenants (tenant-query-coverage.ts) and fails the run when the
 * whole suite ran and a statement on a tenant table was never run with two organizations present.
 */
import { rmSync } from 'node:fs';
import path from 'node:path';
import Redis from 'ioredis';
import { queryCoverageReport } from './tenant-query-coverage.report.js';
import { quoteIdent, TEST_PREFIX, withAdminClient } from './test-run.mjs';

/** @param {{ testNamePattern?: string | null }} globalConfig */
export default async function globalTeardown(globalConfig) {
  const services = /** @type {any} */ (globalThis).__mtlTestServices;
  if (!services) return;
  const { postgres, redis, runId, adminUrl, queryCoverageDir } = services;
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

  const coverage = queryCoverageReport({
    directory: queryCoverageDir,
    root: path.resolve(import.meta.dirname, '../..'),
    narrowed: Boolean(globalConfig?.testNamePattern),
  });
  rmSync(queryCoverageDir, { recursive: true, force: true });
  if (coverage.uncovered.length > 0 && (coverage.enforced || process.env.MTL_QUERY_COVERAGE_LIST)) {
    const lines = coverage.uncovered.map(
      ({ statement, tables, files }) => `- [${tables.join(', ')}] ${statement}\n    run in: ${files.join(', ')}`,
    );
    const message =
      `Statements on tenant tables never run with two organizations' rows present ` +
      `in the tables they name (add a second organization to a test that runs them):\n${lines.join('\n')}`;
    if (coverage.enforced) throw new Error(message);
    console.log(message);
  }
}
