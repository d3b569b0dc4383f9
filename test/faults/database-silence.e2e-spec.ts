/**
 * PostgreSQL goes silent under the LMS: a TCP proxy between the request pool and the server stops
 * forwarding with every connection left open, as a hung server or a network dropping packets
 * would (no error, no reset). A request whose statement meets the silence answers 503 naming the
 * database once DATABASE_QUERY_TIMEOUT_MS passes, instead of waiting for TCP to give up; what is
 * served from memory (the site) keeps answering 200. Then the network comes back for new
 * connections only, the silent ones staying half-open for good: the pool must have dropped them
 * (PooledClient), so every request succeeds again, with no restart.
 */
import type { AddressInfo } from 'node:net';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { LmsModule } from '../../apps/lms/src/lms.module';
import { DatabaseConfig, loadConcern } from '@mtl/config';
import { createHttpTestApp, seedTwoTenants, TwoTenants } from '@mtl/testing';
import { reconcileSites, seedCourses, seedSite } from '../lms/catalog-fixture';
import { answeredWithin, call, CuttableProxy, eventually, inErrorShape, Load } from './fault-helpers';

const SITE = 'alpha.example';

describe('the LMS when its database stops answering', () => {
  let proxy: CuttableProxy;
  let lms: NestFastifyApplication;
  let port: number;
  let tenants: TwoTenants;

  beforeAll(async () => {
    const database = loadConcern(DatabaseConfig);
    proxy = await CuttableProxy.to(Number(new URL(database.DATABASE_APP_URL).port || 5432));
    lms = await createHttpTestApp(LmsModule, {
      env: {
        DATABASE_APP_URL: proxy.through(database.DATABASE_APP_URL),
        DATABASE_QUERY_TIMEOUT_MS: '1000',
        // Few connections, so that one the pool kept after its statement timed out would be met again.
        DATABASE_POOL_SIZE: '2',
        // Every catalog read goes to the database, so that it meets the silence.
        CATALOG_CACHE_TTL_MS: '0',
      },
    });
    await lms.listen(0, '127.0.0.1');
    port = (lms.getHttpServer().address() as AddressInfo).port;
    tenants = await seedTwoTenants(lms.get(DataSource));
    await seedSite(SITE, tenants.a.id, { course_org_filter: tenants.a.shortName, platform_name: 'Alpha Online' });
    await seedCourses(lms, tenants.a.id, [{ key: 'course-v1:AlphaU+Quiet1+2030', name: 'Silence 101' }]);
    await reconcileSites(lms);
  });

  afterAll(async () => {
    proxy?.thaw();
    await lms?.close();
    await proxy?.cut();
  });

  it('answers 503 naming the database instead of hanging, keeps the site up, and heals', async () => {
    const login = await call(port, '/api/auth/login', {
      method: 'POST',
      host: SITE,
      body: { email: tenants.a.learner.email, password: tenants.a.learner.password },
    });
    expect(login.status).toBe(200);
    const token = (login.body as { access_token: string }).access_token;
    const enrollments = () => call(port, '/api/enrollments', { host: SITE, token });
    expect((await enrollments()).status).toBe(200);

    const load = new Load(
      [
        { name: 'site', send: () => call(port, '/api/site', { host: SITE }) },
        { name: 'catalog', send: () => call(port, '/api/courses', { host: SITE }) },
        { name: 'enrollments', send: enrollments },
      ],
      4,
      { deferred: true },
    );
    try {
      proxy.freeze();
      // Before any load: the pool's idle connections are there, so the read's statement meets the
      // silence itself (under load, the pool fills with such statements and new connections wait
      // for their handshake instead, up to the pool's own 5 s connection timeout).
      const refused = await answeredWithin('a signed-in read with the database silent', 10_000, enrollments());
      expect(inErrorShape(refused, 503)).toBe(true);
      expect(refused.body).toMatchObject({ details: [{ field: 'database', reason: 'is unreachable' }] });
      const health = await answeredWithin('/health with the database silent', 10_000, call(port, '/health'));
      expect(inErrorShape(health, 503)).toBe(true);

      load.phase = 'frozen';
      load.start();
      await new Promise((resolve) => setTimeout(resolve, 2500));

      load.phase = 'thawed';
      proxy.thaw({ existing: false });
      await eventually(async () => (await enrollments()).status === 200, 15_000);
      await eventually(async () => (await call(port, '/health')).status === 200, 15_000);
      load.phase = 'recovered';
      await new Promise((resolve) => setTimeout(resolve, 1000));
    } finally {
      await answeredWithin('the load to finish', 15_000, load.stop());
    }

    const frozen = load.answers.filter((a) => a.phase === 'frozen');
    expect(frozen.filter((a) => a.name === 'site' && a.status === 200).length).toBeGreaterThan(0);
    // While silent: the site from memory, the others 200 (answered before the silence) or 503.
    expect(
      load.unexpected(
        (a) =>
          a.phase !== 'frozen' || (a.name === 'site' ? a.status === 200 : a.status === 200 || inErrorShape(a, 503)),
      ),
    ).toEqual([]);
    expect(frozen.filter((a) => a.status === 503).length).toBeGreaterThan(0);
    expect(load.answers.filter((a) => a.phase === 'recovered').length).toBeGreaterThan(3);
    expect(load.unexpected((a) => a.phase !== 'recovered' || a.status === 200)).toEqual([]);
  });
});
