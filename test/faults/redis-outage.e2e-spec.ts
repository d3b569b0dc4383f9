/**
 * Redis dies while the LMS serves traffic (a private redis-server, killed, then started again on
 * the same port): the site, the catalog and signed-in reads keep answering from what the
 * instance holds; sign-in, which counts attempts in Redis, answers a 503 in the error shape;
 * /health says 503 naming redis; and all of it heals when Redis returns, with no restart. The same
 * when Redis is frozen (SIGSTOP: connections open, no answer, no error), where sign-in and Studio's
 * job queue must not wait.
 */
import type { AddressInfo } from 'node:net';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { LmsModule } from '../../apps/lms/src/lms.module';
import { StudioModule } from '../../apps/studio/src/studio.module';
import { asDatabaseOwner, createHttpTestApp, seedTwoTenants, studioToken, TwoTenants } from '@mtl/testing';
import { reconcileSites, seedCourses, seedSite } from '../lms/catalog-fixture';
import { answeredWithin, call, eventually, inErrorShape, Load, PrivateRedis } from './fault-helpers';

const SITE = 'alpha.example';

describe('the LMS through a Redis outage', () => {
  const sharedRedisUrl = process.env.REDIS_URL;
  let redis: PrivateRedis;
  let lms: NestFastifyApplication;
  let studio: NestFastifyApplication;
  let port: number;
  let studioPort: number;
  let tenants: TwoTenants;

  const signIn = () =>
    call(port, '/api/auth/login', {
      method: 'POST',
      host: SITE,
      body: { email: tenants.a.learner.email, password: tenants.a.learner.password },
    });
  /** A learner's traffic that needs no Redis: the site, the catalog, a course, their enrollments. */
  const learnerTraffic = (token: string) =>
    new Load([
      { name: 'site', send: () => call(port, '/api/site', { host: SITE }) },
      { name: 'catalog', send: () => call(port, '/api/courses', { host: SITE }) },
      { name: 'course', send: () => call(port, '/api/courses/course-v1:AlphaU+Redis1+2030', { host: SITE }) },
      { name: 'enrollments', send: () => call(port, '/api/enrollments', { host: SITE, token }) },
    ]);
  /** How many backfill starts the audit trail holds. */
  const backfillStartsRecorded = async () =>
    (
      await asDatabaseOwner<{ n: number }>(`SELECT count(*)::int AS n FROM audit_trail WHERE action = 'backfill.start'`)
    )[0].n;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    process.env.REDIS_URL = redis.url;
    lms = await createHttpTestApp(LmsModule);
    await lms.listen(0, '127.0.0.1');
    port = (lms.getHttpServer().address() as AddressInfo).port;
    studio = await createHttpTestApp(StudioModule);
    await studio.listen(0, '127.0.0.1');
    studioPort = (studio.getHttpServer().address() as AddressInfo).port;
    tenants = await seedTwoTenants(lms.get(DataSource));
    await seedSite(SITE, tenants.a.id, { course_org_filter: tenants.a.shortName, platform_name: 'Alpha Online' });
    await seedCourses(lms, tenants.a.id, [
      { key: 'course-v1:AlphaU+Redis1+2030', name: 'Outages 101' },
      { key: 'course-v1:AlphaU+Redis2+2030', name: 'Outages 102' },
    ]);
    await reconcileSites(lms);
  });

  afterAll(async () => {
    await lms?.close();
    await studio?.close();
    await redis?.stop();
    process.env.REDIS_URL = sharedRedisUrl;
  });

  it('keeps serving the site and the catalog, refuses sign-in with a 503, and heals when Redis returns', async () => {
    const first = await signIn();
    expect(first.status).toBe(200);
    const token = (first.body as { access_token: string }).access_token;
    expect((await call(port, '/health')).status).toBe(200);

    const load = learnerTraffic(token);
    await new Promise((resolve) => setTimeout(resolve, 300));

    load.phase = 'redis down';
    await redis.stop();
    const refused = await signIn();
    expect(refused.status).toBe(503);
    expect(inErrorShape(refused, 503)).toBe(true);
    expect((refused.body as { message: string }).message).toMatch(/sign-in is temporarily unavailable/i);
    expect(refused.body).toMatchObject({ details: [{ field: 'redis', reason: 'is unreachable' }] });
    const health = await call(port, '/health');
    expect(health.status).toBe(503);
    expect(inErrorShape(health, 503)).toBe(true);
    expect(health.body).toMatchObject({ message: 'redis is down', checks: { database: { status: 'up' } } });
    // The sign-in page says the same to a browser, as a themed page.
    const form = await request(lms.getHttpServer()).get('/login').set('host', SITE).set('accept', 'text/html');
    const cookies = ([] as string[]).concat(form.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]);
    const page = await request(lms.getHttpServer())
      .post('/login')
      .set('host', SITE)
      .set('accept', 'text/html')
      .set('cookie', cookies.join('; '))
      .type('form')
      .send({
        email: tenants.a.learner.email,
        password: tenants.a.learner.password,
        _csrf: /name="_csrf" value="([^"]+)"/.exec(form.text)?.[1] ?? '',
      });
    expect(page.status).toBe(503);
    expect(page.text).toContain('Temporarily unavailable');
    // A while of outage, under load.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await signIn()).status).toBe(503);

    load.phase = 'redis back';
    await redis.start();
    await eventually(async () => (await signIn()).status === 200, 15_000);
    await eventually(async () => (await call(port, '/health')).status === 200, 15_000);
    await load.stop();

    const during = load.answers.filter((a) => a.phase === 'redis down');
    expect(during.length).toBeGreaterThan(10);
    expect(load.unexpected((a) => a.status === 200)).toEqual([]);
    const catalog = during.find((a) => a.name === 'catalog')!.body as { count: number };
    expect(catalog.count).toBe(2);
  });

  it('answers sign-in and the job queue 503 when Redis stops answering without closing, and heals', async () => {
    const first = await signIn();
    expect(first.status).toBe(200);
    const token = (first.body as { access_token: string }).access_token;
    const operator = await studioToken(studio, { email: tenants.operator.email, password: tenants.operator.password });
    const recordedBefore = await backfillStartsRecorded();
    const load = learnerTraffic(token);
    try {
      load.phase = 'redis frozen';
      redis.freeze();
      try {
        // No error reaches the app, only silence: sign-in must not wait on it (the client's
        // connection would otherwise hold the request until TCP gives up, hours later).
        const refused = await answeredWithin('sign-in with Redis frozen', 10_000, signIn());
        expect(inErrorShape(refused, 503)).toBe(true);
        expect(refused.body).toMatchObject({ details: [{ field: 'redis', reason: 'is unreachable' }] });
        const health = await answeredWithin('/health with Redis frozen', 10_000, call(port, '/health'));
        expect(inErrorShape(health, 503)).toBe(true);
        expect(health.body).toMatchObject({ message: 'redis is down' });
        // Studio: a job is not queued (nor its start recorded) and not looked up on a silent Redis.
        const backfill = await answeredWithin(
          'a backfill start with Redis frozen',
          10_000,
          call(studioPort, '/api/admin/backfill', {
            method: 'POST',
            token: operator,
            body: { apply: false, inactive: false, keys: ['course-v1:AlphaU+Quiet+1'] },
          }),
        );
        expect(inErrorShape(backfill, 503)).toBe(true);
        expect(backfill.body).toMatchObject({ details: [{ field: 'redis', reason: 'is unreachable' }] });
        const job = await answeredWithin(
          'a job lookup with Redis frozen',
          10_000,
          call(studioPort, '/api/admin/jobs/00000000-0000-4000-8000-000000000002', { token: operator }),
        );
        expect(inErrorShape(job, 503)).toBe(true);
        expect(await backfillStartsRecorded()).toBe(recordedBefore);
      } finally {
        redis.thaw();
      }
      load.phase = 'redis thawed';
      await eventually(async () => (await signIn()).status === 200, 15_000);
      await eventually(async () => (await call(port, '/health')).status === 200, 15_000);
    } finally {
      await answeredWithin('the load to finish', 10_000, load.stop());
    }
    expect(load.answers.filter((a) => a.phase === 'redis frozen').length).toBeGreaterThan(10);
    expect(load.unexpected((a) => a.status === 200)).toEqual([]);
  });

  it(
    'Studio: sign-in and the job queue answer 503 while Redis is down; nothing is recorded for ' + 'a job never queued',
    async () => {
      const operator = await studioToken(studio, {
        email: tenants.operator.email,
        password: tenants.operator.password,
      });
      await redis.stop();
      try {
        const login = await call(studioPort, '/api/auth/login', {
          method: 'POST',
          body: { email: tenants.operator.email, password: tenants.operator.password },
        });
        expect(inErrorShape(login, 503)).toBe(true);
        const backfill = await call(studioPort, '/api/admin/backfill', {
          method: 'POST',
          token: operator,
          body: { apply: false, inactive: false, keys: ['course-v1:AlphaU+X+1'] },
        });
        expect(inErrorShape(backfill, 503)).toBe(true);
        const job = await call(studioPort, '/api/admin/jobs/00000000-0000-4000-8000-000000000001', { token: operator });
        expect(inErrorShape(job, 503)).toBe(true);
        expect(await backfillStartsRecorded()).toBe(0);
      } finally {
        await redis.start();
      }
      await eventually(
        async () =>
          (
            await call(studioPort, '/api/admin/backfill', {
              method: 'POST',
              token: operator,
              body: { apply: false, inactive: false, keys: ['course-v1:AlphaU+X+1'] },
            })
          ).status === 202,
        15_000,
      );
      expect(await backfillStartsRecorded()).toBe(1);
    },
  );
});
