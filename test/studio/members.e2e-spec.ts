import { asDatabaseOwner, SeededTenant, studioToken, studioTokenFor, useTwoTenantApp } from '@mtl/testing';
import { StudioModule } from '../../apps/studio/src/studio.module';

const MEMBERS = '/api/organization/members';

describe('Studio organization members', () => {
  const suite = useTwoTenantApp(StudioModule, { signIn: ['adminA', 'adminB'] });
  const { t, as, http, bearer } = suite;
  /** A Studio token of a member just added, signed in with the initial password the API returned. */
  const signInAdded = (email: string, created: { body: { initial_password: string } }, tenant: SeededTenant) =>
    studioToken(suite.app, { email, password: created.body.initial_password, organization: tenant.shortName });

  it('documents the endpoints with bearer auth and their error answers', async () => {
    const doc = (await http().get('/docs/openapi.json').expect(200)).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/auth/login', '/api/me', MEMBERS, `${MEMBERS}/{userId}`]),
    );
    const patch = doc.paths[`${MEMBERS}/{userId}`].patch;
    expect(patch.security).toEqual([{ bearer: [] }]);
    expect(Object.keys(patch.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404', '409']));
    expect(Object.keys(doc.paths['/api/auth/login'].post.responses)).toEqual(
      expect.arrayContaining(['200', '400', '401', '429']),
    );
  });

  describe('GET', () => {
    it("lists the admin's own organization only, by email, without secrets", async () => {
      const res = await as('adminA').get(MEMBERS).expect(200);
      expect(res.body).toMatchObject({ count: 3, next: null, previous: null });
      expect(res.body.results.map((m: { email: string }) => m.email)).toEqual([
        t.a.admin.email,
        t.a.author.email,
        t.a.learner.email,
      ]);
      expect(res.body.results[0]).toEqual({
        id: t.a.admin.id,
        email: t.a.admin.email,
        name: t.a.admin.name,
        role: 'admin',
        active: true,
        created: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      expect(JSON.stringify(res.body)).not.toMatch(/password|hash/i);
      const b = await as('adminB').get(MEMBERS).expect(200);
      const idsOfA = [t.a.admin.id, t.a.author.id, t.a.learner.id];
      expect(b.body.results.map((m: { id: string }) => m.id).filter((id: string) => idsOfA.includes(id))).toEqual([]);
    });

    it('paginates with page and page_size (max 100) and absolute next/previous links', async () => {
      const first = await as('adminA').get(`${MEMBERS}?page_size=2`).expect(200);
      expect(first.body.count).toBe(3);
      expect(first.body.results).toHaveLength(2);
      expect(first.body.previous).toBeNull();
      const next = new URL(first.body.next);
      expect(next.pathname).toBe(MEMBERS);
      expect(Object.fromEntries(next.searchParams)).toEqual({ page_size: '2', page: '2' });
      const second = await as('adminA').get(`${MEMBERS}?page_size=2&page=2`).expect(200);
      expect(second.body.results).toHaveLength(1);
      expect(second.body.next).toBeNull();
      expect(new URL(second.body.previous).searchParams.get('page')).toBe('1');
      await as('adminA').get(`${MEMBERS}?page=9`).expect(404);
      await as('adminA').get(`${MEMBERS}?page_size=100`).expect(200);
    });

    it.each([
      ['page_size=101', 'page_size'],
      ['page_size=0', 'page_size'],
      ['page=0', 'page'],
      ['page=abc', 'page'],
    ])('answers ?%s with a 400 naming %s', async (query, field) => {
      const res = await as('adminA').get(`${MEMBERS}?${query}`).expect(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    });
  });

  describe('who may', () => {
    it(
      'refuses learners (at sign-in), authors and operators with 403 on every members ' +
        'endpoint, and anonymous callers with 401',
      async () => {
        await http()
          .post('/api/auth/login')
          .send({ email: t.a.learner.email, password: t.a.learner.password, organization: t.a.shortName })
          .expect(403);
        const tokens = [
          await studioTokenFor(t.a.author, t.a, suite.app),
          await studioToken(suite.app, { email: t.operator.email, password: t.operator.password }),
        ];
        for (const token of tokens) {
          await bearer(token).get(MEMBERS).expect(403);
          await bearer(token).post(MEMBERS, { email: 'x@example.com', name: 'X', role: 'learner' }).expect(403);
          await bearer(token).patch(`${MEMBERS}/${t.a.learner.id}`, { role: 'admin' }).expect(403);
          await bearer(token).delete(`${MEMBERS}/${t.a.learner.id}`).expect(403);
        }
        await http().get(MEMBERS).expect(401);
        await http().post(MEMBERS).send({ email: 'x@example.com', name: 'X', role: 'learner' }).expect(401);
        const [row] = await asDatabaseOwner<{ role: string }>(
          `SELECT role FROM organization_memberships WHERE user_id = $1`,
          [t.a.learner.id],
        );
        expect(row.role).toBe('learner');
        expect(await asDatabaseOwner(`SELECT 1 FROM users WHERE email = 'x@example.com'`)).toEqual([]);
      },
    );

    it("gives an admin of another organization nothing of A's members: 404 for each, nothing changed", async () => {
      for (const member of [t.a.admin, t.a.author, t.a.learner]) {
        const patched = await as('adminB')
          .patch(`${MEMBERS}/${member.id}`, { role: 'learner', active: false })
          .expect(404);
        expect(patched.body).toEqual({
          statusCode: 404,
          error: 'Not Found',
          message: 'No such member in this organization',
          details: [],
        });
        await as('adminB').delete(`${MEMBERS}/${member.id}`).expect(404);
      }
      const rows = await asDatabaseOwner<{ role: string; active: boolean }>(
        `SELECT role, active FROM organization_memberships WHERE organization_id = $1 ORDER BY role`,
        [t.a.id],
      );
      expect(rows).toEqual([
        { role: 'admin', active: true },
        { role: 'author', active: true },
        { role: 'learner', active: true },
      ]);
    });

    it('answers a userId that is not a UUID with a 400 naming it', async () => {
      const res = await as('adminA').patch(`${MEMBERS}/not-a-uuid`, { role: 'author' }).expect(400);
      expect(res.body.details).toEqual([{ field: 'userId', reason: 'must be a UUID' }]);
      await as('adminA').delete(`${MEMBERS}/123`).expect(400);
    });
  });

  describe('POST', () => {
    it('creates a member with a one-time initial password that signs them in', async () => {
      const res = await as('adminA')
        .post(MEMBERS, { email: 'New.Author@Example.com', name: 'New Author', role: 'author' })
        .expect(201);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.body).toMatchObject({
        email: 'New.Author@Example.com',
        name: 'New Author',
        role: 'author',
        active: true,
      });
      expect(res.body.initial_password).toMatch(/^[A-Za-z0-9_-]{24}$/);
      const [stored] = await asDatabaseOwner<{ password_hash: string; organization_id: number }>(
        `SELECT password_hash, organization_id FROM users WHERE id = $1`,
        [res.body.id],
      );
      expect(stored.organization_id).toBe(t.a.id);
      expect(stored.password_hash).toMatch(/^\$argon2id\$/);
      expect(stored.password_hash).not.toContain(res.body.initial_password);
      const token = await signInAdded('new.author@example.com', res, t.a);
      const me = await bearer(token).get('/api/me').expect(200);
      expect(me.body).toMatchObject({ id: res.body.id, role: 'author', organization: { id: t.a.id } });
    });

    it(
      'refuses an email that already has an account in the organization (any case) with 409; ' +
        'another organization may reuse it',
      async () => {
        const dup = await as('adminA')
          .post(MEMBERS, { email: t.a.author.email.toUpperCase(), name: 'Again', role: 'learner' })
          .expect(409);
        expect(dup.body).toEqual({
          statusCode: 409,
          error: 'Conflict',
          message: 'email already has an account in this organization',
          details: [{ field: 'email', reason: 'already has an account in this organization' }],
        });
        const reused = await as('adminB')
          .post(MEMBERS, { email: t.a.author.email, name: 'Same Email in B', role: 'author' })
          .expect(201);
        const rows = await asDatabaseOwner<{ organization_id: number }>(
          `SELECT organization_id FROM users WHERE lower(email) = lower($1) ORDER BY 1`,
          [t.a.author.email],
        );
        expect(rows.map((r) => r.organization_id)).toEqual([t.a.id, t.b.id].sort((x, y) => x - y));
        expect(reused.body.id).not.toBe(t.a.author.id);
      },
    );

    it('names every bad field with a 400', async () => {
      const res = await as('adminA')
        .post(MEMBERS, { email: 'nope', name: '', role: 'owner', password: 'x' })
        .expect(400);
      const fields = res.body.details.map((d: { field: string }) => d.field).sort();
      expect(fields).toEqual(['email', 'name', 'password', 'role']);
      expect(res.body.details).toContainEqual({
        field: 'role',
        reason: 'must be one of the following values: learner, author, admin',
      });
    });
  });

  describe('PATCH and DELETE', () => {
    it("changes a member's role, and their existing token carries the new role at once", async () => {
      const created = await as('adminB')
        .post(MEMBERS, { email: 'promote@example.com', name: 'Promote Me', role: 'author' })
        .expect(201);
      const token = await signInAdded('promote@example.com', created, t.b);
      await bearer(token).get(MEMBERS).expect(403);
      const res = await as('adminB').patch(`${MEMBERS}/${created.body.id}`, { role: 'admin' }).expect(200);
      expect(res.body).toMatchObject({ id: created.body.id, role: 'admin', active: true });
      await bearer(token).get(MEMBERS).expect(200);
      await as('adminB').patch(`${MEMBERS}/${created.body.id}`, { role: 'author' }).expect(200);
      await bearer(token).get(MEMBERS).expect(403);
    });

    it(
      'deactivating a member stops their token (403) and their sign-in (401); ' + 'reactivating restores both',
      async () => {
        const token = await studioTokenFor(t.b.author, t.b, suite.app);
        const res = await as('adminB').patch(`${MEMBERS}/${t.b.author.id}`, { active: false }).expect(200);
        expect(res.body).toMatchObject({ active: false, role: 'author' });
        await bearer(token).get('/api/me').expect(403);
        await http()
          .post('/api/auth/login')
          .send({ email: t.b.author.email, password: t.b.author.password, organization: t.b.shortName })
          .expect(401);
        await as('adminB').patch(`${MEMBERS}/${t.b.author.id}`, { active: true }).expect(200);
        await bearer(token).get('/api/me').expect(200);
      },
    );

    it('refuses an empty or invalid patch with a 400', async () => {
      const empty = await as('adminA').patch(`${MEMBERS}/${t.a.learner.id}`, {}).expect(400);
      expect(empty.body.details).toEqual([{ field: 'body', reason: 'must name at least one of role, active' }]);
      const bad = await as('adminA')
        .patch(`${MEMBERS}/${t.a.learner.id}`, { active: 'no', role: 'operator' })
        .expect(400);
      expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['active', 'role']);
    });

    it(
      'never leaves an organization without an active admin (409), but lets an admin step down ' +
        'when another remains',
      async () => {
        for (const attempt of [
          () => as('adminA').patch(`${MEMBERS}/${t.a.admin.id}`, { role: 'author' }),
          () => as('adminA').patch(`${MEMBERS}/${t.a.admin.id}`, { active: false }),
          () => as('adminA').delete(`${MEMBERS}/${t.a.admin.id}`),
        ]) {
          const res = await attempt().expect(409);
          expect(res.body).toMatchObject({
            statusCode: 409,
            message: 'The organization must keep at least one active admin',
          });
        }
        await as('adminA').patch(`${MEMBERS}/${t.a.learner.id}`, { role: 'admin' }).expect(200);
        await as('adminA').patch(`${MEMBERS}/${t.a.admin.id}`, { role: 'author' }).expect(200);
        await as('adminA').get(MEMBERS).expect(403); // the former admin's token now carries their new role
        const newAdmin = await studioTokenFor(t.a.learner, t.a, suite.app);
        await bearer(newAdmin).patch(`${MEMBERS}/${t.a.admin.id}`, { role: 'admin' }).expect(200);
        await bearer(newAdmin).patch(`${MEMBERS}/${t.a.learner.id}`, { role: 'learner' }).expect(200);
        await as('adminA').get(MEMBERS).expect(200);
      },
    );

    it('removes a member: the account goes, its token stops (401), and the email may be added again', async () => {
      const created = await as('adminA')
        .post(MEMBERS, { email: 'leaving@example.com', name: 'Leaving', role: 'author' })
        .expect(201);
      const token = await signInAdded('leaving@example.com', created, t.a);
      await as('adminA').delete(`${MEMBERS}/${created.body.id}`).expect(204);
      await bearer(token).get('/api/me').expect(401);
      expect(
        await asDatabaseOwner(`SELECT 1 FROM organization_memberships WHERE user_id = $1`, [created.body.id]),
      ).toEqual([]);
      await as('adminA').delete(`${MEMBERS}/${created.body.id}`).expect(404);
      const list = await as('adminA').get(`${MEMBERS}?page_size=100`).expect(200);
      expect(list.body.results.map((m: { id: string }) => m.id)).not.toContain(created.body.id);
      await as('adminA').post(MEMBERS, { email: 'leaving@example.com', name: 'Back', role: 'learner' }).expect(201);
    });
  });
});
