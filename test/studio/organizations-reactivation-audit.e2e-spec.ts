import { asDatabaseOwner as sql, useTwoTenantApp } from '@mtl/testing';
import { StudioModule } from '../../apps/studio/src/studio.module';

const ORGS = '/api/organizations/v0/organizations';

/**
 * An operator's PUT that reactivates an organization writes into that organization's course
 * links: it goes through the audited cross-organization path, so it leaves an audit row.
 * And an organization's name must say something: only spaces is a 400 naming `name`.
 */
describe('Studio organizations API: audited reactivation, blank names', () => {
  const { as } = useTwoTenantApp(StudioModule, { signIn: ['operator'] });
  const put = (shortName: string, body: object) => as('operator').put(`${ORGS}/${shortName}/`, body);

  it(
    'reactivating through PUT reactivates the links and writes a cross-organization audit row ' + 'naming the operator',
    async () => {
      const [org] = await sql<{ id: number }>(
        `INSERT INTO organizations (name, short_name, active) VALUES ('Sleepy', 'sleepy', false) RETURNING id`,
      );
      await sql(
        `INSERT INTO organization_courses (organization_id, course_id, active) VALUES ($1, ` +
          `'course-v1:sleepy+c+r', false)`,
        [org.id],
      );
      const [{ count: before }] = await sql<{ count: string }>(
        `SELECT count(*) FROM audit_trail WHERE action = 'cross_organization.access'`,
      );

      await put('sleepy', { name: 'Sleepy Again', short_name: 'sleepy' }).expect(200);

      expect(await sql('SELECT active FROM organization_courses WHERE organization_id = $1', [org.id])).toEqual([
        { active: true },
      ]);
      const audit = await sql<{ actor: string; reason: string }>(
        `SELECT actor, detail AS reason FROM audit_trail WHERE action = 'cross_organization.access' ORDER BY id`,
      );
      // The registry write (global tables are operators' only) and the entry into the organization's links.
      expect(audit.length).toBe(Number(before) + 2);
      expect(audit.slice(-2)).toEqual([
        {
          actor: expect.stringMatching(/^operator:/),
          reason: `organizations: reactivate every link of organization ${org.id}`,
        },
        { actor: expect.stringMatching(/^operator:/), reason: 'organizations: create or update sleepy' },
      ]);
      const [entry] = await sql<{ organization_id: number }>(
        `SELECT organization_id FROM audit_trail WHERE action = 'cross_organization.access' AND ` +
          `detail LIKE 'organizations: reactivate every link%' ORDER BY id DESC LIMIT 1`,
      );
      expect(entry.organization_id).toBe(org.id);
    },
  );

  it('an update of an active organization is one audited registry write, and enters no organization', async () => {
    await put('steady', { name: 'Steady', short_name: 'steady' }).expect(201);
    const [{ count: before }] = await sql<{ count: string }>(
      `SELECT count(*) FROM audit_trail WHERE action = 'cross_organization.access'`,
    );
    await put('steady', { name: 'Steady Still', short_name: 'steady' }).expect(200);
    const audit = await sql<{ reason: string }>(
      `SELECT detail AS reason FROM audit_trail WHERE action = 'cross_organization.access' ORDER BY id`,
    );
    expect(audit.length).toBe(Number(before) + 1);
    expect(audit[audit.length - 1].reason).toBe('organizations: create or update steady');
  });

  it.each(['   ', '\t \n'])(
    'refuses a name of only white space (%j) with a 400 naming name, and stores nothing',
    async (name) => {
      const res = await put('blank', { name, short_name: 'blank' }).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain('name');
      expect(await sql(`SELECT id FROM organizations WHERE lower(short_name) = 'blank'`)).toEqual([]);
    },
  );
});
