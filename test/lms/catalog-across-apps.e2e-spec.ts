import { useHttpTestApp, useTwoTenantApp } from '@mtl/testing';
import { LmsModule } from '../../apps/lms/src/lms.module';
import { StudioModule } from '../../apps/studio/src/studio.module';
import { eventually } from '../sites/sites-fixture';
import { ALPHA, BETA, reconcileSites, seedSite, seedTenantSites } from './catalog-fixture';

const KEY = 'course-v1:AlphaU+CROSS101+2026_T1';

/**
 * NEEDS STUDIO'S COURSES API (branch i11: POST /api/courses, GET|PATCH /api/courses/:courseKey).
 * Written against product.md's interface before i11 reached main: on i12 alone it fails (Studio
 * answers 404); with i11 merged it passes (checked in a trial merge of i11 into i12).
 *
 * Both apps on one database: a course an author creates through Studio's API reaches the LMS
 * catalog of its organization's site once published, and no other site's.
 */
describe('a course authored in Studio, in the LMS catalog', () => {
  const studio = useTwoTenantApp(StudioModule, { signIn: ['authorA', 'authorB'] });
  const lms = useHttpTestApp(LmsModule);
  const { t } = studio;

  const catalog = async (host: string) =>
    ((await lms.http().get('/api/courses').set('Host', host).expect(200)).body.results as { course_key: string }[]).map(
      (c) => c.course_key,
    );
  const page = (host: string) => lms.http().get(`/api/courses/${KEY}`).set('Host', host);
  const patch = (body: object) => studio.as('authorA').patch(`/api/courses/${KEY}`, body);

  beforeAll(async () => {
    await seedTenantSites(t);
    await seedSite('localhost', null, {});
    await reconcileSites(lms.app);
    // B has a course of its own: A's edits below run beside B's rows.
    await studio
      .as('authorB')
      .post('/api/courses', { org: t.b.shortName, number: 'BOWN', run: '2026_T1', display_name: 'Own of B' })
      .expect(201);
  });

  it('is listed on its site only once published, and never on another site or the main one', async () => {
    const created = await studio
      .as('authorA')
      .post('/api/courses', {
        org: t.a.shortName,
        number: 'CROSS101',
        run: '2026_T1',
        display_name: 'Across the apps',
        start: '2026-01-01T00:00:00Z',
      })
      .expect(201);
    expect(created.body).toMatchObject({ course_key: KEY, published: false });
    expect(await catalog(ALPHA)).not.toContain(KEY);
    await page(ALPHA).expect(404);

    await patch({ published: true }).expect(200);
    await eventually(async () => (await catalog(ALPHA)).includes(KEY), 2000);
    // The LMS shows the course exactly as Studio does.
    const shown = (await page(ALPHA).expect(200)).body;
    expect(shown).toEqual((await studio.as('authorA').get(`/api/courses/${KEY}`).expect(200)).body);
    expect(await catalog(BETA)).not.toContain(KEY);
    expect(await catalog('localhost')).not.toContain(KEY);
    await page(BETA).expect(404);
    await page('localhost').expect(404);

    await patch({ catalog_visibility: 'about' }).expect(200);
    await eventually(async () => !(await catalog(ALPHA)).includes(KEY), 2000);
    await page(ALPHA).expect(200);
    await patch({ catalog_visibility: 'none' }).expect(200);
    await eventually(async () => (await page(ALPHA)).status === 404, 2000);
  });
});
