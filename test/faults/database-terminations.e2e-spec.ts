/**
 * The LMS's PostgreSQL connections killed under it with pg_terminate_backend (only this test
 * database's own connections of the runtime role, never anyone else's): the requests hit answer
 * a 503 in the error shape, not a 500; what they were writing is rolled back whole; and the pool
 * replaces the dead connections, so the next requests succeed with no restart.
 *
 * To hit a request mid-transaction on purpose, the test holds a lock (as the owner) on the
 * table the request writes last, waits until the request's connection waits on it, and kills it.
 */
import type { AddressInfo } from 'node:net';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { LmsModule } from '../../apps/lms/src/lms.module';
import { StudioModule } from '../../apps/studio/src/studio.module';
import { CROSS_ORGANIZATION_ROLE, RUNTIME_ROLE } from '@mtl/tenancy';
import {
  asDatabaseOwner,
  createHttpTestApp,
  seedTwoTenants,
  studioToken,
  studioTokenFor,
  TwoTenants,
} from '@mtl/testing';
import { reconcileSites, seedCourses, seedSite } from '../lms/catalog-fixture';
import { Answer, call, inErrorShape, Load, someRequestWaitsOnALock } from './fault-helpers';

const SITE = 'alpha.example';
const COURSES = ['course-v1:AlphaU+Pg1+2030', 'course-v1:AlphaU+Pg2+2030', 'course-v1:AlphaU+Pg3+2030'];

/** Ends every connection of the platform's logins to this test's database; how many it ended. */
async function terminateAppConnections(roles = [RUNTIME_ROLE]): Promise<number> {
  const rows = await asDatabaseOwner<{ ended: boolean }>(
    `SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity
     WHERE datname = current_database() AND usename = ANY ($1) AND pid <> pg_backend_pid()`,
    [roles],
  );
  return rows.filter((r) => r.ended).length;
}

/** Holds `LOCK TABLE … IN EXCLUSIVE MODE` (reads pass, writes wait) until released. */
async function lockWrites(table: string): Promise<{ release: () => Promise<void> }> {
  const owner = new Client({ connectionString: process.env.DATABASE_URL });
  await owner.connect();
  await owner.query('BEGIN');
  await owner.query(`LOCK TABLE ${table} IN EXCLUSIVE MODE`);
  return {
    release: async () => {
      await owner.query('COMMIT');
      await owner.end();
    },
  };
}

describe('the LMS when its database connections are killed', () => {
  let lms: NestFastifyApplication;
  let port: number;
  let tenants: TwoTenants;
  let token: string;
  let registrations = 0;

  const register = (email = `pg-fault-${registrations++}@example.com`) =>
    call(port, '/api/auth/register', {
      method: 'POST',
      host: SITE,
      body: { email, password: 'a-long-enough-password-1', name: 'Fault Tester' },
    });
  const enroll = (courseKey: string) =>
    call(port, '/api/enrollments', { method: 'POST', host: SITE, token, body: { course_key: courseKey } });

  beforeAll(async () => {
    // Every catalog read goes to the database, so that the traffic below really uses the pool.
    process.env.CATALOG_CACHE_TTL_MS = '0';
    lms = await createHttpTestApp(LmsModule);
    await lms.listen(0, '127.0.0.1');
    port = (lms.getHttpServer().address() as AddressInfo).port;
    tenants = await seedTwoTenants(lms.get(DataSource));
    await seedSite(SITE, tenants.a.id, { course_org_filter: tenants.a.shortName });
    await seedCourses(
      lms,
      tenants.a.id,
      COURSES.map((key) => ({ key })),
    );
    // B holds courses too: what A's requests read and write below runs beside another organization's rows.
    await seedCourses(lms, tenants.b.id, [{ key: 'course-v1:BetaU+Pg1+2030' }, { key: 'course-v1:BetaU+Pg2+2030' }]);
    await reconcileSites(lms);
    const login = await call(port, '/api/auth/login', {
      method: 'POST',
      host: SITE,
      body: { email: tenants.a.learner.email, password: tenants.a.learner.password },
    });
    token = (login.body as { access_token: string }).access_token;
  });

  afterAll(async () => {
    await lms?.close();
    delete process.env.CATALOG_CACHE_TTL_MS;
  });

  /** Users without their membership: what a registration torn in half would leave. */
  const usersWithoutMembership = async () =>
    (
      await asDatabaseOwner<{ n: number }>(
        `SELECT count(*)::int AS n FROM users u
         WHERE NOT EXISTS (SELECT 1 FROM organization_memberships m WHERE m.user_id = u.id)`,
      )
    )[0].n;

  it('a registration killed between its two writes: 503 in the error shape, no user without a membership', async () => {
    const lock = await lockWrites('organization_memberships');
    let answer: Answer;
    try {
      const pending = register('torn@example.com');
      await someRequestWaitsOnALock();
      expect(await terminateAppConnections()).toBeGreaterThan(0);
      answer = await pending;
    } finally {
      await lock.release();
    }
    expect(answer.status).toBe(503);
    expect(inErrorShape(answer, 503)).toBe(true);
    expect((answer.body as { message: string }).message).toMatch(/database/i);
    expect(await asDatabaseOwner(`SELECT id FROM users WHERE email = 'torn@example.com'`)).toEqual([]);
    expect(await usersWithoutMembership()).toBe(0);
    // The pool replaced what was killed: the same registration now succeeds, at once.
    expect((await register('torn@example.com')).status).toBe(201);
  });

  it('an enrollment killed mid-write: 503, nothing written, the next one succeeds', async () => {
    const lock = await lockWrites('enrollments');
    let answer: Answer;
    try {
      const pending = enroll(COURSES[0]);
      await someRequestWaitsOnALock();
      await terminateAppConnections();
      answer = await pending;
    } finally {
      await lock.release();
    }
    expect(answer.status).toBe(503);
    expect(inErrorShape(answer, 503)).toBe(true);
    expect(await asDatabaseOwner(`SELECT id FROM enrollments`)).toEqual([]);
    expect((await enroll(COURSES[0])).status).toBe(201);
  });

  it('connections killed again and again under mixed traffic: only 2xx or 503s, then all heals', async () => {
    const load = new Load(
      [
        { name: 'catalog', send: () => call(port, '/api/courses', { host: SITE }) },
        { name: 'course', send: () => call(port, `/api/courses/${COURSES[1]}`, { host: SITE }) },
        { name: 'enrollments', send: () => call(port, '/api/enrollments', { host: SITE, token }) },
        { name: 'register', send: () => register() },
        { name: 'site', send: () => call(port, '/api/site', { host: SITE }) },
      ],
      6,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    load.phase = 'killing';
    let killed = 0;
    for (let round = 0; round < 8; round++) {
      killed += await terminateAppConnections();
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    load.phase = 'after';
    await new Promise((resolve) => setTimeout(resolve, 500));
    await load.stop();
    expect(killed).toBeGreaterThan(0);
    expect(load.unexpected((a) => (a.status >= 200 && a.status < 300) || inErrorShape(a as Answer, 503))).toEqual([]);
    // Healed: everything answers again, through every connection of the pool.
    for (let i = 0; i < 25; i++) {
      expect((await call(port, '/api/enrollments', { host: SITE, token })).status).toBe(200);
      expect((await call(port, '/api/courses', { host: SITE })).status).toBe(200);
    }
    expect((await register()).status).toBe(201);
    expect(await usersWithoutMembership()).toBe(0);
  });

  it('a course creation killed while it waits on the organizations table: 503 in the error shape', async () => {
    const studio = await createHttpTestApp(StudioModule);
    try {
      await studio.listen(0, '127.0.0.1');
      const studioPort = (studio.getHttpServer().address() as AddressInfo).port;
      const admin = await studioTokenFor(tenants.a.admin, tenants.a, studio);
      const owner = new Client({ connectionString: process.env.DATABASE_URL });
      await owner.connect();
      let answer: Answer;
      try {
        await owner.query('BEGIN');
        await owner.query('LOCK TABLE organizations IN ACCESS EXCLUSIVE MODE');
        const pending = call(studioPort, '/api/courses', {
          method: 'POST',
          token: admin,
          body: { org: tenants.a.shortName, number: 'Lookup', run: '2031', display_name: 'Killed lookup' },
        });
        await someRequestWaitsOnALock();
        await terminateAppConnections();
        answer = await pending;
      } finally {
        await owner.query('COMMIT');
        await owner.end();
      }
      expect(answer.body).toMatchObject({ statusCode: 503, details: [{ field: 'database' }] });
      expect(inErrorShape(answer, 503)).toBe(true);
    } finally {
      await studio.close();
    }
  });

  it(
    'Studio under killed connections of both its pools (tenant and cross-organization): 2xx or ' +
      '503, each course with its audit row',
    async () => {
      const studio = await createHttpTestApp(StudioModule);
      try {
        await studio.listen(0, '127.0.0.1');
        const studioPort = (studio.getHttpServer().address() as AddressInfo).port;
        const admin = await studioTokenFor(tenants.a.admin, tenants.a, studio);
        const operator = await studioToken(studio, {
          email: tenants.operator.email,
          password: tenants.operator.password,
        });
        let created = 0;
        const load = new Load(
          [
            { name: 'operator courses', send: () => call(studioPort, '/api/courses', { token: operator }) },
            { name: 'operator sites', send: () => call(studioPort, '/api/admin/sites', { token: operator }) },
            { name: 'admin courses', send: () => call(studioPort, '/api/courses', { token: admin }) },
            {
              name: 'admin creates',
              send: () =>
                call(studioPort, '/api/courses', {
                  method: 'POST',
                  token: admin,
                  body: { org: tenants.a.shortName, number: `Kill${created++}`, run: '2031', display_name: 'Killed' },
                }),
            },
          ],
          6,
        );
        await new Promise((resolve) => setTimeout(resolve, 300));
        load.phase = 'killing';
        let killed = 0;
        for (let round = 0; round < 8; round++) {
          killed += await terminateAppConnections([RUNTIME_ROLE, CROSS_ORGANIZATION_ROLE]);
          await new Promise((resolve) => setTimeout(resolve, 150));
        }
        load.phase = 'after';
        await new Promise((resolve) => setTimeout(resolve, 500));
        await load.stop();
        expect(killed).toBeGreaterThan(0);
        expect(load.unexpected((a) => (a.status >= 200 && a.status < 300) || inErrorShape(a as Answer, 503))).toEqual(
          [],
        );
        for (let i = 0; i < 10; i++) {
          expect((await call(studioPort, '/api/courses', { token: operator })).status).toBe(200);
          expect((await call(studioPort, '/api/courses', { token: admin })).status).toBe(200);
        }
        // No course without its audit row, no audit row without its course.
        const [torn] = await asDatabaseOwner<{ courses: number; audited: number; orphans: number }>(
          `SELECT (SELECT count(*)::int FROM course_runs WHERE course_key LIKE 'course-v1:AlphaU+Kill%') AS courses,
                (SELECT count(*)::int FROM audit_trail WHERE action = 'course.create' AND target LIKE
                  'course-v1:AlphaU+Kill%') AS audited,
                (SELECT count(*)::int FROM audit_trail a WHERE action = 'course.create' AND target LIKE
                  'course-v1:AlphaU+Kill%'
                   AND NOT EXISTS (SELECT 1 FROM course_runs c WHERE c.course_key = a.target)) AS orphans`,
        );
        expect(torn.courses).toBeGreaterThan(0);
        expect(torn).toEqual({ courses: torn.courses, audited: torn.courses, orphans: 0 });
      } finally {
        await studio.close();
      }
    },
  );
});
