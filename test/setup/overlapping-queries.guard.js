// @ts-check
/**
 * pg warns (a DeprecationWarning, once per process) when `client.query()` is called while the
 * client still has a query queued: pg 9 will reject it, and inside a transaction it interleaves
 * the statements of two callers on one connection. Tests treat the warning as a failure:
 * - in a Jest worker, fail-on-overlapping-queries.ts fails the test during which it came;
 * - in a child process a test starts (CLI, apps), this file is preloaded through NODE_OPTIONS
 *   and, with MTL_FAIL_ON_OVERLAPPING_QUERIES=exit, ends the process with code 70 after printing
 *   where the query was sent from.
 */
const MESSAGE = /client\.query\(\) when the client is already executing a query/;

/** Duck-typed: the warning may come from another realm than the caller's `Error`. @param {any} warning */
function isOverlappingQueryWarning(warning) {
  return warning?.name === 'DeprecationWarning' && MESSAGE.test(String(warning.message));
}

/** The exit code of a child process that sent overlapping queries. */
const OVERLAP_EXIT_CODE = 70;

/** The absolute path to give `--require`. */
const GUARD_PATH = require.resolve('./overlapping-queries.guard.js');

module.exports = { isOverlappingQueryWarning, GUARD_PATH, OVERLAP_EXIT_CODE };

// Not inside a Jest sandbox (its `process` never sees the warning; the setup file handles it there).
if (process.env.MTL_FAIL_ON_OVERLAPPING_QUERIES === 'exit' && !('__mtlOnHostWarning' in globalThis)) {
  process.on('warning', (warning) => {
    if (!isOverlappingQueryWarning(warning)) return;
    process.stderr.write(`Two queries were sent on one pg client at once:\n${warning.stack}\n`);
    process.exit(OVERLAP_EXIT_CODE);
  });
}
