import { asDatabaseOwner as sql, storedOrganizationsNamed, studioTokenFor, useTwoTenantApp } from '@mtl/testing';
import { StudioModule } from '../../apps/studio/src/studio.module';

const ORGS = '/api/organizations/v0/organizations';
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const stored = storedOrganizationsNamed;

/** The shared error shape, with the fields the details name. */
function expectError(body: unknown, status: number, fields: string[] = []): void {
  expect(body).toEqual({
    statusCode: status,
    error: expect.any(String),
    message: expect.any(String),
    details: expect.any(Array),
  });
  const named = (body as { details: { field: string; reason: string }[] }).details.map((d) => d.field);
  for (const field of fields) expect(named).toContain(field);
}

describe('Studio: the edx-organizations v0 REST API (operators only)', () => {
  const suite = useTwoTenantApp(StudioModule, { signIn: ['operator', 'adminA'] });
  const { t, tokens, as, http, bearer } = suite;
  /** An operator's request with a body, by any method (for the 405s). */
  const send = (method: 'post' | 'put' | 'patch' | 'delete', path: string) =>
    http()[method](path).set('authorization', `Bearer ${tokens.operator}`).send({ name: 'x' });

  it('CS-01: a PUT that creates answers 201 with the full representation', async () => {
    const res = await as('operator').put(`${ORGS}/acme/`, { name: 'Acme', short_name: 'acme' }).expect(201);
    expect(res.body).toEqual({
      id: expect.any(Number),
      created: expect.stringMatching(ISO),
      modified: expect.stringMatching(ISO),
      name: 'Acme',
      short_name: 'acme',
      description: null,
      logo: null,
      active: true,
    });
    expect(Number.isInteger(res.body.id)).toBe(true);
    expect(await stored('acme')).toEqual([
      { id: res.body.id, short_name: 'acme', name: 'Acme', description: null, logo_url: null, active: true },
    ]);
  });

  it(
    'CS-02: a PUT that updates answers 200 with the same id, and GET (any case, with or ' +
      'without a trailing slash) shows it',
    async () => {
      const [before] = await stored('acme');
      const res = await as('operator')
        .put(`${ORGS}/acme`, {
          name: 'Acme 2',
          short_name: 'acme',
          description: 'Rockets',
          logo_url: 'https://cdn.example.com/acme.png',
        })
        .expect(200);
      expect(res.body).toMatchObject({
        id: before.id,
        name: 'Acme 2',
        short_name: 'acme',
        description: 'Rockets',
        logo: 'https://cdn.example.com/acme.png',
        active: true,
      });
      for (const path of [`${ORGS}/acme/`, `${ORGS}/acme`, `${ORGS}/ACME/`]) {
        expect((await as('operator').get(path).expect(200)).body).toEqual(res.body);
      }
      // description and logo_url left out are kept; null clears them.
      const kept = await as('operator').put(`${ORGS}/acme/`, { name: 'Acme 3', short_name: 'acme' }).expect(200);
      expect(kept.body).toMatchObject({
        name: 'Acme 3',
        description: 'Rockets',
        logo: 'https://cdn.example.com/acme.png',
      });
      const cleared = await as('operator')
        .put(`${ORGS}/acme/`, { name: 'Acme', short_name: 'acme', description: null, logo_url: null })
        .expect(200);
      expect(cleared.body).toMatchObject({ name: 'Acme', description: null, logo: null });
    },
  );

  it("accepts a body short_name that differs from the path's only in case, and stores that spelling", async () => {
    const [before] = await stored('acme');
    const res = await as('operator').put(`${ORGS}/acme/`, { name: 'Acme', short_name: 'ACME' }).expect(200);
    expect(res.body).toMatchObject({ id: before.id, short_name: 'ACME' });
    await as('operator').put(`${ORGS}/ACME/`, { name: 'Acme', short_name: 'acme' }).expect(200);
    expect((await stored('acme')).map((o) => [o.id, o.short_name])).toEqual([[before.id, 'acme']]);
  });

  it('CS-05: refuses a body carrying active, whatever its value, and changes nothing', async () => {
    const before = await stored('acme');
    for (const active of [false, true, null, 'yes']) {
      const res = await as('operator')
        .put(`${ORGS}/acme/`, { name: 'Changed', short_name: 'acme', active })
        .expect(400);
      expectError(res.body, 400, ['active']);
      expect(res.body.details).toContainEqual({
        field: 'active',
        reason: 'may not be specified via the Organizations HTTP API',
      });
      expect(res.body.message).toBe('active may not be specified via the Organizations HTTP API');
      const created = await as('operator')
        .put(`${ORGS}/cs05new/`, { name: 'New', short_name: 'cs05new', active })
        .expect(400);
      expectError(created.body, 400, ['active']);
    }
    expect(await stored('acme')).toEqual(before);
    expect(await stored('cs05new')).toEqual([]);
  });

  it('CS-06: refuses a body without name or short_name, naming the field, and stores nothing', async () => {
    const noName = await as('operator').put(`${ORGS}/cs06/`, { short_name: 'cs06' }).expect(400);
    expectError(noName.body, 400, ['name']);
    const emptyName = await as('operator').put(`${ORGS}/cs06/`, { name: '', short_name: 'cs06' }).expect(400);
    expectError(emptyName.body, 400, ['name']);
    const noShortName = await as('operator').put(`${ORGS}/cs06/`, { name: 'CS 06' }).expect(400);
    expectError(noShortName.body, 400, ['short_name']);
    const noBody = await http().put(`${ORGS}/cs06/`).set('authorization', `Bearer ${tokens.operator}`).expect(400);
    expectError(noBody.body, 400);
    const notAnObject = await as('operator').put(`${ORGS}/cs06/`, ['cs06']).expect(400);
    expectError(notAnObject.body, 400, ['body']);
    const unknownField = await as('operator')
      .put(`${ORGS}/cs06/`, { name: 'CS 06', short_name: 'cs06', logo: 'x' })
      .expect(400);
    expectError(unknownField.body, 400, ['logo']);
    expect(await stored('cs06')).toEqual([]);
  });

  it(
    "CS-09: refuses a body short_name other than the path's (no renames, no creation " + 'under another name)',
    async () => {
      await as('operator').put(`${ORGS}/other/`, { name: 'Other', short_name: 'other' }).expect(201);
      const res = await as('operator').put(`${ORGS}/newname/`, { name: 'Renamed', short_name: 'other' }).expect(400);
      expectError(res.body, 400, ['short_name']);
      const rename = await as('operator').put(`${ORGS}/other/`, { name: 'Other', short_name: 'newname' }).expect(400);
      expectError(rename.body, 400, ['short_name']);
      expect((await stored('other')).map((o) => o.name)).toEqual(['Other']);
      expect(await stored('newname')).toEqual([]);
    },
  );

  it(
    'refuses a short_name outside [A-Za-z0-9._-] and a logo_url that is not an http(s) URL of ' +
      'at most 255 characters',
    async () => {
      for (const shortName of ['bad name!', 'ünï', 'a+b']) {
        const res = await as('operator')
          .put(`${ORGS}/${encodeURIComponent(shortName)}/`, { name: 'Bad', short_name: shortName })
          .expect(400);
        expectError(res.body, 400, ['short_name']);
      }
      const tooLong = await as('operator')
        .put(`${ORGS}/x/`, { name: 'Bad', short_name: 'x'.repeat(256) })
        .expect(400);
      expectError(tooLong.body, 400, ['short_name']);
      for (const logoUrl of [
        'not a url',
        'ftp://cdn.example.com/logo.png',
        'javascript:alert(1)',
        `https://cdn.example.com/${'a'.repeat(240)}.png`,
        '',
        42,
      ]) {
        const res = await as('operator')
          .put(`${ORGS}/logo-test/`, { name: 'Logo', short_name: 'logo-test', logo_url: logoUrl })
          .expect(400);
        expectError(res.body, 400, ['logo_url']);
      }
      expect(await sql(`SELECT 1 FROM organizations WHERE short_name IN ('logo-test', 'bad name!', 'a+b')`)).toEqual(
        [],
      );
      const ok = await as('operator').put(`${ORGS}/Dots.and_dashes-1/`, {
        name: 'Fine',
        short_name: 'Dots.and_dashes-1',
        logo_url: 'http://cdn.example.com/x.png',
      });
      expect(ok.status).toBe(201);
    },
  );

  it('serves a short_name of the longest allowed length (255) through the path', async () => {
    const long = `L${'o'.repeat(253)}g`;
    await as('operator').put(`${ORGS}/${long}/`, { name: 'Long', short_name: long }).expect(201);
    expect((await as('operator').get(`${ORGS}/${long}`).expect(200)).body.short_name).toBe(long);
  });

  it('answers 404 in the error shape for an unknown short_name', async () => {
    for (const path of [`${ORGS}/nosuchorg/`, `${ORGS}/a+b`, `${ORGS}/bad%20name`]) {
      const res = await as('operator').get(path).expect(404);
      expectError(res.body, 404);
    }
  });

  it(
    'CS-07: an inactive organization is 404 on GET; a PUT reactivates it (200, active) with ' + 'its course links',
    async () => {
      const [acme] = await stored('acme');
      await sql(
        `INSERT INTO organization_courses (organization_id, course_id, active) VALUES ($1, ` +
          `'course-v1:acme+c+r', false)`,
        [acme.id],
      );
      await sql('UPDATE organizations SET active = false WHERE id = $1', [acme.id]);
      expectError((await as('operator').get(`${ORGS}/acme/`).expect(404)).body, 404);
      expect(
        (await as('operator').get(`${ORGS}/?page_size=100`).expect(200)).body.results.map((o: { id: number }) => o.id),
      ).not.toContain(acme.id);

      const res = await as('operator').put(`${ORGS}/acme/`, { name: 'Acme Again', short_name: 'acme' }).expect(200);
      expect(res.body).toMatchObject({ id: acme.id, name: 'Acme Again', active: true });
      expect((await as('operator').get(`${ORGS}/acme`).expect(200)).body).toMatchObject({ id: acme.id, active: true });
      expect(
        await sql('SELECT course_id, active FROM organization_courses WHERE organization_id = $1', [acme.id]),
      ).toEqual([{ course_id: 'course-v1:acme+c+r', active: true }]);
    },
  );

  it(
    'CS-08: PATCH, POST and DELETE (and PUT on the list) answer 405 with Allow, in the error ' +
      'shape, and change nothing',
    async () => {
      const before = await stored('acme');
      const cases: ['post' | 'put' | 'patch' | 'delete', string, string][] = [
        ['patch', `${ORGS}/acme/`, 'GET, HEAD, PUT'],
        ['post', `${ORGS}/acme/`, 'GET, HEAD, PUT'],
        ['delete', `${ORGS}/acme`, 'GET, HEAD, PUT'],
        ['post', `${ORGS}/`, 'GET, HEAD'],
        ['patch', ORGS, 'GET, HEAD'],
        ['delete', `${ORGS}/`, 'GET, HEAD'],
        ['put', `${ORGS}/`, 'GET, HEAD'],
      ];
      for (const [method, path, allow] of cases) {
        const res = await send(method, path).expect(405);
        expect(res.headers.allow).toBe(allow);
        expectError(res.body, 405);
        expect(res.body.error).toBe('Method Not Allowed');
      }
      expect(await stored('acme')).toEqual(before);
    },
  );

  it('CS-03/CS-04: organization members (admins included) get 403 on every route, anonymous callers 401', async () => {
    for (const token of [tokens.adminA, await studioTokenFor(t.b.author, t.b, suite.app)]) {
      expectError((await bearer(token).get(`${ORGS}/`).expect(403)).body, 403);
      expectError((await bearer(token).get(`${ORGS}/acme/`).expect(403)).body, 403);
      expectError(
        (await bearer(token).put(`${ORGS}/acme/`, { name: 'Hijacked', short_name: 'acme' }).expect(403)).body,
        403,
      );
      expectError(
        (await bearer(token).put(`${ORGS}/evil/`, { name: 'Evil', short_name: 'evil' }).expect(403)).body,
        403,
      );
    }
    expectError((await http().get(`${ORGS}/`).expect(401)).body, 401);
    expectError((await http().get(`${ORGS}/acme/`).expect(401)).body, 401);
    expectError(
      (await http().put(`${ORGS}/acme/`).send({ name: 'Hijacked', short_name: 'acme' }).expect(401)).body,
      401,
    );
    expectError((await http().patch(`${ORGS}/acme/`).send({}).expect(401)).body, 401);
    expect((await stored('acme')).map((o) => o.name)).toEqual(['Acme Again']);
    expect(await stored('evil')).toEqual([]);
  });

  it('is described in /docs: GET and PUT with their answers, not the 405 handlers', async () => {
    const doc = (await http().get('/docs/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, { responses: object }>>;
    };
    expect(Object.keys(doc.paths[ORGS]).sort()).toEqual(['get']);
    expect(Object.keys(doc.paths[`${ORGS}/{shortName}`]).sort()).toEqual(['get', 'put']);
    expect(Object.keys(doc.paths[`${ORGS}/{shortName}`].put.responses).sort()).toEqual([
      '200',
      '201',
      '400',
      '401',
      '403',
      '409',
    ]);
  });

  it('CS-10: the list counts and shows only active organizations, by id', async () => {
    await sql(`INSERT INTO organizations (name, short_name, active) VALUES ('Gone', 'gone', false)`);
    const active = await sql<{ id: number }>('SELECT id FROM organizations WHERE active ORDER BY id');
    const res = await as('operator').get(`${ORGS}/?page_size=100`).expect(200);
    expect(res.body).toMatchObject({ count: active.length, next: null, previous: null });
    expect(res.body.results.map((o: { id: number }) => o.id)).toEqual(active.map((o) => o.id));
    expect(res.body.results.map((o: { short_name: string }) => o.short_name)).not.toContain('gone');
    expect(res.body.results.every((o: { active: boolean }) => o.active)).toBe(true);
    expect(Object.keys(res.body.results[0]).sort()).toEqual([
      'active',
      'created',
      'description',
      'id',
      'logo',
      'modified',
      'name',
      'short_name',
    ]);
    // The default page holds 20.
    expect((await as('operator').get(ORGS).expect(200)).body.count).toBe(active.length);
  });

  it(
    'paginates with page and page_size: next and previous links, 404 past the end, 400 for ' + 'page_size over 100',
    async () => {
      const active = await sql<{ id: number }>('SELECT id FROM organizations WHERE active ORDER BY id');
      expect(active.length).toBeGreaterThanOrEqual(5);
      const first = await as('operator').get(`${ORGS}/?page_size=2`).expect(200);
      expect(first.body.count).toBe(active.length);
      expect(first.body.results.map((o: { id: number }) => o.id)).toEqual(active.slice(0, 2).map((o) => o.id));
      expect(first.body.previous).toBeNull();
      const next = new URL(first.body.next as string);
      expect(next.pathname).toBe(`${ORGS}/`);
      expect(Object.fromEntries(next.searchParams)).toEqual({ page_size: '2', page: '2' });

      const second = await as('operator').get(`${next.pathname}${next.search}`).expect(200);
      expect(second.body.results.map((o: { id: number }) => o.id)).toEqual(active.slice(2, 4).map((o) => o.id));
      expect(new URL(second.body.previous as string).searchParams.get('page')).toBe('1');

      const lastPage = Math.ceil(active.length / 2);
      const last = await as('operator').get(`${ORGS}/?page_size=2&page=${lastPage}`).expect(200);
      expect(last.body.next).toBeNull();
      expectError(
        (
          await as('operator')
            .get(`${ORGS}/?page_size=2&page=${lastPage + 1}`)
            .expect(404)
        ).body,
        404,
      );

      for (const [query, field] of [
        ['page_size=101', 'page_size'],
        ['page_size=0', 'page_size'],
        ['page=0', 'page'],
        ['page=two', 'page'],
      ]) {
        expectError((await as('operator').get(`${ORGS}/?${query}`).expect(400)).body, 400, [field]);
      }
      expect((await as('operator').get(`${ORGS}/?page_size=100`).expect(200)).body.results).toHaveLength(active.length);
    },
  );
});
