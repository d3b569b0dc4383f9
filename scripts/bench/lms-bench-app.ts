import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { configurePlatformHttpApp } from '../../libs/app-core/src';
import { createFastifyAdapter } from '../../libs/http/src';
import { requestPool } from '../../libs/testing/src/organization-from-header.guard';
import { createBenchDatabase, deleteRedisKeys } from './bench-database';

/** Steps to undo, run last-in first-out, each once, errors reported and skipped. */
export class Cleanups {
  private readonly steps: (() => Promise<unknown>)[] = [];

  push(step: () => Promise<unknown>): void {
    this.steps.push(step);
  }

  async run(): Promise<void> {
    for (const step of this.steps.splice(0).reverse())
      await step().catch((error: unknown) => console.error('cleanup:', error));
  }
}

/**
 * What the LMS benchmarks share: Redis (the machine's or a private one), a throw-away migrated
 * database and a Redis key prefix of their own, set in the environment the app modules read.
 */
export async function prepareLmsBenchEnvironment(label: string, cleanups: Cleanups): Promise<{ databaseUrl: string }> {
  const { ensureRedis } = await import('../platform/services.mjs');
  const redis = await ensureRedis({ log: () => undefined });
  cleanups.push(() => redis.stop());
  const db = await createBenchDatabase(label);
  cleanups.push(() => db.drop());
  const keyPrefix = `mtl_bench_${process.pid}`;
  cleanups.push(() => deleteRedisKeys(redis.url, keyPrefix));
  Object.assign(process.env, {
    DATABASE_URL: db.url,
    DATABASE_MIGRATE_ON_START: 'false',
    REDIS_URL: redis.url,
    REDIS_KEY_PREFIX: keyPrefix,
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    LOG_FORMAT: 'json',
  });
  return { databaseUrl: db.url };
}

/**
 * The real LMS app (LmsModule, the Fastify adapter and configurePlatformHttpApp, as main.ts starts
 * it), with `routes` added to its own Fastify instance first (bare routes: every root hook still
 * applies to them), listening on a free port. `acquisitions()` counts the request pool's
 * connection acquisitions since start.
 */
export async function startLmsForBench(
  cleanups: Cleanups,
  routes: (instance: FastifyInstance) => void = () => undefined,
): Promise<{ app: NestFastifyApplication; base: string; acquisitions: () => number }> {
  // Imported once the environment is set: the modules read it when they are built.
  const { LmsModule } = await import('../../apps/lms/src/lms.module');
  const app = await NestFactory.create<NestFastifyApplication>(LmsModule, createFastifyAdapter({ trustProxy: false }), {
    bufferLogs: true,
  });
  configurePlatformHttpApp(app, { title: 'bench', description: 'bench', trustProxy: false });
  routes(app.getHttpAdapter().getInstance());
  await app.listen(0, '127.0.0.1');
  // Closed after a pause: requests cut off when autocannon stops are still being answered.
  cleanups.push(async () => {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await app.close();
  });
  const pool = requestPool(app);
  let acquired = 0;
  const count = (): void => void acquired++;
  pool.on('acquire', count);
  cleanups.push(() => Promise.resolve(pool.off('acquire', count)));
  return { app, base: await app.getUrl(), acquisitions: () => acquired };
}
