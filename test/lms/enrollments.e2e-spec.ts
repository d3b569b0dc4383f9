import request from 'supertest';
import { asDatabaseOwner, useTwoTenantApp } from '@mtl/testing';
import { LmsModule } from '../../apps/lms/src/lms.module';
import {
  ALPHA,
  BETA,
  reconcileSites,
  seedCourses,
  seedOrganization,
  seedSite,
  seedTenantSites,
} from './catalog-fixture';

const SHARED = 'shared.lms.test';
const A1 = 'course-v1:AlphaU+A1+2026';
const A_ABOUT = 'course-v1:AlphaU+About+2026';
const A_HIDDEN = 'course-v1:AlphaU+Hidden+2026';
const A_DRAFT = 'course-v1:AlphaU+Draft+2026';
const B1 = 'course-v1:BetaU+B1+2026';
const G1 = 'course-v1:GammaX+G1+2026';

describe('LMS enrollments: signed-in learners join their site’s courses', () => {
  const lms = useTwoTenantApp(LmsModule);
  const { t } = lms;
  let tokens: { a: string; b: string; operatorA: string };

  const { http } = lms;
  const on = (host: string, token?: string) => {
    const auth = (r: request.Test) => (token ? r.set('authorization', `Bearer ${token}`) : r);
    return {
      enroll: (body: object) => auth(http().post('/api/enrollments').set('Host', host).send(body)),
      list: (query = '') => auth(http().get(`/api/enrollments${query}`).set('Host', host)),
      unenroll: (key: string) =>
        auth(
          http()
            .delete(`/api/enrollments/${encodeURIComponent(key)}`)
            .set('Host', host),
        ),
    };
  };
  const login = async (host: string, email: string, password: string) =>
    (await http().post('/api/auth/login').set('Host', host).send({ email, password }).expect(200)).body
      .access_token as string;
  const rows = (key: string) =>
    asDatabaseOwner<{
      organization_id: number;
      user_id: string | null;
      operator_id: string | null;
      is_active: boolean;
      mode: string;
      created: Date;
    }>(
      `SELECT e.organization_id, e.user_id, e.operator_id, e.is_active, e.mode, e.created FROM enrollments e
       JOIN course_runs c ON c.organization_id = e.organization_id AND c.id = e.course_run_id WHERE c.course_key = $1
         ORDER BY e.id`,
      [key],
    );

  beforeAll(async () => {
    const gamma = await seedOrganization('GammaX');
    await seedTenantSites(t);
    // Alpha's second site, which also lists Gamma's courses.
    await seedSite(SHARED, t.a.id, { course_org_filter: [t.a.shortName, 'GammaX'] });
    await reconcileSites(lms.app);
    await seedCourses(lms.app, t.a.id, [
      { key: A1, name: 'Alpha One' },
      { key: A_ABOUT, visibility: 'about' },
      { key: A_HIDDEN, visibility: 'none' },
      { key: A_DRAFT, published: false },
    ]);
    await seedCourses(lms.app, t.b.id, [{ key: B1 }]);
    await seedCourses(lms.app, gamma, [{ key: G1 }]);
    tokens = {
      a: await login(ALPHA, t.a.learner.email, t.a.learner.password),
      b: await login(BETA, t.b.learner.email, t.b.learner.password),
      operatorA: await login(ALPHA, t.operator.email, t.operator.password),
    };
  });

  it('enrolls a learner (201), refuses a second time (409), and lists it', async () => {
    const res = await on(ALPHA, tokens.a).enroll({ course_key: A1 }).expect(201);
    expect(res.body).toEqual({ course_key: A1, mode: 'audit', active: true, created: expect.any(String) });
    const again = await on(ALPHA, tokens.a).enroll({ course_key: A1 }).expect(409);
    expect(again.body.details).toEqual([{ field: 'course_key', reason: `already enrolled in ${A1}` }]);
    const list = await on(ALPHA, tokens.a).list().expect(200);
    expect(list.body).toEqual({ count: 1, next: null, previous: null, results: [res.body] });
    expect(await rows(A1)).toEqual([
      expect.objectContaining({ organization_id: t.a.id, user_id: t.a.learner.id, is_active: true, mode: 'audit' }),
    ]);
  });

  it('unenrolls keeping the row inactive; enrolling again reactivates the same row', async () => {
    const [before] = await rows(A1);
    await on(ALPHA, tokens.a).unenroll(A1).expect(204);
    expect(await rows(A1)).toEqual([expect.objectContaining({ user_id: t.a.learner.id, is_active: false })]);
    expect((await on(ALPHA, tokens.a).list().expect(200)).body.count).toBe(0);
    await on(ALPHA, tokens.a).unenroll(A1).expect(404);
    const back = await on(ALPHA, tokens.a).enroll({ course_key: A1 }).expect(201);
    expect(back.body).toMatchObject({ course_key: A1, active: true, created: before.created.toISOString() });
    expect(await rows(A1)).toEqual([expect.objectContaining({ is_active: true })]);
  });

  it(
    'enrolls in an `about` course, but never in a hidden, unpublished, missing or other ' + 'site’s one (one 404)',
    async () => {
      await on(ALPHA, tokens.a).enroll({ course_key: A_ABOUT }).expect(201);
      const missing = await on(ALPHA, tokens.a).enroll({ course_key: 'course-v1:AlphaU+Nope+2026' }).expect(404);
      for (const key of [A_HIDDEN, A_DRAFT, B1]) {
        expect((await on(ALPHA, tokens.a).enroll({ course_key: key }).expect(404)).body).toEqual(missing.body);
      }
      expect(await rows(A_HIDDEN)).toEqual([]);
      expect(await rows(B1)).toEqual([]);
    },
  );

  it('refuses bad bodies and keys with a 400 naming the field, writing nothing', async () => {
    expect((await on(ALPHA, tokens.a).enroll({}).expect(400)).body.details[0].field).toBe('course_key');
    expect((await on(ALPHA, tokens.a).enroll({ course_key: 'not a key' }).expect(400)).body.details).toEqual([
      { field: 'course_key', reason: expect.stringContaining('not a valid course key') },
    ]);
    expect(
      (await on(ALPHA, tokens.a).enroll({ course_key: A1, mode: 'verified' }).expect(400)).body.details[0].field,
    ).toBe('mode');
    expect((await on(ALPHA, tokens.a).unenroll('not a key').expect(400)).body.details[0].field).toBe('courseKey');
    expect((await on(ALPHA, tokens.a).list('?page_size=0').expect(400)).body.details[0].field).toBe('page_size');
  });

  it('needs a token, and refuses a token of another site with a 401', async () => {
    await on(ALPHA).enroll({ course_key: A1 }).expect(401);
    await on(ALPHA).list().expect(401);
    // Site A's learner on site B: the token is not for B, whatever the request.
    await on(BETA, tokens.a).enroll({ course_key: B1 }).expect(401);
    await on(BETA, tokens.a).list().expect(401);
    await on(BETA, tokens.a).unenroll(B1).expect(401);
    expect(await rows(B1)).toEqual([]);
  });

  it("shows a learner of another organization none of A's enrollments, and lets them touch none", async () => {
    await on(BETA, tokens.b).enroll({ course_key: B1 }).expect(201);
    const list = await on(BETA, tokens.b).list().expect(200);
    expect(list.body.results.map((e: { course_key: string }) => e.course_key)).toEqual([B1]);
    await on(BETA, tokens.b).unenroll(A1).expect(404);
    expect(await rows(A1)).toEqual([expect.objectContaining({ is_active: true })]);
    // Same email, other organization: B's learner is not A's learner.
    expect(
      (await on(ALPHA, tokens.a).list().expect(200)).body.results
        .map((e: { course_key: string }) => e.course_key)
        .sort(),
    ).toEqual([A1, A_ABOUT].sort());
  });

  it("lets a member enroll only in their own organization's courses on a site that lists several (403)", async () => {
    const token = await login(SHARED, t.a.learner.email, t.a.learner.password);
    const res = await on(SHARED, token).enroll({ course_key: G1 }).expect(403);
    expect(res.body.message).toMatch(/own organization/);
    expect(await rows(G1)).toEqual([]);
    // Alpha's own course on this site is fine; its listing shows both of Alpha's sites' enrollments.
    await on(SHARED, token).enroll({ course_key: A1 }).expect(409);
  });

  it("lets an operator enroll in any course of the site, in the course's organization", async () => {
    await on(ALPHA, tokens.operatorA).enroll({ course_key: A1 }).expect(201);
    expect(await rows(A1)).toEqual([
      expect.objectContaining({ user_id: t.a.learner.id }),
      expect.objectContaining({ organization_id: t.a.id, user_id: null, operator_id: t.operator.id, is_active: true }),
    ]);
    expect(
      (await on(ALPHA, tokens.operatorA).list().expect(200)).body.results.map(
        (e: { course_key: string }) => e.course_key,
      ),
    ).toEqual([A1]);
    await on(ALPHA, tokens.operatorA).unenroll(A1).expect(204);
    await on(ALPHA, tokens.operatorA).enroll({ course_key: A1 }).expect(201);
    const shared = await login(SHARED, t.operator.email, t.operator.password);
    await on(SHARED, shared).enroll({ course_key: G1 }).expect(201);
    expect(await rows(G1)).toEqual([expect.objectContaining({ operator_id: t.operator.id, user_id: null })]);
  });

  it('pages the list with absolute links', async () => {
    const first = await on(ALPHA, tokens.a).list('?page_size=1').expect(200);
    expect(first.body).toMatchObject({
      count: 2,
      previous: null,
      next: `http://${ALPHA}/api/enrollments?page_size=1&page=2`,
    });
    await on(ALPHA, tokens.a).list('?page_size=1&page=3').expect(404);
  });
});
