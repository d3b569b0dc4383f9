/**
 * The LMS under a realistic mix for a minute, across 20 tenant sites, beside its own bare route
 * in the same run; fails on any answer the mix did not intend, on a leak of another tenant's
 * name, and on heap growth beyond noise.
 *
 *   npm run bench:load   (LOAD_SECONDS=60, LOAD_CONNECTIONS=50, LOAD_TENANTS=20,
 *                         LOAD_LEARNERS_PER_TENANT=200, LOAD_COURSES_PER_TENANT=40,
 *                         LOAD_BASELINE_SECONDS=10, LOAD_WARMUP_SECONDS=5,
 *                         LOAD_MAX_HEAP_GROWTH_MB=16; LOAD_MIX=course=100 for one kind alone)
 *
 * Data, on a throw-away migrated database: 20 organizations (OrganizationsService.bulkAdd), a
 * tenant site each (SitesService.create and configure: its own platform_name), 40 course runs
 * each written in the organization's tenant transaction and linked (bulkAddCourses), 32 of them
 * listed; 200 learners each (users and memberships written as the owner, all with one argon2id
 * hash of one password, since hashing 4,000 passwords would take minutes).
 *
 * The real LMS app runs in this process (as site.ts and catalog.ts run it), behind a trusted
 * proxy so that each login comes from an address of its own (X-Forwarded-For) and no login
 * throttle is reached. autocannon runs in a child process (autocannon-mix.js), 50 connections,
 * requests spread by weight over: GET /api/site 20 %, GET /api/courses?page_size=20 (pages 1-2)
 * 20 %, the catalog page / 10 %, GET /api/courses/:key 20 %, the course page /courses/:key 16 %,
 * GET /api/enrollments as a learner 6 %, POST /api/enrollments 6 % (each learner-course pair
 * once: 201 every time) and POST /api/auth/login 2 % (argon2id verification, the one CPU-heavy
 * request; a few percent of traffic on a real site). Bearer tokens are issued up front by the
 * app's TokenService for each learner's site, as a login would issue them.
 *
 * Order: a warm-up of the mix; the bare route (a plain Fastify route on the app's instance, all
 * root hooks, over the same 20 hosts); the server's memory after a forced GC; the mix for
 * LOAD_SECONDS; memory after GC again; the bare route again. The headline is the mix's
 * throughput over the bare route's (mean of its two runs) in the same run: a shared machine's
 * speed cancels out, what the mix's handlers, database and argon2 cost does not. Errors, leaks
 * and memory growth are printed on the lines before, and any of them makes the script exit 1.
 * Last line: `load_rps_ratio=<mix rps / bare rps>`.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { configurePlatformHttpApp } from '../../libs/app-core/src';
import { createFastifyAdapter } from '../../libs/http/src';
import { cleanUpOnSignals, runBench, runNode } from './bench-lifecycle';
import { load, request } from './http-load';
import { Cleanups, prepareLmsBenchEnvironment } from './lms-bench-app';
import { SeedCourse, seedTenantsThroughServices } from './tenant-seed';

const MIX_RUNNER = path.resolve(__dirname, 'autocannon-mix.js');
const PASSWORD = 'load-learner-passphrase';

/** The mix: kind, share (of 100) and the one status each kind's answers must have. */
const KINDS = [
  { name: 'site', weight: 20, status: 200, what: 'GET /api/site' },
  { name: 'catalog', weight: 20, status: 200, what: 'GET /api/courses?page_size=20' },
  { name: 'catalog_page', weight: 10, status: 200, what: 'GET / (catalog page)' },
  { name: 'course', weight: 20, status: 200, what: 'GET /api/courses/:key' },
  { name: 'course_page', weight: 16, status: 200, what: 'GET /courses/:key (page)' },
  { name: 'enrollments', weight: 6, status: 200, what: 'GET /api/enrollments' },
  { name: 'enroll', weight: 6, status: 201, what: 'POST /api/enrollments' },
  { name: 'login', weight: 2, status: 200, what: 'POST /api/auth/login' },
] as const;

/** KINDS, or the shares of LOAD_MIX (`course=100` or `site=50,login=50`: to look at one kind alone). */
function mixWeights(): { name: string; weight: number; status: number }[] {
  const spec = process.env.LOAD_MIX;
  if (!spec) return [...KINDS];
  const shares = new Map(spec.split(',').map((part) => part.split('=') as [string, string]));
  for (const name of shares.keys())
    if (!KINDS.some((k) => k.name === name)) throw new Error(`LOAD_MIX: unknown kind ${name}`);
  return KINDS.map((k) => ({ ...k, weight: Number(shares.get(k.name) ?? 0) })).filter((k) => k.weight > 0);
}

interface Tenant {
  shortName: string;
  host: string;
  organizationId: number;
  siteId: number;
  /** Listed courses (published, visibility `both`). */
  courses: string[];
  learners: { id: string; email: string; token: string }[];
}

interface MixResult {
  requestsPerSecond: number;
  total: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  kinds: Record<string, { count: number; p50: number; p99: number; unexpected: Record<string, number>; leaks: number }>;
  samples: { kind: string; status: number; body: string }[];
  enrollNext: number;
  loginNext: number;
  exhausted: number;
}

const shortNameOf = (i: number): string => `Load${String(i).padStart(2, '0')}X`;
const hostOf = (i: number): string => `load${String(i).padStart(2, '0')}.localhost`;
const courseKeyOf = (shortName: string, j: number): string =>
  `course-v1:${shortName}+L${String(j).padStart(3, '0')}+2026_T${(j % 3) + 1}`;

/** Organizations, sites and courses through the platform's services; learners as the owner. */
async function seed(url: string, tenants: number, coursesPerTenant: number, learnersPerTenant: number) {
  const { PasswordHasher } = await import('../../libs/accounts/src');
  const started = Date.now();
  const seeded = await seedTenantsThroughServices(
    Array.from({ length: tenants }, (_, i) => {
      const shortName = shortNameOf(i);
      return {
        shortName,
        name: `Load University ${i}`,
        domain: hostOf(i),
        siteName: `Load site ${i}`,
        siteValues: { platform_name: `Load Online ${i}` },
        // 4 of every 5 listed; the others `about`, `none` or unpublished, as a real catalog has.
        courses: Array.from({ length: coursesPerTenant }, (_, j) => {
          const key = courseKeyOf(shortName, j);
          return {
            key,
            name: `${shortName} course ${key.split('+')[1]}`,
            visibility: j % 5 === 1 ? 'about' : j % 5 === 2 && j % 2 === 0 ? 'none' : 'both',
            published: !(j % 5 === 2 && j % 2 === 1),
            start: new Date(Date.now() + ((j * 37) % 400) * 86_400_000 - 200 * 86_400_000),
            end: null,
          } satisfies SeedCourse;
        }),
      };
    }),
    'bench:load',
  );

  const hash = await new PasswordHasher().hash(PASSWORD);
  const owner = new Client({ connectionString: url });
  await owner.connect();
  const result: Omit<Tenant, 'learners'>[] = [];
  const learnersOf = new Map<string, { id: string; email: string }[]>();
  try {
    for (const tenant of seeded) {
      const host = tenant.domain;
      const emails = Array.from({ length: learnersPerTenant }, (_, j) => `learner${j}@${host}`);
      const { rows } = await owner.query<{ id: string; email: string }>(
        `INSERT INTO users (organization_id, email, name, password_hash)
         SELECT $1, e, 'Load learner ' || e, $3 FROM unnest($2::text[]) e RETURNING id, email`,
        [tenant.organizationId, emails, hash],
      );
      await owner.query(
        `INSERT INTO organization_memberships (organization_id, user_id, role) SELECT $1, ` +
          `unnest($2::uuid[]), 'learner'`,
        [tenant.organizationId, rows.map((r) => r.id)],
      );
      const [site] = (await owner.query<{ id: number }>(`SELECT id FROM sites WHERE domain = $1`, [host])).rows;
      learnersOf.set(tenant.shortName, rows);
      const listed = tenant.courses.filter((c) => c.published && c.visibility === 'both').map((c) => c.key);
      result.push({
        shortName: tenant.shortName,
        host,
        organizationId: tenant.organizationId,
        siteId: site.id,
        courses: listed,
      });
    }
    await owner.query('ANALYZE');
  } finally {
    await owner.end();
  }
  console.log(
    `seeded ${tenants} organizations with a site each, ${tenants * coursesPerTenant} course ` +
      `runs and ${tenants * learnersPerTenant} learners in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return { tenants: result, learnersOf };
}

/** The server's memory after a full collection (run with --expose-gc, as `npm run bench:load` does). */
async function memory(): Promise<{ rss: number; heapUsed: number }> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc (npm run bench:load does)');
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
}

const mb = (bytes: number): string => `${(bytes / 1048576).toFixed(1)} MB`;

function runMix(plan: object, directory: string): Promise<MixResult> {
  const file = path.join(directory, `plan-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify(plan));
  return runNode([MIX_RUNNER, file], 'autocannon-mix').then((stdout) => JSON.parse(stdout) as MixResult);
}

async function main(): Promise<void> {
  const seconds = Number(process.env.LOAD_SECONDS ?? 60);
  const connections = Number(process.env.LOAD_CONNECTIONS ?? 50);
  const tenantCount = Number(process.env.LOAD_TENANTS ?? 20);
  const learnersPerTenant = Number(process.env.LOAD_LEARNERS_PER_TENANT ?? 200);
  const coursesPerTenant = Number(process.env.LOAD_COURSES_PER_TENANT ?? 40);
  const baselineSeconds = Number(process.env.LOAD_BASELINE_SECONDS ?? 10);
  const warmupSeconds = Number(process.env.LOAD_WARMUP_SECONDS ?? 5);
  const maxHeapGrowthMb = Number(process.env.LOAD_MAX_HEAP_GROWTH_MB ?? 16);
  const cleanups = new Cleanups();
  // Ctrl-C still drops the database and the Redis keys.
  cleanUpOnSignals(cleanups, ['SIGINT']);
  try {
    console.log(`bench:load at ${new Date().toISOString()}`);
    const { databaseUrl } = await prepareLmsBenchEnvironment('load', cleanups);
    const directory = mkdtempSync(path.join(tmpdir(), 'mtl-bench-load-'));
    cleanups.push(() => Promise.resolve(rmSync(directory, { recursive: true, force: true })));
    // Logins come through a trusted proxy, each from an address of its own (X-Forwarded-For).
    process.env.TRUST_PROXY = 'true';
    const { tenants: seeded, learnersOf } = await seed(databaseUrl, tenantCount, coursesPerTenant, learnersPerTenant);

    const { LmsModule } = await import('../../apps/lms/src/lms.module');
    const { TokenService, siteAudience } = await import('../../libs/accounts/src');
    const app = await NestFactory.create<NestFastifyApplication>(
      LmsModule,
      createFastifyAdapter({ trustProxy: true }),
      { bufferLogs: true },
    );
    cleanups.push(() => app.close());
    configurePlatformHttpApp(app, { title: 'bench', description: 'bench', trustProxy: true });
    const bareBody = { ok: true };
    app
      .getHttpAdapter()
      .getInstance()
      .get('/__bench/bare', (_request, reply) => reply.send(bareBody));
    await app.listen(0, '127.0.0.1');
    const base = await app.getUrl();

    const tokens = app.get(TokenService);
    const tenants: Tenant[] = [];
    for (const tenant of seeded) {
      const learners = [];
      for (const learner of learnersOf.get(tenant.shortName) ?? []) {
        const { access_token } = await tokens.issueToken(
          { userId: learner.id, organizationId: tenant.organizationId, role: 'learner' },
          siteAudience(tenant.siteId),
        );
        learners.push({ ...learner, token: access_token });
      }
      tenants.push({ ...tenant, learners });
    }

    // One request of each kind by hand first: a wrong set-up fails here, clearly, not as a flood.
    const [t] = tenants;
    const checks: [string, Parameters<typeof request>[1] & { path: string }, number][] = [
      ['site', { path: '/api/site' }, 200],
      ['catalog', { path: '/api/courses?page_size=20' }, 200],
      ['catalog page', { path: '/', headers: { accept: 'text/html' } }, 200],
      ['course', { path: `/api/courses/${encodeURIComponent(t.courses[0])}` }, 200],
      ['course page', { path: `/courses/${encodeURIComponent(t.courses[0])}`, headers: { accept: 'text/html' } }, 200],
      ['enrollments', { path: '/api/enrollments', headers: { authorization: `Bearer ${t.learners[0].token}` } }, 200],
      [
        'login',
        {
          path: '/api/auth/login',
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': '192.0.2.1' },
          body: JSON.stringify({ email: t.learners[0].email, password: PASSWORD }),
        },
        200,
      ],
      ['bare', { path: '/__bench/bare' }, 200],
    ];
    for (const [what, options, status] of checks) {
      const res = await request(`${base}${options.path}`, {
        ...options,
        headers: { host: t.host, ...options.headers },
      });
      if (res.status !== status)
        throw new Error(`${what} on ${t.host} answered ${res.status}: ${res.body.slice(0, 300)}`);
    }

    const plan = {
      url: base,
      connections,
      password: PASSWORD,
      kinds: mixWeights().map(({ name, weight, status }) => ({ name, weight, status })),
      learnersPerTenant,
      coursesPerTenant: Math.min(...tenants.map((x) => x.courses.length)),
      tenants: tenants.map(({ shortName, host, courses, learners }) => ({
        shortName,
        host,
        courses,
        learners: learners.map(({ email, token }) => ({ email, token })),
      })),
      enrollStart: 0,
      loginStart: 1,
    };
    const hosts = tenants.map((x) => x.host);
    const failures: string[] = [];
    const mixFailures = (phase: string, r: MixResult): void => {
      if (r.errors > 0) failures.push(`${phase}: ${r.errors} connection errors or timeouts`);
      if (r.exhausted > 0) failures.push(`${phase}: learner-course pairs ran out (raise LOAD_LEARNERS_PER_TENANT)`);
      for (const [kind, k] of Object.entries(r.kinds)) {
        const unexpected = Object.entries(k.unexpected);
        if (unexpected.length > 0)
          failures.push(`${phase}: ${kind}: ${unexpected.map(([s, n]) => `${n} × ${s}`).join(', ')}`);
        if (k.leaks > 0) failures.push(`${phase}: ${kind}: ${k.leaks} answers named another tenant`);
      }
      for (const sample of r.samples) failures.push(`  e.g. ${sample.kind} → ${sample.status} ${sample.body}`);
    };

    const warm = await runMix({ ...plan, seconds: warmupSeconds }, directory);
    mixFailures('warm-up', warm);
    const bareBefore = await load(`${base}/__bench/bare`, { seconds: baselineSeconds, connections, hosts });
    const before = await memory();
    const mix = await runMix({ ...plan, seconds, enrollStart: warm.enrollNext, loginStart: warm.loginNext }, directory);
    mixFailures('mix', mix);
    // Requests cut off when autocannon stops are still being answered for a moment.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = await memory();
    const bareAfter = await load(`${base}/__bench/bare`, { seconds: baselineSeconds, connections, hosts });
    for (const [phase, r] of [
      ['bare before', bareBefore],
      ['bare after', bareAfter],
    ] as const) {
      if (r.non2xx > 0 || r.errors > 0) failures.push(`${phase}: ${r.non2xx} non-2xx answers, ${r.errors} errors`);
    }
    const owner = new Client({ connectionString: databaseUrl });
    await owner.connect();
    const [{ enrollments }] = (
      await owner.query<{ enrollments: number }>(`SELECT count(*)::int AS enrollments FROM enrollments`)
    ).rows;
    await owner.end();
    await cleanups.run();

    const bareRps = (bareBefore.requestsPerSecond + bareAfter.requestsPerSecond) / 2;
    console.log(
      `mix: ${connections} connections, ${seconds} s, over ${tenants.length} tenant sites ` +
        `(warm-up ${warmupSeconds} s before)`,
    );
    console.log('kind                              share  requests   p50 ms   p99 ms');
    for (const kind of KINDS) {
      const k = mix.kinds[kind.name];
      if (!k || k.count === 0) continue;
      console.log(
        `${kind.what.padEnd(32)} ` +
          (`${String(plan.kinds.find((x) => x.name === kind.name)?.weight ?? 0).padStart(4)} % ` +
            `${String(k.count).padStart(9)} ${k.p50.toFixed(1).padStart(8)} ${k.p99.toFixed(1).padStart(8)}`),
      );
    }
    console.log(
      `mix total                               ${String(mix.total).padStart(9)} ` +
        (`${String(mix.p50Ms).padStart(8)} ${String(mix.p99Ms).padStart(8)}   ` +
          `${Math.round(mix.requestsPerSecond)} req/s`),
    );
    console.log(
      `bare route (same app, its hooks, same hosts): ` +
        (`${Math.round(bareBefore.requestsPerSecond)} req/s before, ` +
          `${Math.round(bareAfter.requestsPerSecond)} after (${baselineSeconds} s each)`),
    );
    console.log(`enrollments written: ${enrollments} (each learner-course pair once)`);
    const heapGrowth = after.heapUsed - before.heapUsed;
    console.log(
      `server memory after GC: heap ${mb(before.heapUsed)} → ${mb(after.heapUsed)} ` +
        `(${heapGrowth >= 0 ? '+' : ''}${mb(heapGrowth)}), rss ${mb(before.rss)} → ${mb(after.rss)}`,
    );
    if (heapGrowth > maxHeapGrowthMb * 1048576)
      failures.push(
        `heap grew by ${mb(heapGrowth)} during the mix (more than LOAD_MAX_HEAP_GROWTH_MB=${maxHeapGrowthMb})`,
      );
    const errors =
      mix.errors +
      Object.values(mix.kinds).reduce(
        (sum, k) => sum + k.leaks + Object.values(k.unexpected).reduce((a, b) => a + b, 0),
        0,
      );
    console.log(`load_errors=${errors}`);
    console.log(`load_heap_growth_mb=${(heapGrowth / 1048576).toFixed(1)}`);
    if (failures.length > 0) {
      console.error(`bench:load FAILED:\n${failures.join('\n')}`);
      process.exitCode = 1;
    }
    console.log(`load_rps_ratio=${(mix.requestsPerSecond / bareRps).toFixed(3)}`);
  } catch (error) {
    await cleanups.run();
    throw error;
  }
}

runBench(main);
