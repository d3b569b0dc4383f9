/**
 * An unscoped caller (an operator, a command) that reads or writes one organization's rows goes
 * in through CrossOrganizationAccess: each such call leaves a `cross_organization.access` row
 * naming the organization, and a refused one leaves it too, written after the rollback.
 */
import { Client } from 'pg';
import { OrganizationsRepository, OrganizationsService, StagedOrganizationWrites } from '@mtl/organizations';
import { CrossOrganizationAccess, TenantScopeWideningError } from '@mtl/tenancy';
import { asOwner, useOrganizationsModule } from './organizations-fixture';

interface AccessRow {
  actor: string;
  organization_id: number | null;
  detail: string;
}

/** The cross-organization audit rows written after `id`, oldest first. */
const accessesAfter = (id: number) =>
  asOwner<AccessRow>(
    `SELECT actor, organization_id, detail FROM audit_trail WHERE action = ` +
      `'cross_organization.access' AND id > $1 ORDER BY id`,
    [id],
  );
const lastAuditId = async () =>
  (await asOwner<{ id: number }>(`SELECT coalesce(max(id), 0)::int AS id FROM audit_trail`))[0].id;

describe('an operator entering one organization', () => {
  const suite = useOrganizationsModule();
  const { operator, within } = suite;
  let orgs: OrganizationsService;
  beforeAll(() => (orgs = suite.orgs));
  let org: number;
  let other: number;

  beforeAll(async () => {
    [{ id: org }] = await asOwner<{ id: number }>(
      `INSERT INTO organizations (short_name, name, description) VALUES ('entryOrg', 'Entry', '') RETURNING id`,
    );
    [{ id: other }] = await asOwner<{ id: number }>(
      `INSERT INTO organizations (short_name, name, description) VALUES ('entryOther', 'Other', '') RETURNING id`,
    );
  });

  it('addCourse from an unscoped context is audited, naming the organization', async () => {
    const since = await lastAuditId();
    expect(await operator(() => orgs.addCourse(org, 'course-v1:entryOrg+a+1'))).toBe('created');
    expect(await accessesAfter(since)).toEqual([
      { actor: 'system', organization_id: org, detail: 'organizations: link course course-v1:entryOrg+a+1' },
    ]);
  });

  it('removeCourse from an unscoped context is audited, naming the organization', async () => {
    const since = await lastAuditId();
    expect(await operator(() => orgs.removeCourse(org, 'course-v1:entryOrg+a+1'))).toBe(true);
    expect(await accessesAfter(since)).toEqual([
      { actor: 'system', organization_id: org, detail: 'organizations: unlink course course-v1:entryOrg+a+1' },
    ]);
    expect(await asOwner(`SELECT active FROM organization_courses WHERE organization_id = $1`, [org])).toEqual([
      { active: false },
    ]);
  });

  it("listing an organization's courses from an unscoped context is an audited read", async () => {
    const since = await lastAuditId();
    expect(await operator(() => orgs.listCoursesOfOrganization(org))).toEqual([]);
    expect(await accessesAfter(since)).toEqual([
      { actor: 'system', organization_id: org, detail: `organizations: courses of organization ${org}` },
    ]);
  });

  it('a refused entry leaves its audit row (written after the rollback) and none of its work', async () => {
    const since = await lastAuditId();
    const links = await asOwner(`SELECT count(*)::int AS n FROM organization_courses WHERE organization_id = $1`, [
      org,
    ]);
    const access = suite.get(CrossOrganizationAccess);
    await expect(
      operator(() =>
        access.withinOrganization(org, { actor: 'operator:tester', reason: 'test: link then fail' }, async () => {
          await orgs.addCourse(org, 'course-v1:entryOrg+never+1');
          throw new Error('changed my mind');
        }),
      ),
    ).rejects.toThrow('changed my mind');
    expect(await accessesAfter(since)).toEqual([
      {
        actor: 'operator:tester',
        organization_id: org,
        detail: 'test: link then fail [refused: Error: changed my mind]',
      },
    ]);
    expect(
      await asOwner(`SELECT count(*)::int AS n FROM organization_courses WHERE organization_id = $1`, [org]),
    ).toEqual(links);
  });

  it('a refused addCourse (organization not found) is audited too', async () => {
    const since = await lastAuditId();
    const missing = other + 1_000_000;
    await expect(operator(() => orgs.addCourse(missing, 'course-v1:entryOrg+b+1'))).rejects.toThrow();
    // The registry check runs first, in the caller's own transaction: no organization was entered.
    expect(await accessesAfter(since)).toEqual([]);
    const refused = await lastAuditId();
    const access = suite.get(CrossOrganizationAccess);
    await expect(
      operator(() =>
        access.withinOrganization(missing, { actor: 'system', reason: 'test: no such organization' }, () =>
          orgs.addCourse(missing, 'course-v1:entryOrg+b+1'),
        ),
      ),
    ).rejects.toThrow();
    // An organization that does not exist is recorded as none (the reason names what was asked).
    expect(await accessesAfter(refused)).toEqual([
      {
        actor: 'system',
        organization_id: null,
        detail: expect.stringMatching(/^test: no such organization \[refused: /),
      },
    ]);
  });

  it('a member stays in its own tenant transaction (no cross-organization row) and cannot enter another', async () => {
    const since = await lastAuditId();
    expect(await within(org, () => orgs.addCourse(org, 'course-v1:entryOrg+c+1'))).toBe('created');
    expect(await accessesAfter(since)).toEqual([]);
    const access = suite.get(CrossOrganizationAccess);
    await expect(
      within(org, () =>
        access.withinOrganization(other, { actor: 'x', reason: 'widen' }, () => Promise.resolve('never')),
      ),
    ).rejects.toBeInstanceOf(TenantScopeWideningError);
  });

  it("the registry's writes refuse to run outside the audited path, before PostgreSQL would", async () => {
    const registry = suite.get(OrganizationsRepository);
    const row = { shortName: 'entryLoose', name: 'Loose', description: null, logoUrl: null };
    await expect(operator(() => registry.insertIfAbsent(row))).rejects.toThrow(/only inside CrossOrganizationAccess/);
    await expect(operator(() => registry.update(org, { name: 'x' }))).rejects.toThrow(/only inside/);
    await expect(operator(() => registry.bulkInsert([row], true))).rejects.toThrow(/only inside/);
    await expect(operator(() => registry.bulkReactivate([org]))).rejects.toThrow(/only inside/);
    const staged = suite.get(StagedOrganizationWrites);
    // Even on a connection that could write (the owner's), the staged writes refuse outside the path.
    const client = new Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      await client.query(`CREATE TEMP TABLE staged (org text, short_name text)`);
      await client.query(`INSERT INTO staged VALUES ('entryloose', 'entryLoose')`);
      await expect(staged.insertOrganizations(client, { organizations: 'staged' }, true)).rejects.toThrow(
        /only inside/,
      );
    } finally {
      await client.end();
    }
    expect(await asOwner(`SELECT 1 FROM organizations WHERE short_name = 'entryLoose'`)).toEqual([]);
  });

  it('registry writes (add, update, deactivate) take the audited path and record their own act', async () => {
    const since = await lastAuditId();
    const added = await operator(() => orgs.add({ shortName: 'entryNew', name: 'New' }));
    await operator(() => orgs.update(added.id, { name: 'Renamed' }));
    await operator(() => orgs.deactivate(added.id));
    const rows = await asOwner<{ action: string; organization_id: number | null; detail: string | null }>(
      `SELECT action, organization_id, detail FROM audit_trail WHERE id > $1 ORDER BY id`,
      [since],
    );
    expect(rows).toEqual([
      { action: 'organization.create', organization_id: added.id, detail: null },
      { action: 'cross_organization.access', organization_id: null, detail: 'organizations: add entryNew' },
      { action: 'organization.update', organization_id: added.id, detail: 'changed name' },
      {
        action: 'cross_organization.access',
        organization_id: null,
        detail: `organizations: update organization ${added.id}`,
      },
      {
        action: 'cross_organization.access',
        organization_id: added.id,
        detail: `organizations: deactivate every link of organization ${added.id}`,
      },
      { action: 'organization.update', organization_id: added.id, detail: 'deactivated' },
      {
        action: 'cross_organization.access',
        organization_id: null,
        detail: `organizations: deactivate organization ${added.id}`,
      },
    ]);
  });
});
