/**
 * Fails the test during which pg warned that a query was sent on a client that was still busy
 * (see overlapping-queries.guard.js), in this process and in the child processes a test starts.
 */
import { GUARD_PATH, isOverlappingQueryWarning } from './overlapping-queries.guard';

type OnHostWarning = (listener: (warning: Error) => void) => () => void;
const onHostWarning = (globalThis as { __mtlOnHostWarning?: OnHostWarning }).__mtlOnHostWarning;
if (!onHostWarning)
  throw new Error('fail-on-overlapping-queries needs the host-warnings test environment (jest.config.js)');

// Child processes started from this file (the CLI, apps) exit with code 70 on the warning.
process.env.MTL_FAIL_ON_OVERLAPPING_QUERIES = 'exit';
const preload = `--require ${JSON.stringify(GUARD_PATH)}`;
if (!(process.env.NODE_OPTIONS ?? '').includes(preload)) {
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} ${preload}`.trim();
}

const seen: Error[] = [];
const stop = onHostWarning((warning) => {
  if (isOverlappingQueryWarning(warning)) seen.push(warning);
});

function failIfSeen(): void {
  const [first] = seen.splice(0);
  if (first) throw new Error(`Two queries were sent on one pg client at once (pg 9 rejects this):\n${first.stack}`);
}

// Node emits the warning on the next tick: let it arrive before looking.
afterEach(async () => {
  await new Promise((resolve) => setImmediate(resolve));
  failIfSeen();
});

afterAll(async () => {
  await new Promise((resolve) => setImmediate(resolve));
  stop();
  failIfSeen();
});
