import { asDatabaseOwner, useTwoTenantApp } from '@mtl/testing';
import { eventually } from '../sites/sites-fixture';
import { LmsModule } from '../../apps/lms/src/lms.module';
import { ALPHA, BETA, reconcileSites, seedCourses, seedOrganization, seedSite } from './catalog-fixture';

const MULTI = 'multi.lms.test';
const SORTED = 'sorted.lms.test';
const MAIN = 'localhost';

describe('LMS catalog: each site lists its own courses, and nothing else', () => {
  const lms = useTwoTenantApp(LmsModule);
  const { t } = lms;

  const get = (host: string, path: string) => lms.http().get(path).set('Host', host);
  const keys = async (host: string, query = '') => {
    const res = await get(host, `/api/courses${query}`).expect(200);
    return (res.body.results as { course_key: string }[]).map((c) => c.course_key);
  };

  beforeAll(async () => {
    const gamma = await seedOrganization('GammaX');
    const free = await seedOrganization('FreeX');
    const hidden = await seedOrganization('HiddenX');
    const sortX = await seedOrganization('SortX');
    await seedSite(ALPHA, t.a.id, { course_org_filter: t.a.shortName });
    // A list, in another case than the organization's short name: matched case-insensitively.
    await seedSite(BETA, t.b.id, { course_org_filter: [t.b.shortName.toUpperCase()] });
    // A site of several organizations (and none of its own).
    await seedSite(MULTI, null, { course_org_filter: [t.a.shortName, 'gammax'] });
    // A disabled site's claim does not count: HiddenX stays on the main site.
    await seedSite('hidden.lms.test', hidden, { course_org_filter: 'HiddenX' }, false);
    await seedSite(SORTED, sortX, { course_org_filter: 'SortX', ENABLE_COURSE_SORTING_BY_START_DATE: true });
    await seedSite(MAIN, null, {});
    await reconcileSites(lms.app);

    await seedCourses(lms.app, t.a.id, [
      {
        key: 'course-v1:AlphaU+A1+2026',
        name: 'Alpha Circuits',
        start: '2026-01-10T00:00:00Z',
        end: '2026-06-30T00:00:00Z',
      },
      { key: 'course-v1:AlphaU+A2+2026', name: 'Alpha Hidden', visibility: 'none' },
      { key: 'course-v1:AlphaU+A3+2026', name: 'Alpha About Only', visibility: 'about' },
      { key: 'course-v1:AlphaU+A4+2026', name: 'Alpha Draft', published: false },
      { key: 'course-v1:AlphaU+A5+2026', name: 'Alpha 100% Fun_stuff' },
    ]);
    await seedCourses(lms.app, t.b.id, [
      { key: 'course-v1:BetaU+B1+2026', name: 'Beta Biology' },
      { key: 'course-v1:betau+B2+2026', name: 'Beta written in lower case' },
      { key: 'course-v1:BetaU+B3+2026', name: 'Beta Chemistry' },
    ]);
    await seedCourses(lms.app, gamma, [{ key: 'course-v1:GammaX+G1+2026', name: 'Gamma Geology' }]);
    await seedCourses(lms.app, free, [{ key: 'course-v1:FreeX+F1+2026', name: 'Free Physics' }]);
    await seedCourses(lms.app, hidden, [{ key: 'course-v1:HiddenX+H1+2026', name: 'Hidden History' }]);
    await seedCourses(lms.app, sortX, [
      { key: 'course-v1:SortX+ended+2020', start: '2020-01-01T00:00:00Z', end: '2020-06-01T00:00:00Z' },
      { key: 'course-v1:SortX+ended_early+2019', start: '2019-01-01T00:00:00Z', end: '2019-06-01T00:00:00Z' },
      { key: 'course-v1:SortX+ended_no_start+x', end: '2021-01-01T00:00:00Z' },
      { key: 'course-v1:SortX+no_dates+x' },
      { key: 'course-v1:SortX+future+2030', start: '2030-01-01T00:00:00Z' },
      { key: 'course-v1:SortX+running+2024', start: '2024-01-01T00:00:00Z', end: '2099-01-01T00:00:00Z' },
      { key: 'course-v1:SortX+tie_b+2025', start: '2025-01-01T00:00:00Z' },
      { key: 'course-v1:SortX+tie_a+2025', start: '2025-01-01T00:00:00Z', end: '2098-01-01T00:00:00Z' },
    ]);
  });

  describe('GET /api/courses', () => {
    it("lists a tenant site's published courses with visibility both, by key, in the product shape", async () => {
      const res = await get(ALPHA, '/api/courses').expect(200);
      expect(res.body).toEqual({
        count: 2,
        next: null,
        previous: null,
        results: [
          {
            course_key: 'course-v1:AlphaU+A1+2026',
            org: 'AlphaU',
            number: 'A1',
            run: '2026',
            display_name: 'Alpha Circuits',
            start: '2026-01-10T00:00:00.000Z',
            end: '2026-06-30T00:00:00.000Z',
            catalog_visibility: 'both',
            published: true,
          },
          expect.objectContaining({ course_key: 'course-v1:AlphaU+A5+2026', start: null, end: null }),
        ],
      });
    });

    it('gives two tenant sites two different catalogs; the filter is matched case-insensitively', async () => {
      expect(await keys(BETA)).toEqual([
        'course-v1:BetaU+B1+2026',
        'course-v1:BetaU+B3+2026',
        'course-v1:betau+B2+2026',
      ]);
      expect(await keys(ALPHA)).not.toContain('course-v1:BetaU+B1+2026');
    });

    it('lists every organization of a course_org_filter list', async () => {
      expect(await keys(MULTI)).toEqual([
        'course-v1:AlphaU+A1+2026',
        'course-v1:AlphaU+A5+2026',
        'course-v1:GammaX+G1+2026',
      ]);
    });

    it('lists on the main site only the organizations no enabled site claims (unknown hosts too)', async () => {
      expect(await keys(MAIN)).toEqual(['course-v1:FreeX+F1+2026', 'course-v1:HiddenX+H1+2026']);
      expect(await keys('nobody.example.test')).toEqual(['course-v1:FreeX+F1+2026', 'course-v1:HiddenX+H1+2026']);
    });

    it(
      'sorts as Open edX sort_by_start_date where the site turns it on: not ended first, by ' +
        'start, none last, ties by key',
      async () => {
        expect(await keys(SORTED)).toEqual([
          'course-v1:SortX+running+2024',
          'course-v1:SortX+tie_a+2025',
          'course-v1:SortX+tie_b+2025',
          'course-v1:SortX+future+2030',
          'course-v1:SortX+no_dates+x',
          'course-v1:SortX+ended_early+2019',
          'course-v1:SortX+ended+2020',
          'course-v1:SortX+ended_no_start+x',
        ]);
      },
    );

    it('searches display names and keys, any case, taking % and _ literally', async () => {
      expect(await keys(ALPHA, '?q=CIRCUITS')).toEqual(['course-v1:AlphaU+A1+2026']);
      expect(await keys(ALPHA, '?q=alphau%2BA5')).toEqual(['course-v1:AlphaU+A5+2026']);
      expect(await keys(ALPHA, '?q=100%25')).toEqual(['course-v1:AlphaU+A5+2026']);
      expect(await keys(ALPHA, '?q=%25')).toEqual(['course-v1:AlphaU+A5+2026']);
      expect(await keys(ALPHA, '?q=n_f')).toEqual([]);
      // Another site's course is not found by searching for it.
      expect(await keys(ALPHA, '?q=Beta')).toEqual([]);
      expect(await keys(ALPHA, '?q=Hidden')).toEqual([]);
    });

    it('pages with absolute links on the request host', async () => {
      const first = await get(BETA, '/api/courses?page_size=2').expect(200);
      expect(first.body).toMatchObject({
        count: 3,
        previous: null,
        next: `http://${BETA}/api/courses?page_size=2&page=2`,
      });
      const second = await get(BETA, '/api/courses?page_size=2&page=2').expect(200);
      expect(second.body).toMatchObject({
        count: 3,
        next: null,
        previous: `http://${BETA}/api/courses?page_size=2&page=1`,
      });
      expect(second.body.results).toHaveLength(1);
      const past = await get(BETA, '/api/courses?page_size=2&page=3').expect(404);
      expect(past.body).toMatchObject({
        statusCode: 404,
        details: [{ field: 'page', reason: 'is past the last page' }],
      });
      // An empty catalog is an empty first page, not an error.
      await seedOrganization('EmptyX').then((id) => seedSite('empty.lms.test', id, { course_org_filter: 'EmptyX' }));
      await reconcileSites(lms.app);
      expect((await get('empty.lms.test', '/api/courses').expect(200)).body).toEqual({
        count: 0,
        next: null,
        previous: null,
        results: [],
      });
    });

    it.each(['0', '101', '-1', 'abc', '1.5', ''])('refuses page_size=%s with a 400 naming page_size', async (size) => {
      const res = await get(ALPHA, `/api/courses?page_size=${size}`).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain('page_size');
    });

    it('refuses a bad page and a repeated q with a 400 naming them', async () => {
      expect((await get(ALPHA, '/api/courses?page=0').expect(400)).body.details[0].field).toBe('page');
      expect((await get(ALPHA, '/api/courses?q=a&q=b').expect(400)).body.details[0].field).toBe('q');
    });
  });

  describe('GET /api/courses/:courseKey', () => {
    it('serves a listed course and an `about` one', async () => {
      const listed = await get(ALPHA, '/api/courses/course-v1:AlphaU+A1+2026').expect(200);
      expect(listed.body).toMatchObject({
        course_key: 'course-v1:AlphaU+A1+2026',
        display_name: 'Alpha Circuits',
        catalog_visibility: 'both',
      });
      const about = await get(ALPHA, '/api/courses/course-v1:AlphaU+A3+2026').expect(200);
      expect(about.body).toMatchObject({ course_key: 'course-v1:AlphaU+A3+2026', catalog_visibility: 'about' });
      // Percent-encoded keys are the same key.
      await get(ALPHA, `/api/courses/${encodeURIComponent('course-v1:AlphaU+A1+2026')}`).expect(200);
    });

    it('answers the same 404 for a hidden, an unpublished, another site’s and a missing course', async () => {
      const missing = await get(ALPHA, '/api/courses/course-v1:Nobody+X+Y').expect(404);
      for (const key of [
        'course-v1:AlphaU+A2+2026',
        'course-v1:AlphaU+A4+2026',
        'course-v1:BetaU+B1+2026',
        'course-v1:GammaX+G1+2026',
      ]) {
        const res = await get(ALPHA, `/api/courses/${key}`).expect(404);
        expect(res.body).toEqual(missing.body);
      }
      // The multi-organization site serves Gamma's course; the main site serves none of the claimed ones.
      await get(MULTI, '/api/courses/course-v1:GammaX+G1+2026').expect(200);
      await get(MAIN, '/api/courses/course-v1:AlphaU+A1+2026').expect(404);
      await get(MAIN, '/api/courses/course-v1:FreeX+F1+2026').expect(200);
    });

    it('refuses a malformed key with a 400 naming it', async () => {
      for (const key of ['not-a-key', 'course-v1:AlphaU+A1', 'lib:AlphaU:slug']) {
        const res = await get(ALPHA, `/api/courses/${encodeURIComponent(key)}`).expect(400);
        expect(res.body.details).toEqual([
          { field: 'courseKey', reason: expect.stringContaining('not a valid course key') },
        ]);
      }
    });
  });

  describe('freshness of cached pages', () => {
    it('serves a new or changed course on the next requests, though pages are kept in memory', async () => {
      const before = await keys(ALPHA); // now cached
      expect(before).not.toContain('course-v1:AlphaU+A6+2026');
      await seedCourses(lms.app, t.a.id, [{ key: 'course-v1:AlphaU+A6+2026', name: 'Alpha Six' }]);
      await eventually(async () => (await keys(ALPHA)).includes('course-v1:AlphaU+A6+2026'), 2000);
      await asDatabaseOwner(`UPDATE course_runs SET published = false WHERE course_key = 'course-v1:AlphaU+A6+2026'`);
      await eventually(async () => !(await keys(ALPHA)).includes('course-v1:AlphaU+A6+2026'), 2000);
      expect(await keys(ALPHA)).toEqual(before);
      // Another organization's change leaves Alpha's pages alone, and Beta's are fresh too.
      await seedCourses(lms.app, t.b.id, [{ key: 'course-v1:BetaU+B4+2026', name: 'Beta Four' }]);
      await eventually(async () => (await keys(BETA)).includes('course-v1:BetaU+B4+2026'), 2000);
    });
  });
});
