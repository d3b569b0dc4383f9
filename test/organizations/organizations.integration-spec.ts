import { HttpStatus } from '@nestjs/common';
import { TestingModule } from '@nestjs/testing';
import {
  Organization,
  OrganizationCoursesRepository,
  OrganizationsErrorCode,
  OrganizationsException,
  OrganizationsService,
} from '@mtl/organizations';
import { TenantContext, TenantContextMissingError } from '@mtl/tenancy';
import { asOwner, codeOf, organizationsModule, useOrganizationsModule } from './organizations-fixture';

async function storedOrganizations(shortName: string) {
  return asOwner<{ id: number; short_name: string; name: string; description: string | null; active: boolean }>(
    'SELECT id, short_name, name, description, active FROM organizations WHERE lower(short_name) = lower($1)',
    [shortName],
  );
}

async function storedLinks(organizationId: number) {
  return asOwner<{ course_id: string; active: boolean }>(
    'SELECT course_id, active FROM organization_courses WHERE organization_id = $1 ORDER BY id',
    [organizationId],
  );
}

describe('organizations (edx-organizations Python API, on PostgreSQL)', () => {
  const suite = useOrganizationsModule();
  const { operator, within } = suite;
  let orgs: OrganizationsService;
  beforeAll(() => (orgs = suite.orgs));
  const add = (shortName: string, name = shortName) => operator(() => orgs.add({ shortName, name }));

  describe('adding and reading organizations', () => {
    it('CS-11: refuses an organization without a name and stores nothing', async () => {
      expect(await codeOf(operator(() => orgs.add({ shortName: 'cs11' })))).toBe(
        OrganizationsErrorCode.INVALID_ORGANIZATION,
      );
      expect(await codeOf(operator(() => orgs.add({ shortName: 'cs11', name: '' })))).toBe(
        OrganizationsErrorCode.INVALID_ORGANIZATION,
      );
      expect(await storedOrganizations('cs11')).toEqual([]);
    });

    it('creates an organization with an empty description and no logo', async () => {
      const created = await add('cs11b', 'Created');
      expect(created).toMatchObject({
        shortName: 'cs11b',
        name: 'Created',
        description: '',
        logoUrl: null,
        active: true,
      });
      expect(created.id).toEqual(expect.any(Number));
    });

    it(
      'CS-12: adding an existing active organization returns it unchanged, whatever the case ' + 'of its short_name',
      async () => {
        const acme = await add('cs12acme', 'Acme');
        const again = await operator(() => orgs.add({ shortName: 'cs12acme', name: 'Other', description: 'changed?' }));
        expect(again).toMatchObject({ id: acme.id, name: 'Acme', description: '' });
        const upper = await add('CS12ACME', 'Upper');
        expect(upper).toMatchObject({ id: acme.id, shortName: 'cs12acme', name: 'Acme' });
        expect(await storedOrganizations('cs12acme')).toHaveLength(1);
      },
    );

    it('gets an active organization by id, and by short_name case-insensitively', async () => {
      const org = await add('GetMe', 'Get Me');
      expect((await operator(() => orgs.getById(org.id))).shortName).toBe('GetMe');
      expect((await operator(() => orgs.getByShortName('getme'))).id).toBe(org.id);
      expect((await operator(() => orgs.getByShortName('GETME'))).id).toBe(org.id);
      expect(await codeOf(operator(() => orgs.getByShortName('nobody-here')))).toBe(
        OrganizationsErrorCode.ORGANIZATION_NOT_FOUND,
      );
      expect(await codeOf(operator(() => orgs.getByShortName('bad name!')))).toBe(
        OrganizationsErrorCode.ORGANIZATION_NOT_FOUND,
      );
      expect(await codeOf(operator(() => orgs.getByShortName('')))).toBe(OrganizationsErrorCode.INVALID_ORGANIZATION);
      expect(await codeOf(operator(() => orgs.getById(0)))).toBe(OrganizationsErrorCode.INVALID_ORGANIZATION);
      expect(await codeOf(operator(() => orgs.getById(2_000_000_000)))).toBe(
        OrganizationsErrorCode.ORGANIZATION_NOT_FOUND,
      );
    });

    it('treats inactive organizations as not found, and lists only active ones by id', async () => {
      const first = await add('list-1');
      const gone = await add('list-2');
      const last = await add('list-3');
      await operator(() => orgs.deactivate(gone.id));
      expect(await codeOf(operator(() => orgs.getById(gone.id)))).toBe(OrganizationsErrorCode.ORGANIZATION_NOT_FOUND);
      expect(await codeOf(operator(() => orgs.getByShortName('list-2')))).toBe(
        OrganizationsErrorCode.ORGANIZATION_NOT_FOUND,
      );
      const listed = (await operator(() => orgs.listActive())).map((o) => o.id);
      expect(listed).toEqual([...listed].sort((a, b) => a - b));
      expect(listed).toEqual(expect.arrayContaining([first.id, last.id]));
      expect(listed).not.toContain(gone.id);
    });

    it('persists updates of name, description and logo URL (unlike B-ORGAPI-6)', async () => {
      const org = await add('upd', 'Before');
      const updated = await operator(() =>
        orgs.update(org.id, { name: 'After', description: 'Desc', logoUrl: 'https://example.com/logo.png' }),
      );
      expect(updated).toMatchObject({
        id: org.id,
        name: 'After',
        description: 'Desc',
        logoUrl: 'https://example.com/logo.png',
      });
      expect(await storedOrganizations('upd')).toEqual([
        expect.objectContaining({ name: 'After', description: 'Desc' }),
      ]);
      expect(await codeOf(operator(() => orgs.update(org.id, { name: '' })))).toBe(
        OrganizationsErrorCode.INVALID_ORGANIZATION,
      );
      expect(await codeOf(operator(() => orgs.update(2_000_000_000, { name: 'x' })))).toBe(
        OrganizationsErrorCode.ORGANIZATION_NOT_FOUND,
      );
    });

    it('renames only to a free short_name, compared case-insensitively', async () => {
      const taken = await add('taken-name');
      const org = await add('renamer');
      expect(await codeOf(operator(() => orgs.update(org.id, { shortName: 'TAKEN-NAME' })))).toBe(
        OrganizationsErrorCode.DUPLICATE_SHORT_NAME,
      );
      expect(await codeOf(operator(() => orgs.update(org.id, { shortName: 'bad name!' })))).toBe(
        OrganizationsErrorCode.INVALID_ORGANIZATION,
      );
      expect((await operator(() => orgs.update(org.id, { shortName: 'Renamed' }))).shortName).toBe('Renamed');
      expect((await operator(() => orgs.update(taken.id, { shortName: 'Taken-Name' }))).shortName).toBe('Taken-Name');
    });
  });

  describe('short_name rules, enforced everywhere', () => {
    it.each([
      ['bad name!', 'a space and !'],
      ['ó', 'a non-ASCII letter'],
      ['', 'nothing'],
      ['a@b', 'an @'],
      ['a+b', 'a +'],
      ['x'.repeat(256), '256 characters'],
    ])('refuses %j (%s) in add, bulkAdd and ensureOrganization', async (shortName) => {
      expect(await codeOf(operator(() => orgs.add({ shortName, name: 'Name' })))).toBe(
        OrganizationsErrorCode.INVALID_ORGANIZATION,
      );
      expect(await codeOf(operator(() => orgs.bulkAdd([{ shortName }])))).toBe(
        OrganizationsErrorCode.INVALID_ORGANIZATION,
      );
      expect(await codeOf(operator(() => orgs.ensureOrganization(shortName)))).toBe(
        OrganizationsErrorCode.INVALID_ORGANIZATION,
      );
      expect(await asOwner('SELECT 1 FROM organizations WHERE short_name = $1', [shortName])).toEqual([]);
    });

    it('accepts letters, digits, dot, underscore and dash, up to 255 characters', async () => {
      expect((await add('Ab.c_d-9')).shortName).toBe('Ab.c_d-9');
      expect((await add('y'.repeat(255))).shortName).toHaveLength(255);
    });

    it('is also held by the database: a CHECK on the characters and a unique index on lower(short_name)', async () => {
      await add('dbrule');
      await expect(asOwner(`INSERT INTO organizations (name, short_name) VALUES ('x', 'DBRULE')`)).rejects.toThrow(
        /organizations_short_name_ci/,
      );
      await expect(asOwner(`INSERT INTO organizations (name, short_name) VALUES ('x', 'bad name!')`)).rejects.toThrow(
        /organizations_short_name_chars/,
      );
    });
  });

  describe('deactivation and reactivation', () => {
    it('CS-13: deactivating an organization deactivates its links, then the organization', async () => {
      const acme = await add('cs13acme');
      await operator(() => orgs.addCourse(acme.id, 'course-v1:cs13acme+c+r'));
      expect((await operator(() => orgs.listOrganizationsOfCourse('course-v1:cs13acme+c+r'))).map((o) => o.id)).toEqual(
        [acme.id],
      );
      await operator(() => orgs.deactivate(acme.id));
      expect(await operator(() => orgs.listOrganizationsOfCourse('course-v1:cs13acme+c+r'))).toEqual([]);
      expect(await codeOf(operator(() => orgs.getById(acme.id)))).toBe(OrganizationsErrorCode.ORGANIZATION_NOT_FOUND);
      expect(await storedLinks(acme.id)).toEqual([{ course_id: 'course-v1:cs13acme+c+r', active: false }]);
    });

    it('deactivating an inactive or unknown organization is a silent no-op', async () => {
      const org = await add('twice-off');
      await operator(() => orgs.deactivate(org.id));
      await expect(operator(() => orgs.deactivate(org.id))).resolves.toBeUndefined();
      await expect(operator(() => orgs.deactivate(2_000_000_000))).resolves.toBeUndefined();
    });

    it('B-ORGAPI-4 fixed: adding an inactive organization that has inactive links reactivates both', async () => {
      const org = await add('revive', 'Revive Original');
      await operator(() => orgs.addCourse(org.id, 'course-v1:revive+a+1'));
      await operator(() => orgs.addCourse(org.id, 'course-v1:revive+b+1'));
      await operator(() => orgs.deactivate(org.id));
      const revived = await add('REVIVE', 'Another Name');
      expect(revived).toMatchObject({ id: org.id, name: 'Revive Original', active: true });
      expect(await storedLinks(org.id)).toEqual([
        { course_id: 'course-v1:revive+a+1', active: true },
        { course_id: 'course-v1:revive+b+1', active: true },
      ]);
      expect(await operator(() => orgs.listCoursesOfOrganization(org.id))).toEqual([
        'course-v1:revive+a+1',
        'course-v1:revive+b+1',
      ]);
    });

    it('reactivate() brings back an organization and its links; an active one is returned as it is', async () => {
      const org = await add('reac');
      await operator(() => orgs.addCourse(org.id, 'reac/c/r'));
      await operator(() => orgs.deactivate(org.id));
      expect((await operator(() => orgs.reactivate(org.id))).active).toBe(true);
      expect(await storedLinks(org.id)).toEqual([{ course_id: 'reac/c/r', active: true }]);
      expect((await operator(() => orgs.reactivate(org.id))).id).toBe(org.id);
      expect(await codeOf(operator(() => orgs.reactivate(2_000_000_000)))).toBe(
        OrganizationsErrorCode.ORGANIZATION_NOT_FOUND,
      );
    });
  });

  describe('bulk add', () => {
    it(
      'de-duplicates case-insensitively (first wins), matches existing ones ' +
        'case-insensitively, and reactivates inactive ones',
      async () => {
        const existing = await add('BulkExisting', 'Existing');
        const sleeping = await add('BulkSleeping', 'Sleeping');
        await operator(() => orgs.deactivate(sleeping.id));
        const items = [
          { shortName: 'BulkNew', name: 'First wins' },
          { shortName: 'bulknew', name: 'Dropped' },
          { shortName: 'bulkexisting', name: 'Ignored' },
          { shortName: 'BULKSLEEPING' },
          { shortName: 'BulkNoName' },
        ];
        const dry = await operator(() => orgs.bulkAdd(items, { dryRun: true }));
        expect(dry).toEqual({ created: ['BulkNew', 'BulkNoName'], reactivated: ['BulkSleeping'] });
        expect(await storedOrganizations('BulkNew')).toEqual([]);
        expect((await storedOrganizations('BulkSleeping'))[0].active).toBe(false);

        expect(await operator(() => orgs.bulkAdd(items))).toEqual(dry);
        expect(await storedOrganizations('bulknew')).toEqual([
          expect.objectContaining({ short_name: 'BulkNew', name: 'First wins', active: true }),
        ]);
        expect(await storedOrganizations('BulkNoName')).toEqual([
          expect.objectContaining({ name: 'BulkNoName', active: true }),
        ]);
        expect(await storedOrganizations('BulkExisting')).toEqual([
          expect.objectContaining({ id: existing.id, name: 'Existing' }),
        ]);
        expect((await storedOrganizations('BulkSleeping'))[0]).toMatchObject({ name: 'Sleeping', active: true });

        expect(await operator(() => orgs.bulkAdd(items))).toEqual({ created: [], reactivated: [] });
      },
    );

    it('with activate=false creates inactive organizations and reactivates none', async () => {
      const sleeping = await add('BulkOff1');
      await operator(() => orgs.deactivate(sleeping.id));
      const result = await operator(() =>
        orgs.bulkAdd([{ shortName: 'BulkOff1' }, { shortName: 'BulkOff2' }], { activate: false }),
      );
      expect(result).toEqual({ created: ['BulkOff2'], reactivated: [] });
      expect((await storedOrganizations('BulkOff1'))[0].active).toBe(false);
      expect((await storedOrganizations('BulkOff2'))[0].active).toBe(false);
    });

    it('writes nothing when one item is invalid', async () => {
      expect(await codeOf(operator(() => orgs.bulkAdd([{ shortName: 'BulkFine' }, { shortName: 'bulk bad' }])))).toBe(
        OrganizationsErrorCode.INVALID_ORGANIZATION,
      );
      expect(await storedOrganizations('BulkFine')).toEqual([]);
    });
  });

  describe('course links', () => {
    it('CS-14: a course linked to A then B belongs first to A; unlinked courses have none', async () => {
      const a = await add('cs14a');
      const b = await add('cs14b');
      await operator(() => orgs.addCourse(a.id, 'course-v1:shared+c+r'));
      await operator(() => orgs.addCourse(b.id, 'course-v1:shared+c+r'));
      expect(
        (await operator(() => orgs.listOrganizationsOfCourse('course-v1:shared+c+r'))).map((o) => o.shortName),
      ).toEqual(['cs14a', 'cs14b']);
      expect((await operator(() => orgs.getCourseOrganization('course-v1:shared+c+r')))?.id).toBe(a.id);
      expect(await operator(() => orgs.getCourseOrganizationId('course-v1:shared+c+r'))).toBe(a.id);
      expect(await operator(() => orgs.getCourseOrganization('course-v1:nobody+c+r'))).toBeNull();
      expect(await operator(() => orgs.getCourseOrganizationId('course-v1:nobody+c+r'))).toBeNull();
    });

    it('reads across organizations only through the audited path', async () => {
      const org = await add('audited');
      await operator(() => orgs.addCourse(org.id, 'course-v1:audited+c+r'));
      await operator(() => orgs.listOrganizationsOfCourse('course-v1:audited+c+r', 'operator:test'));
      const audit = await asOwner<{ actor: string; reason: string }>(
        `SELECT actor, detail AS reason FROM audit_trail WHERE detail LIKE '%course-v1:audited+c+r%' ORDER BY id`,
      );
      // The operator's link into the organization is itself an audited entry (docs/adr/0013).
      expect(audit).toEqual([
        { actor: 'system', reason: 'organizations: link course course-v1:audited+c+r' },
        { actor: 'operator:test', reason: expect.stringContaining('organizations linked to course') },
      ]);
    });

    it('CS-15: refuses a lib: key and accepts a library-v1 key (CourseKey grammar)', async () => {
      const org = await add('cs15acme');
      expect(await codeOf(operator(() => orgs.addCourse(org.id, 'lib:cs15acme:slug')))).toBe(
        OrganizationsErrorCode.INVALID_COURSE_KEY,
      );
      expect(await codeOf(operator(() => orgs.addCourse(org.id, 'not a key')))).toBe(
        OrganizationsErrorCode.INVALID_COURSE_KEY,
      );
      expect(await operator(() => orgs.addCourse(org.id, 'library-v1:cs15acme+lib'))).toBe('created');
      expect(await operator(() => orgs.addCourse(org.id, 'ccx-v1:cs15acme+c+r+ccx@3'))).toBe('created');
      expect(await storedLinks(org.id)).toEqual([
        { course_id: 'library-v1:cs15acme+lib', active: true },
        { course_id: 'ccx-v1:cs15acme+c+r+ccx@3', active: true },
      ]);
    });

    it('CS-16: links are by exact course id string (slash form and course-v1 are different links)', async () => {
      const org = await add('cs16acme');
      await operator(() => orgs.addCourse(org.id, 'cs16acme/c/r'));
      expect(await operator(() => orgs.listOrganizationsOfCourse('course-v1:cs16acme+c+r'))).toEqual([]);
      expect((await operator(() => orgs.listOrganizationsOfCourse('cs16acme/c/r'))).map((o) => o.id)).toEqual([org.id]);
      expect(await operator(() => orgs.addCourse(org.id, 'course-v1:cs16acme+c+r'))).toBe('created');
      expect(await operator(() => orgs.listCoursesOfOrganization(org.id))).toEqual([
        'cs16acme/c/r',
        'course-v1:cs16acme+c+r',
      ]);
    });

    it('adds idempotently, removes softly, and re-adding reactivates', async () => {
      const org = await add('linker');
      const key = 'course-v1:linker+c+r';
      expect(await operator(() => orgs.addCourse(org.id, key))).toBe('created');
      expect(await operator(() => orgs.addCourse(org.id, key))).toBe('unchanged');
      expect(await operator(() => orgs.removeCourse(org.id, key))).toBe(true);
      expect(await operator(() => orgs.removeCourse(org.id, key))).toBe(false);
      expect(await operator(() => orgs.listCoursesOfOrganization(org.id))).toEqual([]);
      expect(await storedLinks(org.id)).toEqual([{ course_id: key, active: false }]);
      expect(await operator(() => orgs.addCourse(org.id, key))).toBe('reactivated');
      expect(await storedLinks(org.id)).toEqual([{ course_id: key, active: true }]);
      expect(await codeOf(operator(() => orgs.addCourse(2_000_000_000, key)))).toBe(
        OrganizationsErrorCode.ORGANIZATION_NOT_FOUND,
      );
    });

    it('removeCourseReferences deactivates the course in every organization', async () => {
      const a = await add('refs-a');
      const b = await add('refs-b');
      await operator(() => orgs.addCourse(a.id, 'course-v1:refs+c+r'));
      await operator(() => orgs.addCourse(b.id, 'course-v1:refs+c+r'));
      await operator(() => orgs.addCourse(b.id, 'course-v1:refs+other+r'));
      expect(await operator(() => orgs.removeCourseReferences('course-v1:refs+c+r'))).toBe(2);
      expect(await operator(() => orgs.listOrganizationsOfCourse('course-v1:refs+c+r'))).toEqual([]);
      expect(await operator(() => orgs.listCoursesOfOrganization(b.id))).toEqual(['course-v1:refs+other+r']);
    });

    it(
      'bulkAddCourses: validates all first, de-duplicates case-insensitively, dry run writes ' +
        'nothing, reactivates only what it names',
      async () => {
        const a = await add('BulkLinkA');
        const b = await add('bulklinkb');
        await operator(() => orgs.addCourse(a.id, 'course-v1:BulkLinkA+old+r'));
        await operator(() => orgs.addCourse(a.id, 'course-v1:BulkLinkA+asleep+r'));
        await operator(() => orgs.addCourse(a.id, 'course-v1:BulkLinkA+untouched+r'));
        await operator(() => orgs.removeCourse(a.id, 'course-v1:BulkLinkA+asleep+r'));
        await operator(() => orgs.removeCourse(a.id, 'course-v1:BulkLinkA+untouched+r'));
        const pairs = [
          { shortName: 'BulkLinkA', courseKey: 'course-v1:BulkLinkA+new+r' },
          { shortName: 'bulklinka', courseKey: 'course-v1:BulkLinkA+new+r' },
          { shortName: 'BULKLINKA', courseKey: 'course-v1:BulkLinkA+old+r' },
          { shortName: 'BulkLinkA', courseKey: 'course-v1:BulkLinkA+asleep+r' },
          { shortName: 'BulkLinkB', courseKey: 'BulkLinkA/new/r' },
        ];
        const expected = {
          created: [
            ['bulklinka', 'course-v1:BulkLinkA+new+r'],
            ['bulklinkb', 'BulkLinkA/new/r'],
          ],
          reactivated: [['bulklinka', 'course-v1:BulkLinkA+asleep+r']],
        };
        const before = [await storedLinks(a.id), await storedLinks(b.id)];
        expect(await operator(() => orgs.bulkAddCourses(pairs, { dryRun: true, actor: 'test' }))).toEqual(expected);
        expect([await storedLinks(a.id), await storedLinks(b.id)]).toEqual(before);

        expect(await operator(() => orgs.bulkAddCourses(pairs, { actor: 'test' }))).toEqual(expected);
        expect(await storedLinks(a.id)).toEqual([
          { course_id: 'course-v1:BulkLinkA+old+r', active: true },
          { course_id: 'course-v1:BulkLinkA+asleep+r', active: true },
          { course_id: 'course-v1:BulkLinkA+untouched+r', active: false },
          { course_id: 'course-v1:BulkLinkA+new+r', active: true },
        ]);
        expect(await storedLinks(b.id)).toEqual([{ course_id: 'BulkLinkA/new/r', active: true }]);
        expect(await operator(() => orgs.bulkAddCourses(pairs, { actor: 'test' }))).toEqual({
          created: [],
          reactivated: [],
        });
      },
    );

    it('bulkAddCourses with activate=false creates inactive links and reactivates none', async () => {
      const org = await add('BulkLinkOff');
      await operator(() => orgs.addCourse(org.id, 'course-v1:off+asleep+r'));
      await operator(() => orgs.removeCourse(org.id, 'course-v1:off+asleep+r'));
      const result = await operator(() =>
        orgs.bulkAddCourses(
          [
            { shortName: 'BulkLinkOff', courseKey: 'course-v1:off+asleep+r' },
            { shortName: 'BulkLinkOff', courseKey: 'course-v1:off+new+r' },
          ],
          { activate: false },
        ),
      );
      expect(result).toEqual({ created: [['bulklinkoff', 'course-v1:off+new+r']], reactivated: [] });
      expect(await storedLinks(org.id)).toEqual([
        { course_id: 'course-v1:off+asleep+r', active: false },
        { course_id: 'course-v1:off+new+r', active: false },
      ]);
    });

    it(
      'bulkAddCourses refuses an unknown organization or an invalid key with a clear error and ' + 'writes nothing',
      async () => {
        const org = await add('BulkLinkKnown');
        const good = { shortName: 'BulkLinkKnown', courseKey: 'course-v1:known+c+r' };
        for (const dryRun of [true, false]) {
          const unknown = operator(() =>
            orgs.bulkAddCourses([good, { shortName: 'NoSuchOrg', courseKey: 'course-v1:x+c+r' }], { dryRun }),
          );
          await expect(unknown).rejects.toMatchObject({
            code: OrganizationsErrorCode.UNKNOWN_ORGANIZATION,
            message: expect.stringContaining("'nosuchorg'"),
          });
        }
        expect(
          await codeOf(
            operator(() => orgs.bulkAddCourses([good, { shortName: 'BulkLinkKnown', courseKey: 'lib:known:slug' }])),
          ),
        ).toBe(OrganizationsErrorCode.INVALID_COURSE_KEY);
        expect(await storedLinks(org.id)).toEqual([]);
      },
    );
  });

  describe('isolation: a context limited to one organization acts on no other', () => {
    let a: Organization;
    let b: Organization;
    const keyA = 'course-v1:isoA+c+r';

    beforeAll(async () => {
      a = await add('isoA');
      b = await add('isoB');
      await operator(() => orgs.addCourse(a.id, keyA));
    });

    it("lists nothing of A's links from B's context, and A's own context sees them", async () => {
      expect(await within(b.id, () => orgs.listCoursesOfOrganization(a.id))).toEqual([]);
      expect(await within(a.id, () => orgs.listCoursesOfOrganization(a.id))).toEqual([keyA]);
    });

    it("cannot add, remove or deactivate A's links from B's context, and nothing changes", async () => {
      expect(await codeOf(within(b.id, () => orgs.addCourse(a.id, 'course-v1:isoA+new+r')))).toBe(
        OrganizationsErrorCode.ORGANIZATION_NOT_FOUND,
      );
      expect(await codeOf(within(b.id, () => orgs.removeCourse(a.id, keyA)))).toBe(
        OrganizationsErrorCode.ORGANIZATION_NOT_FOUND,
      );
      expect(await codeOf(within(b.id, () => orgs.deactivate(a.id)))).toBe(
        OrganizationsErrorCode.ORGANIZATION_NOT_FOUND,
      );
      expect(await codeOf(within(b.id, () => orgs.reactivate(a.id)))).toBe(
        OrganizationsErrorCode.ORGANIZATION_NOT_FOUND,
      );
      expect(await codeOf(within(b.id, () => orgs.update(a.id, { name: 'hijacked' })))).toBe(
        OrganizationsErrorCode.ORGANIZATION_NOT_FOUND,
      );
      expect(await storedLinks(a.id)).toEqual([{ course_id: keyA, active: true }]);
      expect(await storedOrganizations('isoA')).toEqual([expect.objectContaining({ name: 'isoA', active: true })]);
    });

    it('a context reading A and B but writing B still cannot write A', async () => {
      const result = suite.context.runInNewContext(() => {
        suite.context.restrictReadTo([a.id, b.id]);
        suite.context.grantWrite(b.id);
        return orgs.addCourse(a.id, 'course-v1:isoA+sneak+r');
      });
      expect(await codeOf(result)).toBe(OrganizationsErrorCode.ORGANIZATION_NOT_FOUND);
      expect(await storedLinks(a.id)).toEqual([{ course_id: keyA, active: true }]);
    });

    it("works on B's own links from B's context", async () => {
      expect(await within(b.id, () => orgs.addCourse(b.id, 'course-v1:isoB+c+r'))).toBe('created');
      expect(await within(b.id, () => orgs.listCoursesOfOrganization(b.id))).toEqual(['course-v1:isoB+c+r']);
      expect(await within(b.id, () => orgs.removeCourse(b.id, 'course-v1:isoB+c+r'))).toBe(true);
    });

    it("an operator's call enters the organization in a child context and leaves its own scope untouched", async () => {
      const scopeAfter = await operator(async () => {
        await orgs.addCourse(a.id, 'course-v1:isoA+op+r');
        await orgs.listCoursesOfOrganization(b.id);
        return suite.context.scope;
      });
      expect(scopeAfter).toBeUndefined();
    });

    it('the links repository fails closed with no organization in the context', async () => {
      const links = suite.get(OrganizationCoursesRepository);
      await expect(operator(() => links.listActiveCourseIds())).rejects.toBeInstanceOf(TenantContextMissingError);
      await expect(operator(() => links.link('course-v1:isoA+x+r'))).rejects.toBeInstanceOf(TenantContextMissingError);
    });
  });

  describe('ensureOrganization with ORGANIZATIONS_AUTOCREATE on (the default)', () => {
    it('CS-20: the setting is on when unset', () => {
      expect(orgs.isAutocreateEnabled()).toBe(true);
    });

    it('CS-17: creates an unknown organization named after its short name, with an empty description', async () => {
      const created = await operator(() => orgs.ensureOrganization('orgX17'));
      expect(created).toMatchObject({ shortName: 'orgX17', name: 'orgX17', description: '', active: true });
      expect(await storedOrganizations('orgX17')).toEqual([expect.objectContaining({ id: created.id, active: true })]);
      expect((await operator(() => orgs.ensureOrganization('ORGX17'))).id).toBe(created.id);
    });

    it('CS-19 (autocreate half): reactivates an inactive organization and returns its original name', async () => {
      const org = await add('orgX19a', 'Original Name');
      await operator(() => orgs.deactivate(org.id));
      expect(await operator(() => orgs.ensureOrganization('orgX19a'))).toMatchObject({
        id: org.id,
        name: 'Original Name',
        active: true,
      });
    });
  });

  describe('ensureOrganization with ORGANIZATIONS_AUTOCREATE off', () => {
    let strictRef: TestingModule;
    let strict: OrganizationsService;
    let strictContext: TenantContext;

    beforeAll(async () => {
      strictRef = await organizationsModule({ ORGANIZATIONS_AUTOCREATE: 'false' });
      strict = strictRef.get(OrganizationsService);
      strictContext = strictRef.get(TenantContext);
    });

    afterAll(async () => {
      await strictRef.close();
    });

    it('CS-18: refuses an unknown organization and creates nothing', async () => {
      expect(strict.isAutocreateEnabled()).toBe(false);
      const refused = strictContext.runInNewContext(() => strict.ensureOrganization('orgX18'));
      expect(await codeOf(refused)).toBe(OrganizationsErrorCode.UNKNOWN_ORGANIZATION);
      expect(await storedOrganizations('orgX18')).toEqual([]);
    });

    it('CS-19: refuses an organization that exists but is inactive, and leaves it inactive', async () => {
      const org = await add('orgX19');
      await operator(() => orgs.deactivate(org.id));
      const refused = strictContext.runInNewContext(() => strict.ensureOrganization('orgX19'));
      expect(await codeOf(refused)).toBe(OrganizationsErrorCode.UNKNOWN_ORGANIZATION);
      expect((await storedOrganizations('orgX19'))[0].active).toBe(false);
    });

    it('returns an existing active organization', async () => {
      const org = await add('orgX18ok');
      expect((await strictContext.runInNewContext(() => strict.ensureOrganization('orgx18OK'))).id).toBe(org.id);
    });
  });

  describe('CS-20: ORGANIZATIONS_AUTOCREATE values', () => {
    it.each([
      ['', false],
      ['0', false],
      ['1', true],
      ['true', true],
    ])('%j reads as %p', async (value, enabled) => {
      const ref = await organizationsModule({ ORGANIZATIONS_AUTOCREATE: value });
      try {
        expect(ref.get(OrganizationsService).isAutocreateEnabled()).toBe(enabled);
      } finally {
        await ref.close();
      }
    });
  });

  describe('HTTP mapping of the domain errors', () => {
    it.each([
      [OrganizationsErrorCode.INVALID_ORGANIZATION, HttpStatus.BAD_REQUEST],
      [OrganizationsErrorCode.INVALID_COURSE_KEY, HttpStatus.BAD_REQUEST],
      [OrganizationsErrorCode.UNKNOWN_ORGANIZATION, HttpStatus.BAD_REQUEST],
      [OrganizationsErrorCode.DUPLICATE_SHORT_NAME, HttpStatus.CONFLICT],
      [OrganizationsErrorCode.ORGANIZATION_NOT_FOUND, HttpStatus.NOT_FOUND],
    ])('%s → %d with the details kept', (code, status) => {
      const error = new OrganizationsException(code, 'message', [{ field: 'short_name', reason: 'why' }]);
      expect(error.httpStatus).toBe(status);
      expect(error.details).toEqual([{ field: 'short_name', reason: 'why' }]);
    });

    it('covers every code', () => {
      for (const code of Object.values(OrganizationsErrorCode)) {
        expect(typeof new OrganizationsException(code, 'm').httpStatus).toBe('number');
      }
    });
  });
});
