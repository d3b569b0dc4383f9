import { studioTokenFor, useHttpTestApp, useTwoTenantApp } from '@mtl/testing';
import { LmsModule } from '../../apps/lms/src/lms.module';
import { StudioModule } from '../../apps/studio/src/studio.module';
import { eventually, sql } from '../sites/sites-fixture';

const SITES = '/api/admin/sites';

describe('Studio: operators manage sites', () => {
  const studio = useTwoTenantApp(StudioModule, { signIn: ['operator', 'adminA'] });
  const lms = useHttpTestApp(LmsModule);
  const { t, tokens, as, http, bearer } = studio;

  it('creates a tenant site configured for its organization', async () => {
    const res = await as('operator')
      .post(SITES, { domain: 'Alpha.Example.com', organization: t.a.shortName.toLowerCase(), name: 'Alpha' })
      .expect(201);
    expect(res.body).toEqual({
      domain: 'alpha.example.com',
      name: 'Alpha',
      organization: t.a.shortName,
      configuration: { enabled: true, site_values: { course_org_filter: t.a.shortName } },
    });
    const list = await as('operator').get(SITES).expect(200);
    expect(list.body).toMatchObject({ count: 1, next: null, previous: null });
    expect(list.body.results[0].domain).toBe('alpha.example.com');
  });

  it('refuses bad input with the field and the reason, writing nothing', async () => {
    const cases: [unknown, number, string][] = [
      [{ domain: 'not a host', organization: t.a.shortName }, 400, 'domain'],
      [{ domain: 'alpha.example.com', organization: t.a.shortName }, 409, 'domain'],
      [{ domain: 'beta.example.com', organization: 'NoSuchOrg' }, 400, 'organization'],
      [{ domain: 'beta.example.com', organization: 'bad name!' }, 400, 'organization'],
      [{ organization: t.a.shortName }, 400, 'domain'],
      [{ domain: 'beta.example.com', organization: t.b.shortName, extra: 1 }, 400, 'extra'],
    ];
    for (const [body, status, field] of cases) {
      const res = await as('operator').post(SITES, body).expect(status);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    expect(await sql('SELECT domain FROM sites')).toEqual([{ domain: 'alpha.example.com' }]);
  });

  it('replaces the configuration with PUT, and every LMS sees it', async () => {
    const values = {
      course_org_filter: t.a.shortName,
      platform_name: 'Alpha Online',
      theme: { primary_color: '#123456' },
    };
    const res = await as('operator')
      .put(`${SITES}/alpha.example.com/configuration`, { enabled: true, site_values: values })
      .expect(200);
    expect(res.body).toEqual({ enabled: true, site_values: values });
    expect((await as('operator').get(`${SITES}/ALPHA.example.com/configuration`).expect(200)).body).toEqual({
      enabled: true,
      site_values: values,
    });
    await eventually(
      async () =>
        (await lms.http().get('/api/site').set('Host', 'alpha.example.com')).body.platform_name === 'Alpha Online',
      1000,
    );
  });

  it('answers a body whose site_values is not an object with a 400 naming the field', async () => {
    for (const siteValues of [[1, 2], 'text', null, 5]) {
      const res = await as('operator')
        .put(`${SITES}/alpha.example.com/configuration`, { enabled: true, site_values: siteValues })
        .expect(400);
      expect(res.body.details).toContainEqual({ field: 'site_values', reason: 'must be a JSON object' });
    }
    const notAnObject = await as('operator').put(`${SITES}/alpha.example.com/configuration`, [1]).expect(400);
    expect(notAnObject.body.details).toEqual([{ field: 'body', reason: 'must be a JSON object' }]);
    const [stored] = await sql<{ site_values: Record<string, unknown> }>('SELECT site_values FROM site_configurations');
    expect(stored.site_values.platform_name).toBe('Alpha Online');
  });

  it('answers 404 for an unknown domain', async () => {
    await as('operator').get(`${SITES}/nowhere.example.com/configuration`).expect(404);
    await as('operator')
      .put(`${SITES}/nowhere.example.com/configuration`, { enabled: true, site_values: {} })
      .expect(404);
  });

  it('is for operators only: organization members get 403, anonymous callers 401', async () => {
    for (const token of [tokens.adminA, await studioTokenFor(t.b.author, t.b, studio.app)]) {
      await bearer(token).get(SITES).expect(403);
      await bearer(token).post(SITES, { domain: 'evil.example.com', organization: t.b.shortName }).expect(403);
      await bearer(token).get(`${SITES}/alpha.example.com/configuration`).expect(403);
      await bearer(token)
        .put(`${SITES}/alpha.example.com/configuration`, { enabled: false, site_values: {} })
        .expect(403);
    }
    await http().get(SITES).expect(401);
    expect(await sql('SELECT domain FROM sites ORDER BY id')).toEqual([{ domain: 'alpha.example.com' }]);
  });
});
