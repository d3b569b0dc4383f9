import { ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test, TestingModule } from '@nestjs/testing';
import request from 'supertest';
import { LmsModule } from '../../apps/lms/src/lms.module';
import { AppConfigModule } from '@mtl/config';
import { DatabaseModule } from '@mtl/database';
import { QueueModule } from '@mtl/queue';
import { SitesModule, SitesService } from '@mtl/sites';
import { TenancyModule, TenantContext } from '@mtl/tenancy';
import { createHttpTestApp } from '@mtl/testing';
import { eventually, seedTenantSite } from './sites-fixture';

/** A Redis of this test file's own, so that it can be stopped and started without disturbing others. */
class PrivateRedis {
  private child?: ChildProcess;
  constructor(readonly port: number) {}

  async start(): Promise<void> {
    this.child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    );
    await eventually(() => answers(this.port), 5000);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise((resolve) => {
      child.once('exit', resolve);
      child.kill('SIGKILL');
    });
  }
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

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
    redis = new PrivateRedis(await freePort());
    await redis.start();
    process.env.REDIS_URL = `redis://127.0.0.1:${redis.port}`;
    // No periodic check during this file: a change can only arrive by message, or by the check an
    // instance makes when its Redis subscriber reconnects. (The periodic check has its own test.)
    process.env.SITE_RECONCILE_INTERVAL_MS = '600000';
    await seedTenantSite('MITx', 'mitx.example.com', { platform_name: 'v0' });
    lms1 = await createHttpTestApp(LmsModule);
    lms2 = await createHttpTestApp(LmsModule);
    operator = await Test.createTestingModule({
      imports: [
        AppConfigModule.forRoot(),
        DatabaseModule.forApp('test'),
        QueueModule.forRoot(),
        TenancyModule,
        SitesModule,
      ],
    }).compile();
    await operator.init();
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
