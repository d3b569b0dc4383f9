// @ts-check
/**
 * `npm start`: the whole platform on sensible defaults. Builds if needed, finds or starts
 * PostgreSQL and Redis, migrates, seeds the demo data, starts LMS, Studio and the worker, prints
 * where they are, and on Ctrl-C stops everything it started.
 */
import { spawn, spawnSync } from 'node:child_process';
import { buildIfNeeded, builtMain } from './build.mjs';
import { ensurePostgres, ensureRedis, ROOT } from './services.mjs';

// The bootstrap's start when it ran first, so that the install counts too.
const started = Number(process.env.MTL_STARTED_AT) || Date.now();
const installMs = Number(process.env.MTL_INSTALL_MS) || 0;
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
  // The apps' own logs: warnings and errors only, unless LOG_LEVEL asks for more. At `info` every
  // request is a line (the health checks below among them) and the lines to try scroll away.
  const quietByDefault = env.LOG_LEVEL === undefined;
  const appEnv = { ...env, LOG_LEVEL: env.LOG_LEVEL ?? 'warn' };
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
      env: { ...appEnv, DATABASE_MIGRATE_ON_START: 'false' },
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
  const installed = installMs > 0 ? `, ${(installMs / 1000).toFixed(1)} s of it installing dependencies` : '';
  const lms = (/** @type {string} */ host) => `http://${host}:${lmsPort}`;
  const studio = `http://localhost:${studioPort}`;
  const json = `-H 'content-type: application/json'`;
  const databaseLine =
    postgres.url.replace(/:[^:@/]*@/, ':***@') + (postgres.embedded ? ' (embedded, data in .data/postgres)' : '');
  const logsLine = quietByDefault
    ? 'warnings and errors only (LOG_LEVEL=info npm start shows every request)'
    : `LOG_LEVEL=${env.LOG_LEVEL}`;
  const token = `sed -E 's/.*"access_token":"([^"]+)".*/\\1/'`;
  console.log(`
  The platform is up (${seconds} s${installed}).

    LMS      http://localhost:${lmsPort}      API docs: http://localhost:${lmsPort}/docs
    Studio   ${studio}      API docs: ${studio}/docs
    Worker   consuming queues on ${redis.url}
    Database ${databaseLine}
    Logs     ${logsLine}

  Try (*.localhost resolves to 127.0.0.1):

    # Each site shows its own face: the Host header picks it.
    curl -s ${lms('mitx.localhost')}/api/site
    curl -s ${lms('harvardx.localhost')}/api/site

    # A learner registers on MITx's site, signs in there, and sees who they are.
    curl -s -X POST ${lms('mitx.localhost')}/api/auth/register ${json} \\
      -d '{"email":"you@example.com","password":"a long passphrase","name":"You"}'
    TOKEN=$(curl -s -X POST ${lms('mitx.localhost')}/api/auth/login ${json} \\
      -d '{"email":"you@example.com","password":"a long passphrase"}' | ${token})
    curl -s ${lms('mitx.localhost')}/api/me -H "authorization: Bearer $TOKEN"
    curl -s ${lms('harvardx.localhost')}/api/me -H "authorization: Bearer $TOKEN"   # 401: another site

    # An author signs in to Studio for their organization.
    STUDIO_TOKEN=$(curl -s -X POST ${studio}/api/auth/login ${json} \\
      -d '{"email":"author@mitx.demo","password":"demo-author-pass","organization":"MITx"}' | ${token})
    curl -s ${studio}/api/me -H "authorization: Bearer $STUDIO_TOKEN"

  Ctrl-C stops everything.
`);
}

main().catch((error) => {
  console.error(`[start] ${error instanceof Error ? error.message : error}`);
  void shutdown(1);
});
