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

  it('reactivating through PUT reactivates the links and writes a cross-organization audit row naming the operator', async () => {
    const [org] = await sql<{ id: number }>(
      `INSERT INTO organizations (name, short_name, active) VALUES ('Sleepy', 'sleepy', false) RETURNING id`,
    );
    await sql(
      `INSERT INTO organization_courses (organization_id, course_id, active) VALUES ($1, 'course-v1:sleepy+c+r', false)`,
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
    expect(audit.length).toBe(Number(before) + 1);
    expect(audit[audit.length - 1]).toEqual({
      actor: expect.stringMatching(/^operator:/),
      reason: `organizations: reactivate every link of organization ${org.id}`,
    });
  });

  it('an update of an active organization touches no other organization: no audit row', async () => {
    await put('steady', { name: 'Steady', short_name: 'steady' }).expect(201);
    const [{ count: before }] = await sql<{ count: string }>(
      `SELECT count(*) FROM audit_trail WHERE action = 'cross_organization.access'`,
    );
    await put('steady', { name: 'Steady Still', short_name: 'steady' }).expect(200);
    const [{ count: after }] = await sql<{ count: string }>(
      `SELECT count(*) FROM audit_trail WHERE action = 'cross_organization.access'`,
    );
    expect(after).toBe(before);
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
