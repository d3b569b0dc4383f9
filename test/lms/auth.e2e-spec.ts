import { SiteRegistry } from '@mtl/sites';
import { asDatabaseOwner, studioToken, useHttpTestApp, useTwoTenantApp } from '@mtl/testing';
import { LmsModule } from '../../apps/lms/src/lms.module';
import { StudioModule } from '../../apps/studio/src/studio.module';
import { ALPHA, BETA, seedTenantSites } from './catalog-fixture';

describe('LMS accounts: one site, one organization', () => {
  const studio = useTwoTenantApp(StudioModule);
  const { t } = studio;
  const http = () => lms.http();
  const on = (host: string) => ({
    register: (body: object) => http().post('/api/auth/register').set('Host', host).send(body),
    login: (body: object) => http().post('/api/auth/login').set('Host', host).send(body),
    me: (token: string) => http().get('/api/me').set('Host', host).set('authorization', `Bearer ${token}`),
  });
  const tokenOn = async (host: string, email: string, password: string) =>
    (await on(host).login({ email, password }).expect(200)).body.access_token as string;

  beforeAll(async () => {
    await seedTenantSites(t);
    await asDatabaseOwner(`INSERT INTO sites (domain, name) VALUES ('localhost', 'Main')`);
  });
  // Started once the sites exist: it loads them at start.
  const lms = useHttpTestApp(LmsModule);

  it("registers a learner in the site's organization", async () => {
    const res = await on(ALPHA)
      .register({ email: 'New.Learner@example.com', password: 'long enough', name: 'New Learner' })
      .expect(201);
    expect(res.body).toMatchObject({
      email: 'New.Learner@example.com',
      name: 'New Learner',
      role: 'learner',
      organization: { id: t.a.id, short_name: t.a.shortName },
    });
    const [row] = await asDatabaseOwner<{ organization_id: number; role: string }>(
      `SELECT u.organization_id, m.role FROM users u JOIN organization_memberships m ON ` +
        `m.user_id = u.id WHERE lower(u.email) = 'new.learner@example.com'`,
    );
    expect(row).toEqual({ organization_id: t.a.id, role: 'learner' });
  });

  it('lets the same email register separately on another organization’s site, but not twice on one', async () => {
    await on(BETA)
      .register({ email: 'new.learner@example.com', password: 'another one', name: 'Same Person' })
      .expect(201);
    const again = await on(ALPHA)
      .register({ email: 'NEW.learner@example.com', password: 'whatever-12', name: 'Again' })
      .expect(409);
    expect(again.body.statusCode).toBe(409);
  });

  it('refuses registration on the site of an inactive organization (403, not an error)', async () => {
    await asDatabaseOwner(`INSERT INTO organizations (name, short_name, active) VALUES ('Gone', 'GoneX', false)`);
    const [gone] = await asDatabaseOwner<{ id: number }>(`SELECT id FROM organizations WHERE short_name = 'GoneX'`);
    const [site] = await asDatabaseOwner<{ id: number }>(
      `INSERT INTO sites (domain, name, organization_id) VALUES ('gone.lms.test', 'Gone', $1) RETURNING id`,
      [gone.id],
    );
    await asDatabaseOwner(
      `INSERT INTO site_configurations (site_id, enabled, site_values) VALUES ($1, true, ` +
        `'{"course_org_filter":"GoneX"}')`,
      [site.id],
    );
    await lms.app.get(SiteRegistry).reconcile();
    await on('gone.lms.test')
      .register({ email: 'late@example.com', password: 'long enough', name: 'Late' })
      .expect(403);
    await on('gone.lms.test').login({ email: 'late@example.com', password: 'long enough' }).expect(401);
  });

  it('answers 401, not an error, for a login on a site that does not show its own organization', async () => {
    const [site] = await asDatabaseOwner<{ id: number }>(
      `INSERT INTO sites (domain, name, organization_id) VALUES ('odd.lms.test', 'Odd', $1) RETURNING id`,
      [t.a.id],
    );
    await asDatabaseOwner(`INSERT INTO site_configurations (site_id, enabled, site_values) VALUES ($1, true, $2)`, [
      site.id,
      JSON.stringify({ course_org_filter: t.b.shortName }),
    ]);
    await lms.app.get(SiteRegistry).reconcile();
    await on('odd.lms.test').login({ email: t.a.learner.email, password: t.a.learner.password }).expect(401);
  });

  it('refuses registration on the main site and bad input, writing nothing', async () => {
    await on('localhost').register({ email: 'main@example.com', password: 'long enough', name: 'Main' }).expect(403);
    await on('unknown.host.test')
      .register({ email: 'main@example.com', password: 'long enough', name: 'Main' })
      .expect(403);
    const bad = await on(ALPHA).register({ email: 'not-an-email', password: 'short', name: '' }).expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field).sort()).toEqual(['email', 'name', 'password']);
    const [{ count }] = await asDatabaseOwner<{ count: number }>(
      `SELECT count(*)::int AS count FROM users WHERE email IN ('main@example.com', 'not-an-email')`,
    );
    expect(count).toBe(0);
  });

  it('signs a member in on their own site only, and the token works on that site only', async () => {
    const token = await tokenOn(ALPHA, t.a.learner.email, t.a.learner.password);
    const me = await on(ALPHA).me(token).expect(200);
    expect(me.body).toMatchObject({ id: t.a.learner.id, organization: { id: t.a.id }, role: 'learner' });
    // Another organization's site: the token is not for it, and the answer says so.
    const otherSite = 'The access token was issued for another site: sign in on this site';
    expect((await on(BETA).me(token).expect(401)).body.message).toBe(otherSite);
    expect((await on('localhost').me(token).expect(401)).body.message).toBe(otherSite);
    // Studio does not take LMS tokens, nor the LMS Studio's.
    const onStudio = await studio.http().get('/api/me').set('authorization', `Bearer ${token}`).expect(401);
    expect(onStudio.body.message).toBe('The access token was issued for an LMS site, not for Studio');
    const studioTokenA = await studioToken(studio.app, {
      email: t.a.admin.email,
      password: t.a.admin.password,
      organization: t.a.shortName,
    });
    expect((await on(ALPHA).me(studioTokenA).expect(401)).body.message).toBe(
      'The access token was issued for Studio, not for this site',
    );
    await studio.http().get('/api/me').set('authorization', `Bearer ${studioTokenA}`).expect(200);
  });

  it("refuses a member on another organization's site with the same 401 as a wrong password", async () => {
    const otherSite = await on(BETA).login({ email: t.a.author.email, password: t.a.author.password }).expect(401);
    const wrong = await on(ALPHA).login({ email: t.a.author.email, password: 'wrong password' }).expect(401);
    expect(otherSite.body.message).toBe(wrong.body.message);
  });

  it('gives a learner whose email exists in both organizations the account of the site', async () => {
    // seedTwoTenants gives both learners the same email, one account in each organization.
    expect(t.a.learner.email).toBe(t.b.learner.email);
    const onB = await tokenOn(BETA, t.b.learner.email, t.b.learner.password);
    expect((await on(BETA).me(onB).expect(200)).body.id).toBe(t.b.learner.id);
  });

  it('lets operators sign in anywhere, each token for its own site', async () => {
    for (const host of [ALPHA, BETA, 'localhost']) {
      const token = await tokenOn(host, t.operator.email, t.operator.password);
      expect((await on(host).me(token).expect(200)).body).toMatchObject({ role: 'operator', organization: null });
    }
    const tokenA = await tokenOn(ALPHA, t.operator.email, t.operator.password);
    await on(BETA).me(tokenA).expect(401);
  });

  it('lets no organization member sign in on the main site', async () => {
    await on('localhost').login({ email: t.a.admin.email, password: t.a.admin.password }).expect(401);
  });
});
