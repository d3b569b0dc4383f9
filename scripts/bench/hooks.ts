/**
 * What each root hook costs: the bare route of the LMS with the root hooks added one at a time.
 *
 *   npm run bench:hooks   (BENCH_SECONDS=3 per round, BENCH_ROUNDS=3, BENCH_CONNECTIONS=50)
 *
 * One LMS app (LmsModule, the Fastify adapter, configureHttpApp) per step, all in this process on
 * one throw-away database with one tenant site; step N registers the first N root hooks in the
 * order registerRootHooks uses (@mtl/app-core), calling the same functions: none (Nest's adapter
 * and its own hooks only), + the request context (nestjs-cls), + X-Request-Id, + site resolution,
 * + the unsafe-input guard, + the request log (at the benchmark's level, warn: one level check).
 * The last step is what every request of the LMS pays. A plain Fastify server is loaded beside them.
 * autocannon loads each step's bare route in turn, every round; each median is printed with its
 * ratio to plain Fastify, and this process's CPU time per request with what the step adds over
 * the one before (steadier than req/s when other processes share the cores; compare, don't quote).
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { fastify } from 'fastify';
import { ClsService } from 'nestjs-cls';
import { PinoLogger } from 'nestjs-pino';
import { Client } from 'pg';
import { configureHttpApp, createFastifyAdapter, echoRequestIdHook, refuseUnsafeInput } from '../../libs/http/src';
import { registerRequestLog } from '../../libs/logging/src';
import { SiteResolutionHook } from '../../libs/sites/src';
import { requestContextHook, TenancyStore, TenantContext } from '../../libs/tenancy/src';
import { loadRounds, medianOf, request } from './http-load';
import { Cleanups, prepareLmsBenchEnvironment } from './lms-bench-app';
import { runBench } from './bench-lifecycle';

const DOMAIN = 'hooks.localhost';
const STEPS = ['plain', 'nest', 'context', 'requestId', 'site', 'inputGuard', 'requestLog'] as const;
type Step = (typeof STEPS)[number];
const LABELS: Record<Step, string> = {
  plain: 'plain Fastify, no hooks',
  nest: 'LMS, no root hooks (Nest adapter only)',
  context: '+ request context (nestjs-cls)',
  requestId: '+ X-Request-Id',
  site: '+ site resolution',
  inputGuard: '+ unsafe-input guard (preValidation)',
  requestLog: '+ request log (onResponse) = the LMS',
};

/** Adds to `app` the root hooks up to and including `step`, as registerRootHooks does. */
function addHooksUpTo(app: NestFastifyApplication, step: Step): void {
  const instance = app.getHttpAdapter().getInstance();
  const upTo = STEPS.indexOf(step);
  const context = app.get(TenantContext);
  if (upTo >= STEPS.indexOf('context'))
    instance.addHook('onRequest', requestContextHook(app.get<ClsService<TenancyStore>>(ClsService)));
  if (upTo >= STEPS.indexOf('requestId')) instance.addHook('onRequest', echoRequestIdHook);
  if (upTo >= STEPS.indexOf('site')) instance.addHook('onRequest', app.get(SiteResolutionHook).onRequest);
  if (upTo >= STEPS.indexOf('inputGuard')) refuseUnsafeInput(app);
  if (upTo >= STEPS.indexOf('requestLog'))
    registerRequestLog(instance, PinoLogger.root, () => ({ siteId: context.siteId ?? null, organizationId: null }));
}

async function main(): Promise<void> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 3);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
  const cleanups = new Cleanups();
  try {
    const { databaseUrl } = await prepareLmsBenchEnvironment('hooks', cleanups);
    const owner = new Client({ connectionString: databaseUrl });
    await owner.connect();
    const [org] = (
      await owner.query<{ id: number }>(
        `INSERT INTO organizations (name, short_name) VALUES ('Hooks U', 'HooksX') RETURNING id`,
      )
    ).rows;
    const [site] = (
      await owner.query<{ id: number }>(
        `INSERT INTO sites (domain, name, organization_id) VALUES ($1, 'Hooks', $2) RETURNING id`,
        [DOMAIN, org.id],
      )
    ).rows;
    await owner.query(`INSERT INTO site_configurations (site_id, enabled, site_values) VALUES ($1, true, $2)`, [
      site.id,
      JSON.stringify({ course_org_filter: 'HooksX', platform_name: 'Hooks' }),
    ]);
    await owner.end();

    const body = { platform_name: 'Hooks', ok: true };
    const { LmsModule } = await import('../../apps/lms/src/lms.module');
    const urls = {} as Record<Step, string>;
    for (const step of STEPS) {
      if (step === 'plain') {
        const plain = fastify({ routerOptions: { ignoreTrailingSlash: true } });
        plain.get('/__bench/bare', (_request, reply) => reply.send(body));
        cleanups.push(() => plain.close());
        urls.plain = `${await plain.listen({ port: 0, host: '127.0.0.1' })}/__bench/bare`;
        continue;
      }
      const app = await NestFactory.create<NestFastifyApplication>(
        LmsModule,
        createFastifyAdapter({ trustProxy: false }),
        { bufferLogs: true },
      );
      addHooksUpTo(app, step);
      configureHttpApp(app, { title: 'bench', description: 'bench', trustProxy: false });
      app
        .getHttpAdapter()
        .getInstance()
        .get('/__bench/bare', (_request, reply) => reply.send(body));
      await app.listen(0, '127.0.0.1');
      cleanups.push(async () => {
        await new Promise((resolve) => setTimeout(resolve, 500));
        await app.close();
      });
      urls[step] = `${await app.getUrl()}/__bench/bare`;
    }
    const headers = { host: DOMAIN };
    for (const step of STEPS) {
      const res = await request(urls[step], { headers });
      if (res.status !== 200) throw new Error(`${step}: ${urls[step]} answered ${res.status}`);
    }
    const results = await loadRounds({ kinds: STEPS, urls, seconds, rounds, connections, headers });
    await cleanups.run();
    const rps = (step: Step): number => medianOf(results[step], (r) => r.requestsPerSecond);
    const cpu = (step: Step): number => medianOf(results[step], (r) => r.cpuMicrosPerRequest);
    console.log(
      `medians of ${rounds} rounds: req/s and its ratio to plain Fastify; server cpu per ` +
        `request, and what the step adds to it:`,
    );
    for (const [i, step] of STEPS.entries()) {
      const added = i > 0 ? `${(cpu(step) - cpu(STEPS[i - 1])).toFixed(1).padStart(6)} µs` : '';
      console.log(
        `  ${LABELS[step].padEnd(40)} ${String(Math.round(rps(step))).padStart(6)} req/s  ` +
          `${(rps(step) / rps('plain')).toFixed(2)}  cpu ${cpu(step).toFixed(1).padStart(6)} µs/req ${added}`,
      );
    }
    console.log(`lms_to_plain=${(cpu('plain') / cpu('requestLog')).toFixed(2)} (by server cpu per request)`);
  } catch (error) {
    await cleanups.run();
    throw error;
  }
}

runBench(main);
