import { OrganizationsErrorCode, OrganizationsService } from '@mtl/organizations';
import { storedOrganizationsNamed } from '@mtl/testing';
import { asOwner, codeOf, useOrganizationsModule } from './organizations-fixture';

const stored = storedOrganizationsNamed;

describe('organizations: what the v0 REST API needs (createOrUpdate, listActivePage)', () => {
  const suite = useOrganizationsModule();
  const { operator, within } = suite;
  let orgs: OrganizationsService;
  beforeAll(() => (orgs = suite.orgs));

  describe('createOrUpdate', () => {
    it('creates an active organization, with a null description when none is given', async () => {
      const { organization, created } = await operator(() =>
        orgs.createOrUpdate({ shortName: 'put-new', name: 'Put New' }),
      );
      expect(created).toBe(true);
      expect(organization).toMatchObject({
        shortName: 'put-new',
        name: 'Put New',
        description: null,
        logoUrl: null,
        active: true,
      });
      expect(await stored('put-new')).toEqual([
        {
          id: organization.id,
          short_name: 'put-new',
          name: 'Put New',
          description: null,
          logo_url: null,
          active: true,
        },
      ]);
    });

    it(
      'updates the one matched case-insensitively: name and spelling always, description and ' + 'logo only when given',
      async () => {
        const first = await operator(() =>
          orgs.createOrUpdate({
            shortName: 'put-upd',
            name: 'One',
            description: 'Desc',
            logoUrl: 'https://cdn.example.com/1.png',
          }),
        );
        const second = await operator(() => orgs.createOrUpdate({ shortName: 'PUT-UPD', name: 'Two' }));
        expect(second.created).toBe(false);
        expect(second.organization).toMatchObject({
          id: first.organization.id,
          shortName: 'PUT-UPD',
          name: 'Two',
          description: 'Desc',
          logoUrl: 'https://cdn.example.com/1.png',
        });
        const third = await operator(() =>
          orgs.createOrUpdate({ shortName: 'put-upd', name: 'Three', description: null, logoUrl: null }),
        );
        expect(third.organization).toMatchObject({
          id: first.organization.id,
          shortName: 'put-upd',
          description: null,
          logoUrl: null,
        });
        expect(await stored('put-upd')).toHaveLength(1);
      },
    );

    it('reactivates an inactive organization together with its course links', async () => {
      const { organization } = await operator(() =>
        orgs.createOrUpdate({ shortName: 'put-inactive', name: 'Inactive' }),
      );
      await operator(() => orgs.addCourse(organization.id, 'course-v1:put-inactive+c+r'));
      await operator(() => orgs.deactivate(organization.id));
      const again = await operator(() => orgs.createOrUpdate({ shortName: 'put-inactive', name: 'Back' }));
      expect(again).toMatchObject({
        created: false,
        organization: { id: organization.id, name: 'Back', active: true },
      });
      expect(await within(organization.id, () => orgs.listCoursesOfOrganization(organization.id))).toEqual([
        'course-v1:put-inactive+c+r',
      ]);
    });

    it('refuses invalid input before writing anything', async () => {
      expect(await codeOf(operator(() => orgs.createOrUpdate({ shortName: 'put-bad' })))).toBe(
        OrganizationsErrorCode.INVALID_ORGANIZATION,
      );
      expect(await codeOf(operator(() => orgs.createOrUpdate({ shortName: 'bad name!', name: 'x' })))).toBe(
        OrganizationsErrorCode.INVALID_ORGANIZATION,
      );
      expect(
        await codeOf(
          operator(() => orgs.createOrUpdate({ shortName: 'put-bad', name: 'x', logoUrl: 'x'.repeat(256) })),
        ),
      ).toBe(OrganizationsErrorCode.INVALID_ORGANIZATION);
      expect(await stored('put-bad')).toEqual([]);
    });

    it('cannot update another organization from a context limited to one', async () => {
      const { organization: a } = await operator(() => orgs.createOrUpdate({ shortName: 'put-a', name: 'A' }));
      const { organization: b } = await operator(() => orgs.createOrUpdate({ shortName: 'put-b', name: 'B' }));
      expect(await codeOf(within(b.id, () => orgs.createOrUpdate({ shortName: 'put-a', name: 'hijacked' })))).toBe(
        OrganizationsErrorCode.ORGANIZATION_NOT_FOUND,
      );
      expect((await stored('put-a')).map((o) => [o.id, o.name])).toEqual([[a.id, 'A']]);
    });

    it('two concurrent creations of one short name give one organization, created once', async () => {
      const results = await Promise.all(
        ['put-race', 'PUT-RACE', 'Put-Race'].map((shortName) =>
          operator(() => orgs.createOrUpdate({ shortName, name: shortName })),
        ),
      );
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.organization.id)).size).toBe(1);
      expect(await stored('put-race')).toHaveLength(1);
    });
  });

  describe('listActivePage', () => {
    it('pages through the active organizations by id, counting only active ones', async () => {
      await asOwner(`INSERT INTO organizations (name, short_name, active) VALUES ('Page Gone', 'page-gone', false)`);
      const active = (await asOwner<{ id: number }>('SELECT id FROM organizations WHERE active ORDER BY id')).map(
        (o) => o.id,
      );
      const firstPage = await operator(() => orgs.listActivePage(0, 2));
      expect(firstPage.count).toBe(active.length);
      expect(firstPage.organizations.map((o) => o.id)).toEqual(active.slice(0, 2));
      const secondPage = await operator(() => orgs.listActivePage(2, 2));
      expect(secondPage.organizations.map((o) => o.id)).toEqual(active.slice(2, 4));
      const beyond = await operator(() => orgs.listActivePage(active.length, 10));
      expect(beyond).toEqual({ count: active.length, organizations: [] });
      expect(await codeOf(operator(() => orgs.listActivePage(-1, 10)))).toBe(
        OrganizationsErrorCode.INVALID_ORGANIZATION,
      );
      expect(await codeOf(operator(() => orgs.listActivePage(0, 0)))).toBe(OrganizationsErrorCode.INVALID_ORGANIZATION);
    });
  });
});
