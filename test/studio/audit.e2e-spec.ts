import { asDatabaseOwner, bearerClient, queryAsTenant, studioTokenFor, useTwoTenantApp } from '@mtl/testing';
import { StudioModule } from '../../apps/studio/src/studio.module';

const AUDIT = '/api/admin/audit';

interface Entry {
  id: string;
  at: string;
  actor: string;
  action: string;
  organization: string | null;
  target: string | null;
  detail: string | null;
  request_id: string | null;
}

describe('Studio audit trail', () => {
  const suite = useTwoTenantApp(StudioModule, { signIn: ['operator', 'adminA'] });
  const { t, as, http } = suite;
  const entries = async (query = ''): Promise<Entry[]> =>
    (await as('operator').get(`${AUDIT}?page_size=100${query}`).expect(200)).body.results;

  it(
    'records every operator write with who, what, which organization, the target, when and ' + 'the request id',
    async () => {
      const started = Date.now();
      const me = `operator:${t.operator.id}`;
      await as('operator')
        .put(`/api/organizations/v0/organizations/AuditOrg`, { name: 'Audit Org', short_name: 'AuditOrg' })
        .set('x-request-id', 'audit-org-put')
        .expect(201);
      await as('operator')
        .put(`/api/organizations/v0/organizations/AuditOrg`, { name: 'Audit Org 2', short_name: 'AuditOrg' })
        .expect(200);
      await as('operator')
        .post('/api/admin/sites', { domain: 'audit.example.com', organization: 'AuditOrg' })
        .set('x-request-id', 'audit-site')
        .expect(201);
      await as('operator')
        .put('/api/admin/sites/audit.example.com/configuration', { enabled: false, site_values: { a: 1 } })
        .expect(200);
      await as('operator')
        .post('/api/admin/backfill', { apply: false, inactive: false, keys: ['course-v1:AuditOrg+x+y'] })
        .expect(202);
      await as('operator')
        .post('/api/courses', { org: 'AuditOrg', number: 'A1', run: 'R', display_name: 'Audited' })
        .set('x-request-id', 'audit-course')
        .expect(201);

      const writes = (await entries()).filter((e) => e.action !== 'cross_organization.access').reverse();
      expect(writes.map((e) => [e.actor, e.action, e.organization, e.target])).toEqual([
        [me, 'organization.create', 'AuditOrg', 'AuditOrg'],
        [me, 'organization.update', 'AuditOrg', 'AuditOrg'],
        [me, 'site.create', 'AuditOrg', 'audit.example.com'],
        [me, 'site.configure', 'AuditOrg', 'audit.example.com'],
        [me, 'backfill.start', null, expect.stringMatching(/^job [0-9a-f-]{36}$/)],
        [me, 'course.create', 'AuditOrg', 'course-v1:AuditOrg+A1+R'],
      ]);
      expect(writes.map((e) => e.request_id)).toEqual([
        'audit-org-put',
        expect.any(String),
        'audit-site',
        expect.any(String),
        expect.any(String),
        'audit-course',
      ]);
      for (const entry of writes) expect(new Date(entry.at).getTime()).toBeGreaterThanOrEqual(started - 5_000);
    },
  );

  it(
    "records an organization admin's changes to members, in the organization, and nothing for " + 'a refused change',
    async () => {
      const created = await as('adminA')
        .post('/api/organization/members', { email: 'audited@example.com', name: 'Audited', role: 'author' })
        .expect(201);
      await as('adminA')
        .patch(`/api/organization/members/${created.body.id}`, { role: 'admin', active: false })
        .expect(200);
      await as('adminA')
        .delete(`/api/organization/members/${created.body.id}`)
        .set('x-request-id', 'audit-remove')
        .expect(204);
      await as('adminA').patch(`/api/organization/members/${t.a.admin.id}`, { role: 'author' }).expect(409);
      const rows = await entries(`&organization=${t.a.shortName.toLowerCase()}`);
      expect(rows.map((e) => [e.actor, e.action, e.organization, e.target, e.detail])).toEqual([
        [`admin:${t.a.admin.id}`, 'member.remove', t.a.shortName, created.body.id, null],
        [`admin:${t.a.admin.id}`, 'member.update', t.a.shortName, created.body.id, 'role=admin, active=false'],
        [`admin:${t.a.admin.id}`, 'member.create', t.a.shortName, created.body.id, 'role=author'],
      ]);
      expect(rows[0].request_id).toBe('audit-remove');
    },
  );

  it('filters by organization and action, paginates, and refuses bad filters with a 400', async () => {
    const courses = await as('operator').get(`${AUDIT}?action=course.create`).expect(200);
    expect(courses.body.results.every((e: Entry) => e.action === 'course.create')).toBe(true);
    expect(courses.body.count).toBeGreaterThan(0);
    expect((await as('operator').get(`${AUDIT}?organization=${t.b.shortName}`).expect(200)).body).toMatchObject({
      count: 0,
      results: [],
    });
    expect((await as('operator').get(`${AUDIT}?organization=AuditOrg&action=site.create`).expect(200)).body.count).toBe(
      1,
    );
    const first = await as('operator').get(`${AUDIT}?page_size=1`).expect(200);
    expect(first.body.results).toHaveLength(1);
    expect(new URL(first.body.next).searchParams.get('page')).toBe('2');
    for (const [query, field] of [
      ['action=course.delete', 'action'],
      ['organization=bad%20org', 'organization'],
      ['page_size=0', 'page_size'],
      ['page_size=101', 'page_size'],
      ['page_size=-1', 'page_size'],
      ['page_size=abc', 'page_size'],
    ]) {
      const res = await as('operator').get(`${AUDIT}?${query}`).expect(400);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
  });

  it('is for operators only; each read is itself recorded as a cross-organization access', async () => {
    await as('adminA').get(AUDIT).expect(403);
    await bearerClient(suite.app, await studioTokenFor(t.b.author, t.b, suite.app))
      .get(AUDIT)
      .expect(403);
    await http().get(AUDIT).expect(401);
    await as('operator').get(`${AUDIT}?action=member.update`).expect(200);
    const [read] = await asDatabaseOwner<{ actor: string; detail: string }>(
      `SELECT actor, detail FROM audit_trail WHERE action = 'cross_organization.access' ORDER BY id DESC LIMIT 1`,
    );
    expect(read).toEqual({ actor: `operator:${t.operator.id}`, detail: 'audit: read the audit trail (member.update)' });
  });

  it(
    'cannot be read, changed or emptied by a tenant transaction, even with raw SQL (row-level ' +
      'security and grants)',
    async () => {
      const total = (await asDatabaseOwner<{ n: number }>(`SELECT count(*)::int AS n FROM audit_trail`))[0].n;
      expect(total).toBeGreaterThan(0);
      const asTenant = (sql: string) => queryAsTenant(suite.app, t.a.id, sql);
      expect(await asTenant(`SELECT * FROM audit_trail`)).toEqual([]);
      await expect(asTenant(`UPDATE audit_trail SET actor = 'someone else'`)).rejects.toThrow(/permission denied/);
      await expect(asTenant(`DELETE FROM audit_trail`)).rejects.toThrow(/permission denied/);
      // A tenant may record about its own organization only.
      await expect(
        asTenant(`INSERT INTO audit_trail (actor, action, organization_id) VALUES ('x', 'member.create', ${t.b.id})`),
      ).rejects.toThrow(/row-level security/);
      expect((await asDatabaseOwner<{ n: number }>(`SELECT count(*)::int AS n FROM audit_trail`))[0].n).toBe(total);
    },
  );
});
