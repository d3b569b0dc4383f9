// @ts-check
/**
 * `npm start`: the whole platform on sensible defaults. Builds if needed, finds or starts
 * PostgreSQL and Redis, migrates, seeds the demo data, starts LMS, Studio and the worker, prints
 * where they are, and on Ctrl-C stops everything it started.
 */
import { spawn, spawnSync } from 'node:child_process';
import { buildIfNeeded, builtMain } from './build.mjs';
import { ensurePostgres, ensureRedis, ROOT } from './services.mjs';

const started = Date.now();
const say = (/** @type {string} */ line) => console.log(`[start] ${line}`);
/** @type {{ name: string, child: import('node:child_process').ChildProcess }[]} */
const apps = [];
/** @type {(() => Promise<void>)[]} */
const stops = [];
let stopping = false;

async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  say('Stopping...');
  await Promise.all(
    apps.map(
      ({ child }) =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve(undefined);
          const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
          child.once('exit', () => {
            clearTimeout(force);
            resolve(undefined);
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  for (const stop of stops.reverse()) await stop().catch((error) => say(`while stopping: ${error}`));
  say('Stopped.');
  process.exit(code);
}
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) process.on(signal, () => void shutdown(0));

/** @param {string} url */
async function waitForHealth(url, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
    try {
      const res = await fetch(url);
      if (res.status === 200) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return false;
}

async function main() {
  buildIfNeeded({ log: say });
  const postgres = await ensurePostgres({ log: say });
  stops.push(postgres.stop);
  const redis = await ensureRedis({ log: say });
  stops.push(redis.stop);

  const env = { ...process.env, DATABASE_URL: postgres.url, REDIS_URL: redis.url };
  const lmsPort = Number(env.LMS_PORT ?? 3000);
  const studioPort = Number(env.STUDIO_PORT ?? 3001);

  for (const command of [['migrate'], ['seed:demo']]) {
    const result = spawnSync(process.execPath, [builtMain('cli'), ...command], { cwd: ROOT, env, stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`\`cli ${command.join(' ')}\` failed (exit ${result.status})`);
  }

  for (const name of ['lms', 'studio', 'worker']) {
    // Migrations already ran above; the apps need not queue behind the lock again.
    const child = spawn(process.execPath, [builtMain(name)], {
      cwd: ROOT,
      env: { ...env, DATABASE_MIGRATE_ON_START: 'false' },
      stdio: 'inherit',
    });
    child.once('exit', (code, signal) => {
      if (!stopping) {
        say(`${name} exited (${signal ?? `code ${code}`}); stopping the platform.`);
        void shutdown(1);
      }
    });
    apps.push({ name, child });
  }

  const [lmsUp, studioUp] = await Promise.all([
    waitForHealth(`http://127.0.0.1:${lmsPort}/health`),
    waitForHealth(`http://127.0.0.1:${studioPort}/health`),
  ]);
  if (!lmsUp || !studioUp) throw new Error('LMS or Studio did not become healthy within 60 s');
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`
  The platform is up (${seconds} s).

    LMS      http://localhost:${lmsPort}      API docs: http://localhost:${lmsPort}/docs
    Studio   http://localhost:${studioPort}      API docs: http://localhost:${studioPort}/docs
    Worker   consuming queues on ${redis.url}
    Database ${postgres.url.replace(/:[^:@/]*@/, ':***@')}${postgres.embedded ? ' (embedded, data in .data/postgres)' : ''}

  Try:
    curl -s http://localhost:${lmsPort}/health
    curl -s http://localhost:${studioPort}/health

  Ctrl-C stops everything.
`);
}

main().catch((error) => {
  console.error(`[start] ${error instanceof Error ? error.message : error}`);
  void shutdown(1);
});
