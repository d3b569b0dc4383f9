// @ts-check
/** Names shared by the global setup, teardown and each test file's resources. */
import pg from 'pg';

/** Every database and Redis key a test run creates starts with this, then the run id. */
export const TEST_PREFIX = 'mtl_t_';

/** @param {string} adminUrl @param {(client: pg.Client) => Promise<void>} fn */
export async function withAdminClient(adminUrl, fn) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await fn(client);
  } finally {
    await client.end();
  }
}

/** @param {string} name */
export const quoteIdent = (name) => `"${name.replace(/"/g, '""')}"`;

/** Run ids (`<ms>x<pid>`) embed the pid of the Jest parent: a run whose process is gone left garbage behind. */
export function runIsAlive(runId) {
  const pid = Number(runId.slice(runId.lastIndexOf('x') + 1));
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
