import { asDatabaseOwner, useTwoTenantApp } from '@mtl/testing';
import { StudioModule } from '../../apps/studio/src/studio.module';

const LIBRARIES = '/api/libraries';

async function libraryRows(): Promise<{ organization_id: number; library_key: string }[]> {
  return asDatabaseOwner(`SELECT organization_id, library_key FROM libraries ORDER BY id`);
}

describe('Studio libraries', () => {
  const { t, as } = useTwoTenantApp(StudioModule, { signIn: ['authorA', 'authorB', 'operator'] });

  it('creates lib:ORG:SLUG in the author organization, without an organization–course link', async () => {
    const res = await as('authorA')
      .post(LIBRARIES, { org: t.a.shortName.toLowerCase(), slug: 'problem-bank.v1', title: 'Problem bank' })
      .expect(201);
    const key = `lib:${t.a.shortName}:problem-bank.v1`;
    expect(res.body).toEqual({ library_key: key, org: t.a.shortName, slug: 'problem-bank.v1', title: 'Problem bank' });
    expect(await asDatabaseOwner(`SELECT organization_id, title FROM libraries WHERE library_key = $1`, [key])).toEqual(
      [{ organization_id: t.a.id, title: 'Problem bank' }],
    );
    expect(await asDatabaseOwner(`SELECT 1 FROM organization_courses WHERE course_id = $1`, [key])).toEqual([]);
  });

  it('answers a duplicate slug with 409, compared case-insensitively', async () => {
    await as('authorA').post(LIBRARIES, { org: t.a.shortName, slug: 'Dupe', title: 'One' }).expect(201);
    const before = await libraryRows();
    const res = await as('authorA').post(LIBRARIES, { org: t.a.shortName, slug: 'dupe', title: 'Two' }).expect(409);
    expect(res.body.details).toEqual([
      { field: 'library_key', reason: 'already exists (compared case-insensitively)' },
    ]);
    expect(await libraryRows()).toEqual(before);
  });

  it.each([
    ['slug', { slug: 'has space' }],
    ['slug', { slug: 'a:b' }],
    ['slug', { slug: '' }],
    ['slug', { slug: 'plus+sign' }],
    ['org', { org: 'bad org' }],
    ['title', { title: '' }],
    ['title', { title: 'nul\u0000' }],
    ['title', { title: 't'.repeat(256) }],
  ])('answers an invalid %s with a 400 naming it, and writes nothing', async (field, change) => {
    const before = await libraryRows();
    const res = await as('authorA')
      .post(LIBRARIES, { org: t.a.shortName, slug: 'fine', title: 'Fine', ...change })
      .expect(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    expect(await libraryRows()).toEqual(before);
  });

  it("refuses creating under another organization's short name (403), and lists only the caller's own", async () => {
    const before = await libraryRows();
    const res = await as('authorB')
      .post(LIBRARIES, { org: t.a.shortName, slug: 'stolen', title: 'Stolen' })
      .expect(403);
    expect(res.body.details).toEqual([{ field: 'org', reason: "must be your organization's short_name" }]);
    expect(await libraryRows()).toEqual(before);
    await as('authorB').post(LIBRARIES, { org: t.b.shortName, slug: 'b-lib', title: 'B library' }).expect(201);
    const b = await as('authorB').get(LIBRARIES).expect(200);
    expect(b.body).toMatchObject({
      count: 1,
      next: null,
      previous: null,
      results: [{ library_key: `lib:${t.b.shortName}:b-lib` }],
    });
    const a = await as('authorA').get(`${LIBRARIES}?page_size=1`).expect(200);
    expect(a.body.count).toBe(2);
    expect(a.body.results).toHaveLength(1);
    expect(a.body.next).not.toBeNull();
    expect(a.body.results[0].org).toBe(t.a.shortName);
    for (const query of ['page_size=0', 'page_size=101', 'page_size=-1', 'page_size=abc'])
      await as('authorA').get(`${LIBRARIES}?${query}`).expect(400);
  });

  it('lets operators create in any organization (an unknown one autocreated) and list every organization', async () => {
    await as('operator').post(LIBRARIES, { org: t.b.shortName, slug: 'ops-lib', title: 'Ops' }).expect(201);
    const created = await as('operator')
      .post(LIBRARIES, { org: 'libOrgNew', slug: 'first', title: 'First' })
      .expect(201);
    expect(created.body.library_key).toBe('lib:libOrgNew:first');
    expect(await asDatabaseOwner(`SELECT name FROM organizations WHERE short_name = 'libOrgNew'`)).toEqual([
      { name: 'libOrgNew' },
    ]);
    const all = await as('operator').get(`${LIBRARIES}?page_size=100`).expect(200);
    expect(new Set(all.body.results.map((l: { org: string }) => l.org))).toEqual(
      new Set([t.a.shortName, t.b.shortName, 'libOrgNew']),
    );
    const audit = await asDatabaseOwner(
      `SELECT actor, action, target FROM audit_trail WHERE action = 'library.create' AND actor ` +
        `LIKE 'operator:%' ORDER BY id`,
    );
    expect(audit).toEqual([
      { actor: `operator:${t.operator.id}`, action: 'library.create', target: `lib:${t.b.shortName}:ops-lib` },
      { actor: `operator:${t.operator.id}`, action: 'library.create', target: 'lib:libOrgNew:first' },
    ]);
  });
});
