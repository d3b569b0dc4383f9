/**
 * Throughput of `GET /api/site` on a warm tenant site against a bare endpoint of the same app.
 *
 *   npm run bench:site            (BENCH_SECONDS=5 per round, BENCH_ROUNDS=3, BENCH_CONNECTIONS=50)
 *
 * The real LMS app (LmsModule, the Fastify adapter and configurePlatformHttpApp, as main.ts starts
 * it) runs in this process on a throw-away migrated database seeded with one organization, one
 * site (`bench.localhost`) and its enabled configuration (a few values and a theme), Redis keys
 * under `mtl_bench_<pid>`. autocannon (a separate process, 50 connections, `Host: bench.localhost`)
 * loads, in alternating rounds, `/api/site` and the bare endpoint; the medians and their ratio are
 * printed, the last line being `ratio=<site/bare>`.
 *
 * The bare endpoint, and what it does NOT skip: it is a plain Fastify route registered on the
 * app's own Fastify instance (no Nest controller, guard, interceptor, pipe or filter), answering
 * the very body `/api/site` answers, precomputed, so that both serialize the same JSON. It cannot
 * escape the app's request machinery, though: every `onRequest`/`onResponse` hook added to the
 * root Fastify instance applies to every route, including routes of an encapsulated plugin
 * registered before those hooks (fastify.js `addHook` → `_addHook` recurses into every child
 * context, and route hooks are only bound at `preReady`; docs/Reference/Hooks.md "Scope"). So the
 * bare route still runs the adapter's own hooks (shutdown 503, CORS/security slots, routable
 * target, version extractor, onResponse slot), @fastify/middie with nestjs-pino's pino-http, the
 * nestjs-cls context hook, the X-Request-Id hook and the site resolution hook, plus Fastify's
 * genReqId (requestIdOf). The script checks that with a probe route at start-up and prints it.
 * The ratio therefore measures what Nest adds per request on top of that machinery (routing into
 * the controller, the global TenantTransactionInterceptor, the handler and its helpers).
 * To also show what the machinery costs, a third series loads the same body from a plain Fastify
 * server in this same process with no hook at all (`plain`); it is printed, not the headline.
 *
 * Pool acquisitions on the data source's `master` pool are counted during every round: the
 * periodic site version check (SITE_RECONCILE_INTERVAL_MS, 5 s) acquires one now and then on both
 * kinds of round; a per-request query would show as about one per request.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import { fastify } from 'fastify';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { configurePlatformHttpApp } from '../../libs/app-core/src';
import { createFastifyAdapter } from '../../libs/http/src';
import { TenantContext } from '../../libs/tenancy/src';
import { createBenchDatabase, deleteRedisKeys } from './bench-database';
import { load, LoadResult, median, request } from './http-load';

const DOMAIN = 'bench.localhost';
const PLATFORM_NAME = 'Bench Online';
const KINDS = ['bare', 'site', 'plain'] as const;
type Kind = (typeof KINDS)[number];

interface Pool {
  on(event: 'acquire', listener: () => void): void;
  off(event: 'acquire', listener: () => void): void;
}

async function seed(url: string): Promise<void> {
  const owner = new Client({ connectionString: url });
  await owner.connect();
  try {
    const [org] = (
      await owner.query<{ id: number }>(
        `INSERT INTO organizations (name, short_name, logo_url) VALUES ('Bench University', 'BenchX', 'https://cdn.example.com/benchx.png') RETURNING id`,
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
  const cleanups: (() => Promise<unknown>)[] = [];
  const cleanUp = async (): Promise<void> => {
    for (const step of cleanups.splice(0).reverse())
      await step().catch((error: unknown) => console.error('cleanup:', error));
  };
  try {
    const { ensureRedis } = await import('../platform/services.mjs');
    const redis = await ensureRedis({ log: () => undefined });
    cleanups.push(() => redis.stop());
    const db = await createBenchDatabase('site');
    cleanups.push(() => db.drop());
    const keyPrefix = `mtl_bench_${process.pid}`;
    cleanups.push(() => deleteRedisKeys(redis.url, keyPrefix));
    Object.assign(process.env, {
      DATABASE_URL: db.url,
      DATABASE_MIGRATE_ON_START: 'false',
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: keyPrefix,
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
    });
    await seed(db.url);

    // Imported once the environment is set: the modules read it when they are built.
    const { LmsModule } = await import('../../apps/lms/src/lms.module');
    const app = await NestFactory.create<NestFastifyApplication>(
      LmsModule,
      createFastifyAdapter({ trustProxy: false }),
      { bufferLogs: true },
    );
    cleanups.push(() => app.close());
    configurePlatformHttpApp(app, { title: 'bench', description: 'bench', trustProxy: false });

    // The bare endpoint and a probe of which hooks reach such a route, on the app's own instance.
    const instance = app.getHttpAdapter().getInstance();
    const context = app.get(TenantContext);
    let body: unknown = null;
    instance.get('/__bench/bare', (_request, reply) => reply.send(body));
    instance.get('/__bench/probe', (request, reply) =>
      reply.send({
        'nestjs-cls context (onRequest hook)': context.active,
        'site resolution hook (site id in context)': context.siteId ?? null,
        'X-Request-Id hook (header set)': reply.getHeader('x-request-id') !== undefined,
        'nestjs-pino middleware via middie (req.log)': 'log' in request.raw,
      }),
    );
    await app.listen(0, '127.0.0.1');
    const base = await app.getUrl();

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

    const pool = (app.get<DataSource>(getDataSourceToken()).driver as unknown as { master: Pool }).master;
    let acquired = 0;
    const count = (): void => void acquired++;
    pool.on('acquire', count);
    cleanups.push(() => Promise.resolve(pool.off('acquire', count)));

    for (const kind of KINDS) await load(urls[kind], { seconds: 2, connections, headers }); // warm-up
    const results: Record<Kind, LoadResult[]> = { bare: [], site: [], plain: [] };
    const acquisitions: Record<Kind, number> = { bare: 0, site: 0, plain: 0 };
    console.log(
      `autocannon: ${connections} connections, ${seconds} s per round, ${rounds} rounds (bare, site, plain, …)`,
    );
    for (let round = 0; round < rounds; round++) {
      for (const kind of KINDS) {
        const before = acquired;
        const r = await load(urls[kind], { seconds, connections, headers });
        acquisitions[kind] += acquired - before;
        if (r.non2xx > 0 || r.errors > 0) throw new Error(`${kind}: ${r.non2xx} non-2xx answers, ${r.errors} errors`);
        results[kind].push(r);
        console.log(
          `round ${round + 1} ${kind.padEnd(5)} ${String(Math.round(r.requestsPerSecond)).padStart(6)} req/s  p50 ${r.p50Ms} ms  p99 ${r.p99Ms} ms  (${r.total} requests, ${acquired - before} pool acquisitions)`,
        );
      }
    }
    const rps = (kind: Kind): number => median(results[kind].map((r) => r.requestsPerSecond));
    const total = (kind: Kind): number => results[kind].reduce((sum, r) => sum + r.total, 0);
    const [bare, site, plain] = [rps('bare'), rps('site'), rps('plain')];
    await cleanUp();
    console.log(`plain Fastify server, no hooks:             ${Math.round(plain)} req/s (median of ${rounds})`);
    console.log(
      `bare route on the LMS instance (its hooks): ${Math.round(bare)} req/s (median of ${rounds}; ${(bare / plain).toFixed(2)} of plain)`,
    );
    console.log(
      `GET /api/site (warm site):                  ${Math.round(site)} req/s (median of ${rounds}; ${(site / plain).toFixed(2)} of plain)`,
    );
    console.log(
      `database pool acquisitions during the load: /api/site ${acquisitions.site} for ${total('site')} requests, bare ${acquisitions.bare} for ${total('bare')} (periodic version checks)`,
    );
    console.log(`ratio=${(site / bare).toFixed(2)}`);
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
