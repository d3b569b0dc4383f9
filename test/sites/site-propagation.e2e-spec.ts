import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TestingModule } from '@nestjs/testing';
import request from 'supertest';
import { LmsModule } from '../../apps/lms/src/lms.module';
import { QueueModule } from '@mtl/queue';
import { SitesModule, SitesService } from '@mtl/sites';
import { TenancyModule, TenantContext } from '@mtl/tenancy';
import { createHttpTestApp, createPlatformTestModule } from '@mtl/testing';
import { PrivateRedis } from '../faults/fault-helpers';
import { eventually, seedTenantSite } from './sites-fixture';

describe('site changes reach every running instance', () => {
  let redis: PrivateRedis;
  let lms1: NestFastifyApplication;
  let lms2: NestFastifyApplication;
  let operator: TestingModule;
  let sites: SitesService;
  let context: TenantContext;

  const platformNameOn = async (app: NestFastifyApplication): Promise<string> =>
    (await request(app.getHttpServer()).get('/api/site').set('Host', 'mitx.example.com')).body.platform_name as string;

  const configure = (values: Record<string, unknown>) =>
    context.runInNewContext(() => sites.configure('mitx.example.com', { values, merge: true }));

  beforeAll(async () => {
    // A Redis of this test file's own, so that it can be stopped and started without disturbing others.
    redis = await PrivateRedis.start();
    process.env.REDIS_URL = `redis://127.0.0.1:${redis.port}`;
    // No periodic check during this file: a change can only arrive by message, or by the check an
    // instance makes when its Redis subscriber reconnects. (The periodic check has its own test.)
    process.env.SITE_RECONCILE_INTERVAL_MS = '600000';
    await seedTenantSite('MITx', 'mitx.example.com', { platform_name: 'v0' });
    lms1 = await createHttpTestApp(LmsModule);
    lms2 = await createHttpTestApp(LmsModule);
    operator = await createPlatformTestModule({ imports: [QueueModule.forRoot(), TenancyModule, SitesModule] });
    sites = operator.get(SitesService);
    context = operator.get(TenantContext);
  });

  const sharedRedisUrl = process.env.REDIS_URL;

  afterAll(async () => {
    await Promise.all([lms1?.close(), lms2?.close(), operator?.close()]);
    await redis?.stop();
    process.env.REDIS_URL = sharedRedisUrl;
  });

  // Speed is measured by `npm run bench:propagation`; these tests prove the paths, with generous waits.
  it('shows a configuration change on both instances, by message', async () => {
    expect(await platformNameOn(lms1)).toBe('v0');
    await configure({ platform_name: 'v1' });
    await eventually(
      async () => (await platformNameOn(lms1)) === 'v1' && (await platformNameOn(lms2)) === 'v1',
      10_000,
    );
  });

  it('keeps serving from the cache while Redis is down, and catches up when it returns', async () => {
    await redis.stop();
    expect(await platformNameOn(lms1)).toBe('v1');
    expect(await platformNameOn(lms2)).toBe('v1');
    const view = await configure({ platform_name: 'v2-while-redis-down' });
    expect(view.configuration.site_values.platform_name).toBe('v2-while-redis-down');
    // The message is lost; the instances still serve what they have.
    expect(await platformNameOn(lms1)).toBe('v1');
    await redis.start();
    // On reconnecting, each instance compares versions with the database at once.
    await eventually(
      async () =>
        (await platformNameOn(lms1)) === 'v2-while-redis-down' &&
        (await platformNameOn(lms2)) === 'v2-while-redis-down',
      20_000,
    );
  });

  it('uses messages again once Redis is back', async () => {
    await configure({ platform_name: 'v3' });
    await eventually(
      async () => (await platformNameOn(lms1)) === 'v3' && (await platformNameOn(lms2)) === 'v3',
      10_000,
    );
  });
});
