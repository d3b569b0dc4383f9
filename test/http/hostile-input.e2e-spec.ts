/**
 * Input any client can send that used to end in a 500 (a lone UTF-16 surrogate in an email, JSON
 * nested thousands deep, a page number past bigint, a NUL byte in a path, query or body string):
 * each is a 400 in the error shape naming the field, and nothing is written.
 */
import request from 'supertest';
import { LmsModule } from '../../apps/lms/src/lms.module';
import { StudioModule } from '../../apps/studio/src/studio.module';
import { asDatabaseOwner, useHttpTestApp, useTwoTenantApp } from '@mtl/testing';

const LONE_SURROGATE_EMAIL = 'x\ud800y@example.com';

function badRequest(field: string, reason: RegExp) {
  return (res: request.Response) => {
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: expect.any(String),
      details: [{ field, reason: expect.any(String) }],
    });
    expect(res.body.details[0].reason).toMatch(reason);
    expect(res.body.message).toBe(`${field} ${res.body.details[0].reason}`);
  };
}

/** `{"a":{"a":…1…}}`, `depth` objects deep. */
const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

describe('hostile input at the edge', () => {
  const studio = useTwoTenantApp(StudioModule, { signIn: ['operator', 'adminA'] });
  const lms = useHttpTestApp(LmsModule);
  const { t: tenants } = studio;
  const count = async (sql: string) => Number((await asDatabaseOwner<{ n: string }>(sql))[0].n);

  beforeAll(async () => {
    await asDatabaseOwner(`INSERT INTO sites (domain, name, organization_id) VALUES ('alpha.example', 'Alpha', $1)`, [
      tenants.a.id,
    ]);
    await asDatabaseOwner(
      `INSERT INTO site_configurations (site_id, enabled, site_values) SELECT id, true, ` +
        `jsonb_build_object('course_org_filter', $1::text) FROM sites WHERE domain = 'alpha.example'`,
      [tenants.a.shortName],
    );
  });

  describe('a lone UTF-16 surrogate in an email', () => {
    it('LMS register and login: 400 naming email, no account made', async () => {
      const users = await count('SELECT count(*) AS n FROM users');
      await lms
        .http()
        .post('/api/auth/register')
        .set('host', 'alpha.example')
        .send({ email: LONE_SURROGATE_EMAIL, password: 'a-good-password', name: 'X' })
        .expect(badRequest('email', /lone surrogate/));
      await lms
        .http()
        .post('/api/auth/login')
        .set('host', 'alpha.example')
        .send({ email: LONE_SURROGATE_EMAIL, password: 'a-good-password' })
        .expect(badRequest('email', /lone surrogate/));
      expect(await count('SELECT count(*) AS n FROM users')).toBe(users);
    });

    it('Studio login and members: 400 naming email, no member made', async () => {
      await studio
        .http()
        .post('/api/auth/login')
        .send({ email: LONE_SURROGATE_EMAIL, password: 'whatever-password', organization: tenants.a.shortName })
        .expect(badRequest('email', /lone surrogate/));
      await studio
        .http()
        .post('/api/auth/login')
        .send({ email: LONE_SURROGATE_EMAIL, password: 'whatever-password' })
        .expect(badRequest('email', /lone surrogate/));
      const users = await count('SELECT count(*) AS n FROM users');
      await studio
        .as('adminA')
        .post('/api/organization/members', { email: LONE_SURROGATE_EMAIL, name: 'X', role: 'author' })
        .expect(badRequest('email', /lone surrogate/));
      expect(await count('SELECT count(*) AS n FROM users')).toBe(users);
    });
  });

  it.each([100, 5_000, 100_000])('JSON nested %i levels deep is a 400 naming the body', async (depth) => {
    await studio
      .http()
      .post('/api/auth/login')
      .set('content-type', 'application/json')
      .send(nested(depth))
      .expect(badRequest('body', /nests deeper than 32 levels|is not valid JSON/));
  });

  it('JSON nested a little (within the limit) is still validated as usual', async () => {
    const res = await studio
      .http()
      .post('/api/auth/login')
      .set('content-type', 'application/json')
      .send(nested(10))
      .expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain('a');
  });

  it('page=99999999999999999999 is a 400 naming page, on every paginated list', async () => {
    await studio
      .as('operator')
      .get('/api/organizations/v0/organizations/?page=99999999999999999999')
      .expect(badRequest('page', /must not be greater than 1000000/));
    await studio
      .as('adminA')
      .get('/api/organization/members?page=99999999999999999999')
      .expect(badRequest('page', /must not be greater than 1000000/));
  });

  describe('a NUL byte', () => {
    it('in a path parameter: 400 naming it', async () => {
      await studio.as('operator').get('/api/admin/sites/%00/configuration').expect(badRequest('domain', /NUL/));
      await studio
        .as('operator')
        .put('/api/organizations/v0/organizations/ab%00c', { name: 'x', short_name: 'ab\u0000c' })
        .expect(badRequest('shortName', /NUL/));
    });

    it('in a query parameter: 400 naming it', async () => {
      await studio
        .as('operator')
        .get('/api/organizations/v0/organizations/?page=1%00')
        .expect(badRequest('page', /NUL/));
    });

    it('in a body string, however deep: 400 naming it, nothing changed', async () => {
      await studio
        .as('operator')
        .put(`/api/organizations/v0/organizations/${tenants.a.shortName}`, {
          name: 'Evil\u0000Name',
          short_name: tenants.a.shortName,
        })
        .expect(badRequest('name', /NUL/));
      const [organization] = await asDatabaseOwner<{ name: string }>('SELECT name FROM organizations WHERE id = $1', [
        tenants.a.id,
      ]);
      expect(organization.name).toBe(tenants.a.name);
      await studio
        .as('operator')
        .put('/api/admin/sites/alpha.example/configuration', {
          enabled: true,
          site_values: { theme: { colors: ['red', 'bl\u0000ue'] } },
        })
        .expect(badRequest('site_values.theme.colors[1]', /NUL/));
      await lms
        .http()
        .post('/api/auth/register')
        .set('host', 'alpha.example')
        .send({ email: 'nul@example.com', password: 'a-good-password', name: 'Nul\u0000' })
        .expect(badRequest('name', /NUL/));
    });
  });
});
