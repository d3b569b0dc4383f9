import {
  asDatabaseOwner,
  bearerClient,
  queryAsTenant,
  studioToken,
  studioTokenFor,
  useHttpTestApp,
  useTwoTenantApp,
} from '@mtl/testing';
import { StudioModule } from '../../apps/studio/src/studio.module';

const COURSES = '/api/courses';
const path = (key: string) => `${COURSES}/${encodeURIComponent(key)}`;

interface Counts {
  organizations: number;
  course_runs: number;
  organization_courses: number;
  libraries: number;
  audit_trail: number;
}

/** Row counts of everything a creation could write, as the database owner sees them (no RLS). */
async function counts(): Promise<Counts> {
  const [row] = await asDatabaseOwner<Counts>(`
    SELECT (SELECT count(*)::int FROM organizations) AS organizations,
           (SELECT count(*)::int FROM course_runs) AS course_runs,
           (SELECT count(*)::int FROM organization_courses) AS organization_courses,
           (SELECT count(*)::int FROM libraries) AS libraries,
           (SELECT count(*)::int FROM audit_trail WHERE action <> 'cross_organization.access') AS audit_trail`);
  return row;
}

describe('Studio courses', () => {
  const suite = useTwoTenantApp(StudioModule, { signIn: ['authorA', 'authorB', 'adminA', 'operator'] });
  const { t, as, http, bearer } = suite;
  const course = (org: string, number: string, run: string, extra: object = {}) => ({
    org,
    number,
    run,
    display_name: `${number} ${run}`,
    ...extra,
  });

  // B has a course of its own from the start: what A's authors do below runs beside B's rows.
  beforeAll(async () => {
    await as('authorB')
      .post(COURSES, course(t.b.shortName, 'BOWN', '2026_T1', { display_name: 'Own of B' }))
      .expect(201);
  });

  it('documents every course endpoint with bearer auth and its error answers', async () => {
    const doc = (await http().get('/docs/openapi.json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([COURSES, `${COURSES}/{courseKey}`]));
    expect(Object.keys(doc.paths[COURSES].post.responses)).toEqual(
      expect.arrayContaining(['201', '400', '401', '403', '409']),
    );
    expect(Object.keys(doc.paths[`${COURSES}/{courseKey}`].patch.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '404']),
    );
    expect(doc.paths[COURSES].get.security).toEqual([{ bearer: [] }]);
  });

  describe('an author in their own organization', () => {
    it(
      'creates a course run: 201 in the product shape, stored under the organization with its ' +
        'link, in one transaction',
      async () => {
        const res = await as('authorA')
          .post(
            COURSES,
            course(t.a.shortName, 'CS101', '2026_T1', {
              display_name: 'Intro to CS',
              start: '2026-01-10T00:00:00.000Z',
              end: '2026-06-30T00:00:00Z',
            }),
          )
          .expect(201);
        const key = `course-v1:${t.a.shortName}+CS101+2026_T1`;
        expect(res.body).toEqual({
          course_key: key,
          org: t.a.shortName,
          number: 'CS101',
          run: '2026_T1',
          display_name: 'Intro to CS',
          start: '2026-01-10T00:00:00.000Z',
          end: '2026-06-30T00:00:00.000Z',
          catalog_visibility: 'both',
          published: false,
        });
        const stored = await asDatabaseOwner(
          `SELECT organization_id, display_name, published, catalog_visibility FROM course_runs WHERE course_key = $1`,
          [key],
        );
        expect(stored).toEqual([
          { organization_id: t.a.id, display_name: 'Intro to CS', published: false, catalog_visibility: 'both' },
        ]);
        const links = await asDatabaseOwner(
          `SELECT organization_id, active FROM organization_courses WHERE course_id = $1`,
          [key],
        );
        expect(links).toEqual([{ organization_id: t.a.id, active: true }]);
        // Under row-level security, as the runtime role: A's transaction sees the run and its link, B's neither.
        const under = (organizationId: number) =>
          queryAsTenant(
            suite.app,
            organizationId,
            `SELECT c.course_key, l.active FROM course_runs c JOIN organization_courses l ON ` +
              `l.organization_id = c.organization_id AND l.course_id = c.course_key WHERE c.course_key = $1`,
            [key],
          );
        expect(await under(t.a.id)).toEqual([{ course_key: key, active: true }]);
        expect(await under(t.b.id)).toEqual([]);
      },
    );

    it('reads and edits its course; start must precede end', async () => {
      await as('authorA')
        .post(COURSES, course(t.a.shortName, 'EDIT1', 'R1'))
        .expect(201);
      const key = `course-v1:${t.a.shortName}+EDIT1+R1`;
      expect((await as('authorA').get(path(key)).expect(200)).body).toMatchObject({
        course_key: key,
        display_name: 'EDIT1 R1',
      });
      // A key in a path works unencoded too: `+` and `:` are path characters.
      await as('authorA').get(`${COURSES}/${key}`).expect(200);
      const patched = await as('authorA')
        .patch(path(key), {
          display_name: 'Edited',
          catalog_visibility: 'about',
          published: true,
          start: '2026-02-01T00:00:00Z',
          end: '2026-03-01T00:00:00Z',
        })
        .expect(200);
      expect(patched.body).toMatchObject({
        display_name: 'Edited',
        catalog_visibility: 'about',
        published: true,
        start: '2026-02-01T00:00:00.000Z',
        end: '2026-03-01T00:00:00.000Z',
      });
      const late = await as('authorA').patch(path(key), { start: '2026-03-01T00:00:00Z' }).expect(400);
      expect(late.body.details).toEqual([{ field: 'end', reason: 'must be after start' }]);
      await as('authorA').patch(path(key), { end: '2026-01-01T00:00:00Z' }).expect(400);
      const cleared = await as('authorA').patch(path(key), { end: null }).expect(200);
      expect(cleared.body.end).toBeNull();
      expect((await as('authorA').get(path(key)).expect(200)).body).toMatchObject({
        display_name: 'Edited',
        start: '2026-02-01T00:00:00.000Z',
        end: null,
      });
    });

    it("uses its organization's own spelling of the short name whatever case the request used", async () => {
      const res = await as('authorA')
        .post(COURSES, course(t.a.shortName.toUpperCase(), 'CASE1', 'R1'))
        .expect(201);
      expect(res.body.course_key).toBe(`course-v1:${t.a.shortName}+CASE1+R1`);
      expect(res.body.org).toBe(t.a.shortName);
    });

    it('lists only its organization, paginated, with q matching display name or key case-insensitively', async () => {
      await as('authorB')
        .post(COURSES, course(t.b.shortName, 'BONLY', 'R1', { display_name: 'Only in B' }))
        .expect(201);
      const all = await as('authorA').get(`${COURSES}?page_size=100`).expect(200);
      expect(all.body.count).toBeGreaterThanOrEqual(3);
      expect(all.body.results.every((c: { org: string }) => c.org === t.a.shortName)).toBe(true);
      const keys = all.body.results.map((c: { course_key: string }) => c.course_key);
      expect([...keys].sort()).toEqual(keys);
      const first = await as('authorA').get(`${COURSES}?page_size=1`).expect(200);
      expect(first.body).toMatchObject({ count: all.body.count, previous: null, results: [all.body.results[0]] });
      expect(new URL(first.body.next).searchParams.get('page')).toBe('2');
      await as('authorA').get(`${COURSES}?page=99`).expect(404);
      expect(
        (await as('authorA').get(`${COURSES}?q=intro TO`).expect(200)).body.results.map(
          (c: { number: string }) => c.number,
        ),
      ).toEqual(['CS101']);
      expect(
        (await as('authorA').get(`${COURSES}?q=edit1%2Br1`).expect(200)).body.results.map(
          (c: { number: string }) => c.number,
        ),
      ).toEqual(['EDIT1']);
      expect((await as('authorA').get(`${COURSES}?q=Only in B`).expect(200)).body).toMatchObject({
        count: 0,
        results: [],
      });
      // LIKE wildcards in q are plain characters.
      expect((await as('authorA').get(`${COURSES}?q=%25`).expect(200)).body.count).toBe(0);
    });

    it('answers a duplicate key with 409, compared case-insensitively, and writes nothing', async () => {
      await as('authorA')
        .post(COURSES, course(t.a.shortName, 'DUP1', 'Run'))
        .expect(201);
      const before = await counts();
      for (const again of [
        course(t.a.shortName, 'DUP1', 'Run'),
        course(t.a.shortName, 'dup1', 'RUN'),
        course(t.a.shortName.toLowerCase(), 'Dup1', 'run'),
      ]) {
        const res = await as('authorA').post(COURSES, again).expect(409);
        expect(res.body).toMatchObject({
          statusCode: 409,
          error: 'Conflict',
          details: [{ field: 'course_key', reason: 'already exists (compared case-insensitively)' }],
        });
      }
      expect(await counts()).toEqual(before);
    });

    it.each([
      ['org', { org: 'bad org!' }],
      ['org', { org: '' }],
      ['number', { number: 'a+b' }],
      ['number', { number: 'sp ace' }],
      ['number', { number: 'é101' }],
      ['number', { number: '' }],
      ['run', { run: 'r@1' }],
      ['run', { run: 'branch@x' }],
      ['run', { run: '' }],
      ['display_name', { display_name: '' }],
      ['display_name', { display_name: 'nul\u0000byte' }],
      ['display_name', { display_name: 'x'.repeat(256) }],
      ['start', { start: 'yesterday' }],
      ['end', { start: '2026-05-01T00:00:00Z', end: '2026-05-01T00:00:00Z' }],
      ['end', { start: '2026-05-02T00:00:00Z', end: '2026-05-01T00:00:00Z' }],
      ['number', { number: undefined }],
    ])('answers an invalid %s with a 400 naming it, and writes nothing', async (field, change) => {
      const before = await counts();
      const res = await as('authorA')
        .post(COURSES, { ...course(t.a.shortName, 'GOOD1', 'R1'), ...change })
        .expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
      expect(await counts()).toEqual(before);
    });

    it('refuses unknown fields, a huge body value and a NUL in q with a 4xx', async () => {
      await as('authorA')
        .post(COURSES, { ...course(t.a.shortName, 'EXTRA', 'R1'), organization_id: t.b.id })
        .expect(400);
      const key = `course-v1:${t.a.shortName}+CS101+2026_T1`;
      const unknown = await as('authorA').patch(path(key), { display_name: 'x', org: t.b.shortName }).expect(400);
      expect(unknown.body.details.map((d: { field: string }) => d.field)).toContain('org');
      const empty = await as('authorA').patch(path(key), {}).expect(400);
      expect(empty.body.details).toEqual([{ field: 'body', reason: expect.stringContaining('display_name') }]);
      await as('authorA').patch(path(key), { catalog_visibility: 'everyone' }).expect(400);
      await as('authorA').patch(path(key), { published: 'yes' }).expect(400);
      await as('authorA').patch(path(key), { display_name: 'nul\u0000' }).expect(400);
      const huge = await as('authorA').post(COURSES, course(t.a.shortName, 'x'.repeat(100_000), 'R1'));
      expect(huge.status).toBeGreaterThanOrEqual(400);
      expect(huge.status).toBeLessThan(500);
      const nul = await as('authorA').get(`${COURSES}?q=a%00b`);
      expect(nul.status).toBe(400);
      expect((await as('authorA').get(`${COURSES}?q=${'y'.repeat(300)}`)).status).toBe(400);
    });

    it.each(['page_size=0', 'page_size=101', 'page_size=-1', 'page_size=abc', 'page=0', 'page=abc'])(
      'answers ?%s with a 400 naming the parameter',
      async (query) => {
        const res = await as('authorA').get(`${COURSES}?${query}`).expect(400);
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain(query.split('=')[0]);
      },
    );

    it.each(['not-a-key', 'course-v1:a+b', 'course-v1:a+b+c ', `course-v1:${'x'.repeat(300)}+b+c`])(
      'answers a malformed key %j in the path with a 400',
      async (key) => {
        const res = await as('authorA').get(path(key)).expect(400);
        expect(res.body.details).toEqual([{ field: 'courseKey', reason: 'is not a valid course key' }]);
        await as('authorA').patch(path(key), { display_name: 'x' }).expect(400);
      },
    );

    it('lets an admin do all an author can', async () => {
      const res = await as('adminA')
        .post(COURSES, course(t.a.shortName, 'ADMIN1', 'R1'))
        .expect(201);
      await as('adminA').patch(path(res.body.course_key), { published: true }).expect(200);
      expect((await as('adminA').get(COURSES).expect(200)).body.count).toBeGreaterThan(0);
    });
  });

  describe('another organization', () => {
    it(
      "gets nothing of A's: its courses are 404 exactly like a key that exists nowhere, and " + 'nothing changes',
      async () => {
        const key = `course-v1:${t.a.shortName}+CS101+2026_T1`;
        const theirs = await as('authorB').get(path(key)).expect(404);
        const nowhere = await as('authorB')
          .get(path(`course-v1:${t.a.shortName}+NOPE+R1`))
          .expect(404);
        expect(theirs.body).toEqual(nowhere.body);
        expect(theirs.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'No such course', details: [] });
        const patched = await as('authorB').patch(path(key), { display_name: 'Hijacked', published: true }).expect(404);
        expect(patched.body).toEqual(nowhere.body);
        const [row] = await asDatabaseOwner<{ display_name: string }>(
          `SELECT display_name FROM course_runs WHERE course_key = $1`,
          [key],
        );
        expect(row.display_name).toBe('Intro to CS');
        const list = await as('authorB').get(`${COURSES}?page_size=100`).expect(200);
        expect(list.body.results.map((c: { org: string }) => c.org)).toEqual(
          list.body.results.map(() => t.b.shortName),
        );
        expect((await as('authorB').get(`${COURSES}?q=${t.a.shortName}`).expect(200)).body.count).toBe(0);
      },
    );

    it("is refused with 403 when creating under A's short name (any case), and nothing is written", async () => {
      const before = await counts();
      for (const org of [t.a.shortName, t.a.shortName.toLowerCase(), 'SomeOtherOrg']) {
        const res = await as('authorB')
          .post(COURSES, course(org, 'STEAL', 'R1'))
          .expect(403);
        expect(res.body).toMatchObject({
          statusCode: 403,
          details: [{ field: 'org', reason: "must be your organization's short_name" }],
        });
      }
      expect(await counts()).toEqual(before);
    });
  });

  describe('roles', () => {
    it('refuses learners at Studio sign-in (403), and a member demoted to learner on every course route', async () => {
      const login = await http()
        .post('/api/auth/login')
        .send({ email: t.a.learner.email, password: t.a.learner.password, organization: t.a.shortName })
        .expect(403);
      expect(login.body).toMatchObject({ statusCode: 403, message: 'Learners cannot use Studio' });
      expect(login.body.access_token).toBeUndefined();
      const token = await studioTokenFor(t.b.admin, t.b, suite.app);
      await asDatabaseOwner(`UPDATE organization_memberships SET role = 'learner' WHERE user_id = $1`, [t.b.admin.id]);
      try {
        const before = await counts();
        await bearer(token).get(COURSES).expect(403);
        await bearer(token)
          .post(COURSES, course(t.b.shortName, 'LRN', 'R1'))
          .expect(403);
        await bearer(token)
          .get(path(`course-v1:${t.b.shortName}+BONLY+R1`))
          .expect(403);
        await bearer(token)
          .patch(path(`course-v1:${t.b.shortName}+BONLY+R1`), { published: true })
          .expect(403);
        await bearer(token).get('/api/libraries').expect(403);
        await bearer(token).post('/api/libraries', { org: t.b.shortName, slug: 'x', title: 'X' }).expect(403);
        expect(await counts()).toEqual(before);
      } finally {
        await asDatabaseOwner(`UPDATE organization_memberships SET role = 'admin' WHERE user_id = $1`, [t.b.admin.id]);
      }
    });

    it('refuses anonymous callers with 401', async () => {
      await http().get(COURSES).expect(401);
      await http()
        .post(COURSES)
        .send(course(t.a.shortName, 'ANON', 'R1'))
        .expect(401);
    });

    it('refuses authors the members API (403)', async () => {
      await as('authorA').get('/api/organization/members').expect(403);
      await as('authorA')
        .post('/api/organization/members', { email: 'new@example.com', name: 'New', role: 'admin' })
        .expect(403);
      await as('authorA').patch(`/api/organization/members/${t.a.learner.id}`, { role: 'admin' }).expect(403);
      await as('authorA').get('/api/admin/audit').expect(403);
    });

    it('refuses the members of an inactive organization with 403 and writes nothing', async () => {
      await asDatabaseOwner(`UPDATE organizations SET active = false WHERE id = $1`, [t.b.id]);
      try {
        const before = await counts();
        await as('authorB')
          .post(COURSES, course(t.b.shortName, 'INACTIVE', 'R1'))
          .expect(403);
        await as('authorB')
          .patch(path(`course-v1:${t.b.shortName}+BONLY+R1`), { published: true })
          .expect(403);
        await as('authorB').post('/api/libraries', { org: t.b.shortName, slug: 'inactive', title: 'X' }).expect(403);
        expect(await counts()).toEqual(before);
      } finally {
        await asDatabaseOwner(`UPDATE organizations SET active = true WHERE id = $1`, [t.b.id]);
      }
    });
  });

  describe('operators', () => {
    it('create, read and edit courses in any organization; each write is audited with the request id', async () => {
      const res = await as('operator')
        .post(COURSES, course(t.b.shortName, 'OPS1', 'R1'))
        .set('x-request-id', 'req-ops-create-1')
        .expect(201);
      const key = `course-v1:${t.b.shortName}+OPS1+R1`;
      expect(res.body.course_key).toBe(key);
      expect(await asDatabaseOwner(`SELECT organization_id FROM course_runs WHERE course_key = $1`, [key])).toEqual([
        { organization_id: t.b.id },
      ]);
      expect(
        await asDatabaseOwner(`SELECT organization_id FROM organization_courses WHERE course_id = $1`, [key]),
      ).toEqual([{ organization_id: t.b.id }]);
      await as('operator')
        .get(path(`course-v1:${t.a.shortName}+CS101+2026_T1`))
        .expect(200);
      await as('operator').patch(path(key), { published: true }).set('x-request-id', 'req-ops-patch-1').expect(200);
      expect((await as('authorB').get(path(key)).expect(200)).body.published).toBe(true);
      const audit = await asDatabaseOwner(
        `SELECT actor, action, organization_id, target, request_id FROM audit_trail WHERE target = $1 ORDER BY id`,
        [key],
      );
      expect(audit).toEqual([
        {
          actor: `operator:${t.operator.id}`,
          action: 'course.create',
          organization_id: t.b.id,
          target: key,
          request_id: 'req-ops-create-1',
        },
        {
          actor: `operator:${t.operator.id}`,
          action: 'course.update',
          organization_id: t.b.id,
          target: key,
          request_id: 'req-ops-patch-1',
        },
      ]);
      const list = await as('operator').get(`${COURSES}?page_size=100`).expect(200);
      expect(new Set(list.body.results.map((c: { org: string }) => c.org))).toEqual(
        new Set([t.a.shortName, t.b.shortName]),
      );
      await as('operator').get(path(`course-v1:NoSuchOrg+X+Y`)).expect(404);
    });

    it('search every organization with q, matching display name or key', async () => {
      const found = await as('operator')
        .get(`${COURSES}?q=${encodeURIComponent('Own of')}&page_size=100`)
        .expect(200);
      expect(found.body.results.map((c: { org: string; number: string }) => `${c.org} ${c.number}`)).toEqual([
        `${t.b.shortName} BOWN`,
      ]);
      const byKey = await as('operator').get(`${COURSES}?q=${encodeURIComponent(`${t.a.shortName}+CS101`)}`);
      expect(byKey.body.results.map((c: { org: string }) => c.org)).toEqual([t.a.shortName]);
    });

    it('with ORGANIZATIONS_AUTOCREATE on (the default) create an unknown organization on the fly, linked', async () => {
      const res = await as('operator')
        .post(COURSES, course('orgX', 'CS101', '2015_T2'))
        .expect(201);
      expect(res.body.course_key).toBe('course-v1:orgX+CS101+2015_T2');
      const [org] = await asDatabaseOwner<{ id: number; name: string; active: boolean }>(
        `SELECT id, name, active FROM organizations WHERE short_name = 'orgX'`,
      );
      expect(org).toMatchObject({ name: 'orgX', active: true });
      expect(
        await asDatabaseOwner(
          `SELECT organization_id FROM organization_courses WHERE course_id = 'course-v1:orgX+CS101+2015_T2'`,
        ),
      ).toEqual([{ organization_id: org.id }]);
      const bad = await as('operator')
        .post(COURSES, course('bad/org', 'CS101', 'R1'))
        .expect(400);
      expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(['org']);
    });

    describe('with ORGANIZATIONS_AUTOCREATE off', () => {
      const strict = useHttpTestApp(StudioModule, { env: { ORGANIZATIONS_AUTOCREATE: 'false' } });
      let strictOperator: ReturnType<typeof bearerClient>;

      beforeAll(async () => {
        const token = await studioToken(strict.app, { email: t.operator.email, password: t.operator.password });
        strictOperator = bearerClient(strict.app, token);
      });

      it('refuse an unknown organization with a 400 naming org, and write nothing at all', async () => {
        const before = await counts();
        const res = await strictOperator.post(COURSES, course('StrictOrg', 'CS101', 'R1')).expect(400);
        expect(res.body).toMatchObject({ statusCode: 400, details: [{ field: 'org' }] });
        const lib = await strictOperator
          .post('/api/libraries', { org: 'StrictOrg', slug: 'lib', title: 'L' })
          .expect(400);
        expect(lib.body.details.map((d: { field: string }) => d.field)).toEqual(['org']);
        expect(await counts()).toEqual(before);
        expect(await asDatabaseOwner(`SELECT 1 FROM organizations WHERE lower(short_name) = 'strictorg'`)).toEqual([]);
        // Nothing written, but the refused operator's use of the cross-organization path is on record.
        expect(
          await asDatabaseOwner(
            `SELECT detail FROM audit_trail WHERE action = 'cross_organization.access' AND ` +
              `detail LIKE '%StrictOrg%[refused:%' ORDER BY id`,
          ),
        ).toEqual([
          { detail: expect.stringMatching(/^studio: create course CS101\+R1 in StrictOrg \[refused: /) },
          { detail: expect.stringMatching(/^studio: create library .* in StrictOrg \[refused: /) },
        ]);
      });

      it('still create under an existing organization, linked to it', async () => {
        const res = await strictOperator.post(COURSES, course(t.a.shortName, 'STRICT1', 'R1')).expect(201);
        expect(
          await asDatabaseOwner(`SELECT organization_id FROM organization_courses WHERE course_id = $1`, [
            res.body.course_key,
          ]),
        ).toEqual([{ organization_id: t.a.id }]);
      });
    });
  });
});
