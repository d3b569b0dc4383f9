import { Readable } from 'node:stream';
import { TestingModule } from '@nestjs/testing';
import { BackfillModule, BackfillService, formatBackfillReport, type BackfillOptions } from '@mtl/backfill';
import { OrganizationsModule } from '@mtl/organizations';
import { TenancyModule, TenantContext } from '@mtl/tenancy';
import { asDatabaseOwner as asOwner, createPlatformTestModule } from '@mtl/testing';

/** Every organization and link as stored (owner's view, RLS does not filter it), for before/after comparisons. */
async function snapshot(): Promise<unknown[]> {
  return [
    await asOwner(`SELECT id, short_name, name, active, modified FROM organizations ORDER BY id`),
    await asOwner(
      `SELECT organization_id, id, course_id, active, modified FROM organization_courses ORDER BY organization_id, id`,
    ),
  ];
}

async function linkCount(shortName: string): Promise<number> {
  const [row] = await asOwner<{ n: string }>(
    `SELECT count(*) AS n FROM organization_courses oc JOIN organizations o ON o.id = ` +
      `oc.organization_id WHERE lower(o.short_name) = lower($1)`,
    [shortName],
  );
  return Number(row.n);
}

async function organization(shortName: string) {
  return asOwner<{ id: number; short_name: string; name: string; active: boolean }>(
    `SELECT id, short_name, name, active FROM organizations WHERE lower(short_name) = lower($1)`,
    [shortName],
  );
}

describe('BackfillService (backfill_orgs_and_org_courses over a stream of keys)', () => {
  let moduleRef: TestingModule;
  let context: TenantContext;
  let backfill: BackfillService;
  const run = (lines: string[], options: BackfillOptions = {}) =>
    context.runInNewContext(() => backfill.run(Readable.from([lines.join('\n') + '\n']), options));

  beforeAll(async () => {
    moduleRef = await createPlatformTestModule({ imports: [TenancyModule, OrganizationsModule, BackfillModule] });
    context = moduleRef.get(TenantContext);
    backfill = moduleRef.get(BackfillService);
  });

  afterAll(async () => {
    await moduleRef.close();
  });

  it(
    'CS-30/32: a dry run reports the plan and writes nothing; apply writes it; libraries make ' + 'orgs but no links',
    async () => {
      const [a] = await asOwner<{ id: number }>(
        `INSERT INTO organizations (short_name, name, description) VALUES ('org_A', 'org_A', '') RETURNING id`,
      );
      await asOwner(`INSERT INTO organizations (short_name, name, description) VALUES ('org_B', 'org_B', '')`);
      await asOwner(
        `INSERT INTO organization_courses (organization_id, course_id) VALUES ($1, 'course-v1:org_A+1+1')`,
        [a.id],
      );
      const keys = [
        'course-v1:org_A+1+1',
        'course-v1:org_A+2+1',
        'library-v1:org_A+lib',
        'course-v1:org_C+1+1',
        'course-v1:org_C+2+1',
        'org_C/toy/3',
        'course-v1:org_D+1+1',
        'library-v1:org_D+lib',
        'library-v1:org_E+lib',
        'course-v1:org_C+1+1', // duplicate
      ];
      const before = await snapshot();
      const dry = await run(keys);
      expect(await snapshot()).toEqual(before);
      expect(dry.applied).toBe(false);
      expect(dry.organizations.created).toEqual({ count: 3, first: ['org_C', 'org_D', 'org_E'] });
      expect(dry.links.created).toEqual({
        count: 5,
        first: [
          'org_a,course-v1:org_A+2+1',
          'org_c,course-v1:org_C+1+1',
          'org_c,course-v1:org_C+2+1',
          'org_c,org_C/toy/3',
          'org_d,course-v1:org_D+1+1',
        ],
      });
      const report = formatBackfillReport(dry);
      expect(report).toContain(
        'Dry-run of bulk-adding organizations...\nWill create 3 organizations:\n    org_C\n    ' +
          'org_D\n    org_E\nWill reactivate 0 organizations:\n',
      );
      expect(report).toContain('Will create 5 organization-course linkages:\n    org_a,course-v1:org_A+2+1\n');
      expect(report).toMatch(/No changes applied\.\n$/);

      const applied = await run(keys, { apply: true });
      expect(applied.applied).toBe(true);
      expect(applied.organizations.created.count).toBe(3);
      expect(applied.links.created).toEqual(dry.links.created);
      expect(formatBackfillReport(applied)).toContain('Bulk-adding organizations...\nCreated 3 organizations:\n');
      const counts = await Promise.all(['org_A', 'org_B', 'org_C', 'org_D', 'org_E'].map(linkCount));
      expect(counts).toEqual([2, 0, 3, 1, 0]);
      expect(await organization('org_E')).toEqual([
        expect.objectContaining({ short_name: 'org_E', name: 'org_E', active: true }),
      ]);

      // CS-31: a second run writes nothing.
      const snap = await snapshot();
      const again = await run(keys, { apply: true });
      expect(await snapshot()).toEqual(snap);
      expect([
        again.organizations.created.count,
        again.organizations.reactivated.count,
        again.links.created.count,
        again.links.reactivated.count,
      ]).toEqual([0, 0, 0, 0]);
      expect(formatBackfillReport(again)).toContain('Created 0 organizations:\nReactivated 0 organizations:\n');
    },
  );

  it('CS-35: matches existing organizations case-insensitively and prints lower-cased link lines', async () => {
    await asOwner(`INSERT INTO organizations (short_name, name, description) VALUES ('myOrg', 'My Org', '')`);
    const result = await run(['course-v1:MYORG+c+r'], { apply: true });
    expect(result.organizations.created.count).toBe(0);
    expect(result.links.created.first).toEqual(['myorg,course-v1:MYORG+c+r']);
    expect(await organization('myorg')).toEqual([expect.objectContaining({ short_name: 'myOrg', name: 'My Org' })]);
  });

  it('CS-36: --inactive creates inactive orgs and links and reactivates nothing', async () => {
    await asOwner(
      `INSERT INTO organizations (short_name, name, description, active) VALUES ('inSleep', 'x', '', false)`,
    );
    const result = await run(['course-v1:inNew+c+r', 'course-v1:inSleep+c+r'], { apply: true, inactive: true });
    expect(result.organizations).toEqual({
      created: { count: 1, first: ['inNew'] },
      reactivated: { count: 0, first: [] },
    });
    expect((await organization('inNew'))[0].active).toBe(false);
    expect((await organization('inSleep'))[0].active).toBe(false);
    expect(
      await asOwner(`SELECT DISTINCT active FROM organization_courses WHERE course_id LIKE 'course-v1:in%'`),
    ).toEqual([{ active: false }]);
  });

  it('CS-37: reactivates inactive organizations and links implied by the keys', async () => {
    const [old] = await asOwner<{ id: number }>(
      `INSERT INTO organizations (short_name, name, description, active) VALUES ('oldorg', 'x', ` +
        `'', false) RETURNING id`,
    );
    await asOwner(
      `INSERT INTO organization_courses (organization_id, course_id, active) VALUES ($1, ` +
        `'course-v1:oldorg+c+r', false), ($1, 'course-v1:oldorg+other+r', false)`,
      [old.id],
    );
    const dry = await run(['course-v1:oldorg+c+r']);
    expect(dry.organizations.reactivated).toEqual({ count: 1, first: ['oldorg'] });
    expect(dry.links.reactivated).toEqual({ count: 1, first: ['oldorg,course-v1:oldorg+c+r'] });
    const result = await run(['course-v1:oldorg+c+r'], { apply: true });
    expect(formatBackfillReport(result)).toContain('Reactivated 1 organizations:\n    oldorg\n');
    expect((await organization('oldorg'))[0].active).toBe(true);
    // The link not named by the keys stays inactive (B-ORGAPI-10).
    expect(
      await asOwner(
        `SELECT course_id, active FROM organization_courses WHERE organization_id = $1 ORDER BY course_id`,
        [old.id],
      ),
    ).toEqual([
      { course_id: 'course-v1:oldorg+c+r', active: true },
      { course_id: 'course-v1:oldorg+other+r', active: false },
    ]);
  });

  it(
    'reports invalid keys with line numbers, skips bad short names, ignores lib: keys, counts ' +
      'usage keys as invalid',
    async () => {
      const before = await snapshot();
      const result = await run(
        [
          'course-v1:kOk+c+r',
          'not a key',
          'block-v1:kOk+c+r+type@problem+block@p',
          'lib:kV2:slug',
          'course-v1:ed~X+c+r',
          'course-v1:a:b+c+r',
          '',
          'library-v1:kLib+l',
        ],
        { apply: false },
      );
      expect(await snapshot()).toEqual(before);
      expect(result.lines).toBe(8);
      expect(result.invalid).toEqual({
        count: 3,
        first: [
          { line: 2, key: 'not a key' },
          { line: 3, key: 'block-v1:kOk+c+r+type@problem+block@p' },
          { line: 7, key: '' },
        ],
      });
      expect(result.skippedV2Libraries).toBe(1);
      expect(result.badShortNames).toEqual({
        count: 2,
        organizations: 2,
        first: [
          { line: 5, key: 'course-v1:ed~X+c+r', org: 'ed~X' },
          { line: 6, key: 'course-v1:a:b+c+r', org: 'a:b' },
        ],
      });
      expect(result.organizations.created.first).toEqual(['kLib', 'kOk']);
      expect(result.links.created.first).toEqual(['kok,course-v1:kOk+c+r']);
    },
  );

  it('keeps only the first invalid keys but counts them all, and cuts long link lists', async () => {
    const lines = Array.from({ length: 30 }, (_, i) => (i % 2 === 0 ? `bad ${i}` : `course-v1:many+c${i}+r`));
    const result = await run(lines);
    expect(result.invalid.count).toBe(15);
    expect(result.invalid.first).toHaveLength(10);
    expect(result.invalid.first[9]).toEqual({ line: 19, key: 'bad 18' });
    const report = formatBackfillReport({
      ...result,
      links: { ...result.links, created: { count: 15, first: result.links.created.first.slice(0, 5) } },
    });
    expect(report).toContain('    … and 10 more\n');
  });
});
