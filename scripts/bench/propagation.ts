/**
 * How long a site configuration change made through Studio takes to be served by every LMS.
 *
 *   npm run bench:propagation     (BENCH_CHANGES=100 changes)
 *
 * Three processes, started as `main.ts` is in production but from the TypeScript sources: two LMS
 * instances and Studio, on free ports of 127.0.0.1, sharing a throw-away migrated database and
 * Redis (REDIS_URL, the machine's, or a private redis-server) under REDIS_KEY_PREFIX
 * `mtl_bench_<pid>`. An operator is created in the database, signs in to Studio, then sets a new
 * `platform_name` on the site `bench.localhost` BENCH_CHANGES times
 * (`PUT /api/admin/sites/bench.localhost/configuration`). Each delay is measured from just before
 * the PUT is sent until both LMS instances answer the new name on `GET /api/site` (each polled over
 * a keep-alive connection, one request at a time with a 2 ms pause between answers, concurrently
 * with the PUT). It includes the PUT itself (authentication, the locked update, the commit and the
 * Redis publish), the delivery, each instance's cache refresh and up to one poll interval.
 *
 * Printed: the baseline of this run (median round trip of one GET /api/site, and of one PUT), the
 * delays' p50, p90, p99 and max, and, for reading, the same delays counted from the PUT's answer.
 * The last line is `p99_ms=<N>` (whole milliseconds, rounded up).
 */
import { ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import { PasswordHasher } from '../../libs/accounts/src/password-hasher';
import { cleanUpOnSignals, runBench } from './bench-lifecycle';
import { insertOrganizationWithSite } from './bench-site-seed';
import { median, request } from './http-load';
import { Cleanups, prepareLmsBenchEnvironment } from './lms-bench-app';

const ROOT = path.resolve(__dirname, '../..');
const DOMAIN = 'bench.localhost';
const OPERATOR = { email: 'operator@bench.localhost', password: `bench-${process.pid}-${Date.now()}` };
const POLL_PAUSE_MS = 2;
const CHANGE_TIMEOUT_MS = 10_000;
const START_TIMEOUT_MS = 180_000;
const BASE_VALUES = {
  course_org_filter: 'BenchX',
  contact_email: 'help@bench.localhost',
  theme: { primary_color: '#0b5394', font: 'Inter' },
};

interface App {
  name: string;
  url: string;
  child: ChildProcess;
  output: string[];
}

async function seed(url: string): Promise<void> {
  const owner = new Client({ connectionString: url });
  await owner.connect();
  try {
    await insertOrganizationWithSite(owner, {
      organization: { name: 'Bench University', shortName: 'BenchX' },
      site: { domain: DOMAIN, name: 'Bench site' },
      values: { ...BASE_VALUES, platform_name: 'Bench start' },
    });
    // Hashed as OperatorsService.createOperator does (argon2id, the platform's parameters).
    const hash = await new PasswordHasher().hash(OPERATOR.password);
    await owner.query(`INSERT INTO operators (email, name, password_hash) VALUES ($1, 'Bench operator', $2)`, [
      OPERATOR.email,
      hash,
    ]);
  } finally {
    await owner.end();
  }
}

function start(name: string, entry: string, port: number, env: Record<string, string>): App {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', entry], {
    cwd: ROOT,
    env: { ...process.env, ...env, LMS_PORT: String(port), STUDIO_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const app: App = { name, url: `http://127.0.0.1:${port}`, child, output: [] };
  const keep = (chunk: Buffer): void => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      app.output.push(line);
      if (app.output.length > 40) app.output.shift();
      // LOG_LEVEL=warn: only warnings and errors get here, and they matter to the figures.
      process.stderr.write(`[${name}] ${line}\n`);
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return app;
}

async function waitHealthy(app: App): Promise<void> {
  const deadline = performance.now() + START_TIMEOUT_MS;
  for (;;) {
    if (app.child.exitCode !== null || app.child.signalCode !== null) {
      throw new Error(
        `${app.name} exited (${app.child.exitCode ?? app.child.signalCode}) before /health ` +
          `answered:\n${app.output.join('\n')}`,
      );
    }
    const status = await request(`${app.url}/health`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    if (performance.now() > deadline)
      throw new Error(`${app.name}: /health not 200 within ${START_TIMEOUT_MS / 1000} s (last ${status})`);
    await sleep(250);
  }
}

function stop(app: App): Promise<void> {
  const { child } = app;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Nearest-rank percentile. */
const percentile = (xs: number[], p: number): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
};
const ms = (x: number): string => x.toFixed(1);

async function main(): Promise<void> {
  const changes = Number(process.env.BENCH_CHANGES ?? 100);
  const cleanups = new Cleanups();
  cleanUpOnSignals(cleanups);
  try {
    const { freePort } = await import('../platform/services.mjs');
    // The database, Redis and key prefix are set in this process' environment, which the apps inherit.
    const { databaseUrl } = await prepareLmsBenchEnvironment('propagation', cleanups);
    await seed(databaseUrl);

    const env = { HTTP_HOST: '127.0.0.1' };
    const apps = [
      start('lms-a', 'apps/lms/src/main.ts', await freePort(), env),
      start('lms-b', 'apps/lms/src/main.ts', await freePort(), env),
      start('studio', 'apps/studio/src/main.ts', await freePort(), env),
    ];
    cleanups.push(() => Promise.all(apps.map(stop)));
    const started = performance.now();
    await Promise.all(apps.map(waitHealthy));
    console.log(
      `lms-a, lms-b and studio answer /health 200 ` +
        `(${((performance.now() - started) / 1000).toFixed(1)} s after spawning)`,
    );
    const [lmsA, lmsB, studio] = apps;
    const lmsInstances = [lmsA, lmsB];

    const studioAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const lmsAgents = lmsInstances.map(() => new http.Agent({ keepAlive: true, maxSockets: 1 }));
    cleanups.push(() => Promise.resolve([studioAgent, ...lmsAgents].forEach((a) => a.destroy())));
    const platformNameOn = async (i: number): Promise<string | undefined> => {
      const res = await request(`${lmsInstances[i].url}/api/site`, { headers: { host: DOMAIN }, agent: lmsAgents[i] });
      if (res.status !== 200)
        throw new Error(`${lmsInstances[i].name}: GET /api/site answered ${res.status} ${res.body}`);
      return (JSON.parse(res.body) as { platform_name?: string }).platform_name;
    };
    for (const i of [0, 1]) {
      const name = await platformNameOn(i);
      if (name !== 'Bench start')
        throw new Error(
          `${lmsInstances[i].name}: GET /api/site (Host ${DOMAIN}) serves platform_name ${name}, not the seeded one`,
        );
    }

    const login = await request(`${studio.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(OPERATOR),
      agent: studioAgent,
    });
    if (login.status !== 200) throw new Error(`Studio login answered ${login.status} ${login.body}`);
    const token = (JSON.parse(login.body) as { access_token: string }).access_token;
    const put = (platformName: string) =>
      request(`${studio.url}/api/admin/sites/${DOMAIN}/configuration`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ enabled: true, site_values: { ...BASE_VALUES, platform_name: platformName } }),
        agent: studioAgent,
      });

    // Baseline of this run: one GET /api/site round trip on each instance, and one PUT.
    const roundTrips: number[] = [];
    for (let n = 0; n < 200; n++) {
      const t0 = performance.now();
      await platformNameOn(n % 2);
      roundTrips.push(performance.now() - t0);
    }
    const putTrips: number[] = [];
    for (let n = 0; n < 10; n++) {
      const t0 = performance.now();
      const res = await put(`Bench warm-up ${n}`);
      putTrips.push(performance.now() - t0);
      if (res.status !== 200) throw new Error(`PUT configuration answered ${res.status} ${res.body}`);
    }

    // Both instances serve the last warm-up value before the first measured change.
    const poll = async (i: number, marker: string, t0: number): Promise<number> => {
      for (;;) {
        if ((await platformNameOn(i)) === marker) return performance.now() - t0;
        if (performance.now() - t0 > CHANGE_TIMEOUT_MS)
          throw new Error(`${lmsInstances[i].name} did not serve ${marker} within ${CHANGE_TIMEOUT_MS} ms`);
        await sleep(POLL_PAUSE_MS);
      }
    };
    const warm = performance.now();
    await Promise.all([0, 1].map((i) => poll(i, 'Bench warm-up 9', warm)));

    const delays: number[] = [];
    const afterAnswer: number[] = [];
    const putDurations: number[] = [];
    const perInstance: [number[], number[]] = [[], []];
    for (let n = 0; n < changes; n++) {
      const marker = `Bench ${n} ${Date.now()}`;
      const t0 = performance.now();
      const sent = put(marker).then((res) => {
        if (res.status !== 200) throw new Error(`PUT configuration answered ${res.status} ${res.body}`);
        return performance.now() - t0;
      });
      sent.catch(() => undefined); // awaited below; not unhandled if a poll fails first
      const [a, b] = await Promise.all([poll(0, marker, t0), poll(1, marker, t0)]);
      const putMs = await sent;
      const delay = Math.max(a, b);
      delays.push(delay);
      perInstance[0].push(a);
      perInstance[1].push(b);
      putDurations.push(putMs);
      afterAnswer.push(Math.max(0, delay - putMs));
    }
    await cleanups.run();

    console.log(
      `baseline: one GET /api/site round trip, median ${ms(median(roundTrips))} ms (200 ` +
        `requests, keep-alive); one PUT configuration, median ${ms(median(putTrips))} ms (10)`,
    );
    console.log(
      `${changes} changes through Studio; polling each LMS every ~${POLL_PAUSE_MS} ms; delay ` +
        `from just before the PUT is sent until both serve it:`,
    );
    console.log(
      `  p50 ${ms(percentile(delays, 50))} ms  p90 ${ms(percentile(delays, 90))} ms  p99 ` +
        `${ms(percentile(delays, 99))} ms  max ${ms(Math.max(...delays))} ms`,
    );
    for (const i of [0, 1])
      console.log(
        `  ${lmsInstances[i].name} alone: p50 ${ms(percentile(perInstance[i], 50))} ms  p99 ` +
          `${ms(percentile(perInstance[i], 99))} ms`,
      );
    console.log(
      `  the PUT's own round trip meanwhile: p50 ${ms(percentile(putDurations, 50))} ms  p99 ` +
        `${ms(percentile(putDurations, 99))} ms`,
    );
    console.log(
      `  counted from the PUT's answer instead: p50 ${ms(percentile(afterAnswer, 50))} ms  p99 ` +
        `${ms(percentile(afterAnswer, 99))} ms`,
    );
    console.log(`p99_ms=${Math.ceil(percentile(delays, 99))}`);
  } catch (error) {
    await cleanups.run();
    throw error;
  }
}

runBench(main);
