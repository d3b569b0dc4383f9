/**
 * Two LMS instances on one Redis (a private redis-server); one of them reaches it through a
 * proxy that the test cuts. A site's configuration changes while that instance is cut off: the
 * other shows it at once (by message), the cut-off one keeps serving what it had (and its
 * /health says 503), and once its connection is back it catches up by itself, with no restart
 * and no periodic check to help (the check interval is ten minutes here).
 */
import type { AddressInfo } from 'node:net';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TestingModule } from '@nestjs/testing';
import { LmsModule } from '../../apps/lms/src/lms.module';
import { QueueModule } from '@mtl/queue';
import { SitesModule, SitesService } from '@mtl/sites';
import { TenancyModule, TenantContext } from '@mtl/tenancy';
import { createHttpTestApp, createPlatformTestModule } from '@mtl/testing';
import { seedCourses } from '../lms/catalog-fixture';
import { seedTenantSite } from '../sites/sites-fixture';
import { Client } from 'pg';
import { RUNTIME_ROLE } from '@mtl/tenancy';
import { asDatabaseOwner } from '@mtl/testing';
import { call, CuttableProxy, eventually, PrivateRedis, someRequestWaitsOnALock } from './fault-helpers';

const SITE = 'mitx.example.com';

describe('a site change made while one LMS instance is cut off from Redis', () => {
  const sharedRedisUrl = process.env.REDIS_URL;
  let redis: PrivateRedis;
  let proxy: CuttableProxy;
  let connected: NestFastifyApplication;
  let cutOff: NestFastifyApplication;
  let operator: TestingModule;
  let sites: SitesService;
  let context: TenantContext;
  const ports = { connected: 0, cutOff: 0 };

  const listen = async (app: NestFastifyApplication) => {
    await app.listen(0, '127.0.0.1');
    return (app.getHttpServer().address() as AddressInfo).port;
  };
  const platformName = async (port: number) =>
    ((await call(port, '/api/site', { host: SITE })).body as { platform_name: string }).platform_name;
  const catalogKeys = async (port: number) =>
    ((await call(port, '/api/courses', { host: SITE })).body as { results: { course_key: string }[] }).results
      .map((c) => c.course_key)
      .sort();
  const configure = (values: Record<string, unknown>) =>
    context.runInNewContext(() => sites.configure(SITE, { values, merge: true }));

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    proxy = await CuttableProxy.to(redis.port);
    process.env.SITE_RECONCILE_INTERVAL_MS = '600000';
    const mitx = await seedTenantSite('MITx', SITE, { platform_name: 'v0' });
    const harvard = await seedTenantSite('HarvardX', 'harvardx.example.com');
    process.env.REDIS_URL = redis.url;
    connected = await createHttpTestApp(LmsModule);
    operator = await createPlatformTestModule({ imports: [QueueModule.forRoot(), TenancyModule, SitesModule] });
    process.env.REDIS_URL = proxy.url;
    cutOff = await createHttpTestApp(LmsModule);
    process.env.REDIS_URL = redis.url;
    sites = operator.get(SitesService);
    context = operator.get(TenantContext);
    await seedCourses(connected, mitx.organizationId, [{ key: 'course-v1:MITx+Cut1+2030' }]);
    await seedCourses(connected, harvard.organizationId, [{ key: 'course-v1:HarvardX+Cut2+2030' }]);
    ports.connected = await listen(connected);
    ports.cutOff = await listen(cutOff);
  });

  afterAll(async () => {
    await Promise.all([connected?.close(), cutOff?.close(), operator?.close()]);
    await proxy?.cut();
    await redis?.stop();
    process.env.REDIS_URL = sharedRedisUrl;
    delete process.env.SITE_RECONCILE_INTERVAL_MS;
  });

  it('reaches the cut-off instance once it is reconnected', async () => {
    expect(await platformName(ports.cutOff)).toBe('v0');
    expect(await catalogKeys(ports.cutOff)).toEqual(['course-v1:MITx+Cut1+2030']);

    await proxy.cut();
    await eventually(async () => (await call(ports.cutOff, '/health')).status === 503, 10_000);
    expect((await call(ports.connected, '/health')).status).toBe(200);

    await configure({ platform_name: 'v1-while-cut-off', course_org_filter: ['MITx', 'HarvardX'] });
    await eventually(async () => (await platformName(ports.connected)) === 'v1-while-cut-off', 10_000);
    expect(await catalogKeys(ports.connected)).toEqual(['course-v1:HarvardX+Cut2+2030', 'course-v1:MITx+Cut1+2030']);
    // The message could not reach it: it serves what it had, without an error.
    const stale = await call(ports.cutOff, '/api/site', { host: SITE });
    expect(stale.status).toBe(200);
    expect((stale.body as { platform_name: string }).platform_name).toBe('v0');

    await proxy.restore();
    await eventually(async () => (await platformName(ports.cutOff)) === 'v1-while-cut-off', 20_000);
    expect(await catalogKeys(ports.cutOff)).toEqual(['course-v1:HarvardX+Cut2+2030', 'course-v1:MITx+Cut1+2030']);
    await eventually(async () => (await call(ports.cutOff, '/health')).status === 200, 10_000);

    // And messages reach it again afterwards.
    await configure({ platform_name: 'v2' });
    await eventually(
      async () => (await platformName(ports.cutOff)) === 'v2' && (await platformName(ports.connected)) === 'v2',
      10_000,
    );
  });

  it('catches up even when the check it makes on reconnecting fails (the database dropped it)', async () => {
    await proxy.cut();
    await eventually(async () => (await call(ports.cutOff, '/health')).status === 503, 10_000);
    await configure({ platform_name: 'v3-check-fails' });
    // The version check on reconnecting waits on this lock; then its connection is killed.
    const owner = new Client({ connectionString: process.env.DATABASE_URL });
    await owner.connect();
    try {
      await owner.query('BEGIN');
      await owner.query('LOCK TABLE sites IN ACCESS EXCLUSIVE MODE');
      await proxy.restore();
      await someRequestWaitsOnALock();
      await asDatabaseOwner(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE datname = current_database() AND usename = $1 AND wait_event_type = 'Lock'`,
        [RUNTIME_ROLE],
      );
    } finally {
      await owner.query('COMMIT');
      await owner.end();
    }
    // No message will come and the periodic check is ten minutes away: the failed check is retried.
    await eventually(async () => (await platformName(ports.cutOff)) === 'v3-check-fails', 10_000);
  });
});
