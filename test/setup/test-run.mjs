// @ts-check
/** Names shared by the global setup, teardown and each test file's resources. */
import pg from 'pg';

/** Every database and Redis key a test run creates starts with this, then the run id. */
export const TEST_PREFIX = 'mtl_t_';

/** @template T @param {string} adminUrl @param {(client: pg.Client) => Promise<T>} fn @returns {Promise<T>} */
export async function withAdminClient(adminUrl, fn) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** @param {string} name */
export const quoteIdent = (name) => `"${name.replace(/"/g, '""')}"`;

/** Run ids embed the pid of the Jest parent: a run whose process is gone left garbage behind. */
export function runIsAlive(runId) {
  // The pid follows the last 'x': the base-36 time before it may itself contain an 'x'.
  const pid = Number(runId.slice(runId.lastIndexOf('x') + 1));
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
