/**
 * Throughput of `GET /api/site` on a warm tenant site against a bare endpoint of the same app.
 *
 *   npm run bench:site            (BENCH_SECONDS=5 per round, BENCH_ROUNDS=3, BENCH_CONNECTIONS=50)
 *
 * The real LMS app (LmsModule, the Fastify adapter and configurePlatformHttpApp, as main.ts starts
 * it) runs in this process on a throw-away migrated database seeded with one organization, one
 * site (`bench.localhost`) and its enabled configuration (a few values and a theme), Redis keys
 * under `mtl_bench_<pid>`. autocannon (a separate process, 50 connections, `Host: bench.localhost`)
 * loads, in alternating rounds, the bare endpoint, `/api/site` and a plain Fastify server; the
 * medians are printed side by side, each with its ratio to plain Fastify in the same run, then
 * `bare_to_plain=… site_to_plain=…`, the last line being `ratio=<site/bare>`.
 *
 * The bare endpoint, and what it does NOT skip: it is a plain Fastify route registered on the
 * app's own Fastify instance (no Nest controller, guard, interceptor, pipe or filter), answering
 * the very body `/api/site` answers, precomputed, so that both serialize the same JSON. It cannot
 * escape the app's request machinery, though: every `onRequest`/`onResponse` hook added to the
 * root Fastify instance applies to every route, including routes of an encapsulated plugin
 * registered before those hooks (fastify.js `addHook` → `_addHook` recurses into every child
 * context, and route hooks are only bound at `preReady`; docs/Reference/Hooks.md "Scope"). So the
 * bare route still runs the adapter's own hooks (shutdown 503, CORS/security slots, routable
 * target, version extractor, onResponse slot), @fastify/middie (with no middleware), every root
 * hook of registerRootHooks (nestjs-cls context, X-Request-Id, site resolution, the unsafe-input
 * guard, the request log), plus Fastify's genReqId (requestIdOf). The script checks that with a
 * probe route at start-up and prints it. `ratio` therefore measures what Nest adds per request on
 * top of that machinery (routing into the controller, the handler and its helpers); the `plain`
 * series, the same body from a Fastify server in this same process with no hook at all, shows
 * what the machinery costs (`npm run bench:hooks` splits it hook by hook).
 *
 * Pool acquisitions on the data source's `master` pool are counted during every round: the
 * periodic site version check (SITE_RECONCILE_INTERVAL_MS, 5 s) acquires one now and then on both
 * kinds of round; a per-request query would show as about one per request.
 */
import 'reflect-metadata';
import { fastify } from 'fastify';
import { Client } from 'pg';
import { TenantContext } from '../../libs/tenancy/src';
import { loadRounds, medianOf, request, RoundResult } from './http-load';
import { Cleanups, prepareLmsBenchEnvironment, startLmsForBench } from './lms-bench-app';
import { runBench } from './bench-lifecycle';

const DOMAIN = 'bench.localhost';
const PLATFORM_NAME = 'Bench Online';
const KINDS = ['bare', 'site', 'plain'] as const;
type Kind = (typeof KINDS)[number];

async function seed(url: string): Promise<void> {
  const owner = new Client({ connectionString: url });
  await owner.connect();
  try {
    const [org] = (
      await owner.query<{ id: number }>(
        `INSERT INTO organizations (name, short_name, logo_url) VALUES ('Bench University', ` +
          `'BenchX', 'https://cdn.example.com/benchx.png') RETURNING id`,
      )
    ).rows;
    const [site] = (
      await owner.query<{ id: number }>(
        `INSERT INTO sites (domain, name, organization_id) VALUES ($1, 'Bench site', $2) RETURNING id`,
        [DOMAIN, org.id],
      )
    ).rows;
    const values = {
      course_org_filter: 'BenchX',
      platform_name: PLATFORM_NAME,
      contact_email: 'help@bench.localhost',
      ENABLE_COURSE_DISCOVERY: true,
      theme: { primary_color: '#0b5394', logo: 'https://cdn.example.com/benchx.png', font: 'Inter' },
    };
    await owner.query(`INSERT INTO site_configurations (site_id, enabled, site_values) VALUES ($1, true, $2)`, [
      site.id,
      JSON.stringify(values),
    ]);
  } finally {
    await owner.end();
  }
}

async function main(): Promise<void> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 5);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
  const cleanups = new Cleanups();
  try {
    const { databaseUrl } = await prepareLmsBenchEnvironment('site', cleanups);
    await seed(databaseUrl);

    // The bare endpoint and a probe of which hooks reach such a route, on the app's own instance.
    let body: unknown = null;
    const probed: { context?: TenantContext } = {};
    const { app, base, acquisitions } = await startLmsForBench(cleanups, (instance) => {
      instance.get('/__bench/bare', (_request, reply) => reply.send(body));
      instance.get('/__bench/probe', (_request, reply) =>
        reply.send({
          'nestjs-cls context (onRequest hook)': probed.context?.active,
          'site resolution hook (site id in context)': probed.context?.siteId ?? null,
          'X-Request-Id hook (header set)': reply.getHeader('x-request-id') !== undefined,
        }),
      );
    });
    probed.context = app.get(TenantContext);

    // A Fastify server of its own in this process, no hook, no middleware: the floor.
    const plainServer = fastify({ routerOptions: { ignoreTrailingSlash: true } });
    plainServer.get('/__bench/plain', (_request, reply) => reply.send(body));
    cleanups.push(() => plainServer.close());
    const plainBase = await plainServer.listen({ port: 0, host: '127.0.0.1' });

    const headers = { host: DOMAIN };
    const urls: Record<Kind, string> = {
      bare: `${base}/__bench/bare`,
      site: `${base}/api/site`,
      plain: `${plainBase}/__bench/plain`,
    };
    const check = await request(urls.site, { headers });
    const face = JSON.parse(check.body) as { platform_name?: string; theme?: unknown };
    if (check.status !== 200 || face.platform_name !== PLATFORM_NAME) {
      throw new Error(`GET /api/site with Host ${DOMAIN} answered ${check.status} ${JSON.stringify(face)}`);
    }
    body = face;
    console.log(`GET /api/site (Host: ${DOMAIN}) → 200 ${JSON.stringify(face)}`);
    const probe = JSON.parse((await request(`${base}/__bench/probe`, { headers })).body) as Record<string, unknown>;
    console.log('what the bare route still goes through (probe on the same Fastify instance):');
    for (const [what, seen] of Object.entries(probe)) console.log(`  ${what}: ${JSON.stringify(seen)}`);
    for (const kind of KINDS) {
      const res = await request(urls[kind], { headers });
      if (res.status !== 200 || res.body !== JSON.stringify(face))
        throw new Error(`${urls[kind]} answered ${res.status} with another body`);
    }

    const results = await loadRounds({
      kinds: KINDS,
      urls,
      seconds,
      rounds,
      connections,
      headers,
      count: acquisitions,
      describeCount: (counted) => `${counted} pool acquisitions`,
    });
    await cleanups.run();
    const rps = (kind: Kind): number => medianOf(results[kind], (r) => r.requestsPerSecond);
    const p99 = (kind: Kind): number => medianOf(results[kind], (r) => r.p99Ms);
    const cpu = (kind: Kind): number => medianOf(results[kind], (r) => r.cpuMicrosPerRequest);
    const sum = (kind: Kind, pick: (r: RoundResult) => number): number =>
      results[kind].reduce((total, r) => total + pick(r), 0);
    const plain = rps('plain');
    const labels: Record<Kind, string> = {
      plain: 'plain Fastify server, no hooks',
      bare: 'bare route on the LMS instance (its hooks)',
      site: 'GET /api/site (warm site)',
    };
    console.log(`medians of ${rounds} rounds, each with its ratio to plain Fastify in the same run:`);
    for (const kind of ['plain', 'bare', 'site'] as const) {
      console.log(
        `  ${labels[kind].padEnd(44)} ${String(Math.round(rps(kind))).padStart(6)} req/s  p99 ` +
          (`${p99(kind)} ms  ${(rps(kind) / plain).toFixed(2)} of plain  server cpu ` +
            `${cpu(kind).toFixed(0)} µs/req (${(cpu('plain') / cpu(kind)).toFixed(2)} of plain's rate)`),
      );
    }
    console.log(
      `database pool acquisitions during the load: /api/site ${sum('site', (r) => r.counted)} ` +
        (`for ${sum('site', (r) => r.total)} requests, bare ${sum('bare', (r) => r.counted)} for ` +
          `${sum('bare', (r) => r.total)} (periodic version checks)`),
    );
    console.log(`bare_to_plain=${(rps('bare') / plain).toFixed(2)} site_to_plain=${(rps('site') / plain).toFixed(2)}`);
    console.log(
      `by server cpu per request (steadier on a shared machine): ` +
        (`bare_to_plain=${(cpu('plain') / cpu('bare')).toFixed(2)} ` +
          `site_to_plain=${(cpu('plain') / cpu('site')).toFixed(2)}`),
    );
    console.log(`ratio=${(rps('site') / rps('bare')).toFixed(2)}`);
  } catch (error) {
    await cleanups.run();
    throw error;
  }
}

runBench(main);
