/**
 * An operator's Studio calls that read or write one organization's courses enter it through
 * CrossOrganizationAccess (docs/adr/0013): each leaves a `cross_organization.access` row naming the
 * organization, a refused one too; a member's own calls stay in their tenant transaction.
 */
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import {
  asDatabaseOwner,
  bearerClient,
  createHttpTestApp,
  seedTwoTenants,
  studioToken,
  studioTokenFor,
  TwoTenants,
} from '@mtl/testing';
import { StudioModule } from '../../apps/studio/src/studio.module';

const COURSES = '/api/courses';
const path = (key: string) => `${COURSES}/${encodeURIComponent(key)}`;

interface AccessRow {
  actor: string;
  organization_id: number | null;
  detail: string;
}

const lastAuditId = async () =>
  (await asDatabaseOwner<{ id: number }>(`SELECT coalesce(max(id), 0)::int AS id FROM audit_trail`))[0].id;
const accessesAfter = (id: number) =>
  asDatabaseOwner<AccessRow>(
    `SELECT actor, organization_id, detail FROM audit_trail WHERE action = ` +
      `'cross_organization.access' AND id > $1 ORDER BY id`,
    [id],
  );

describe("Studio: an operator's entry into one organization is audited", () => {
  let app: NestFastifyApplication;
  let t: TwoTenants;
  let operator: ReturnType<typeof bearerClient>;
  let author: ReturnType<typeof bearerClient>;
  let me: string;

  beforeAll(async () => {
    app = await createHttpTestApp(StudioModule);
    t = await seedTwoTenants(app.get(DataSource));
    operator = bearerClient(app, await studioToken(app, { email: t.operator.email, password: t.operator.password }));
    author = bearerClient(app, await studioTokenFor(t.a.author, t.a, app));
    me = `operator:${t.operator.id}`;
  });

  afterAll(async () => {
    await app.close();
  });

  it('creating, reading and changing a course of an organization each leave a row naming it', async () => {
    const key = `course-v1:${t.a.shortName}+OP1+R`;
    let since = await lastAuditId();
    await operator.post(COURSES, { org: t.a.shortName, number: 'OP1', run: 'R', display_name: 'Op' }).expect(201);
    expect(await accessesAfter(since)).toEqual([
      { actor: me, organization_id: t.a.id, detail: `studio: create course ${key}` },
      { actor: me, organization_id: null, detail: `studio: create course OP1+R in ${t.a.shortName}` },
    ]);

    since = await lastAuditId();
    await operator.get(path(key)).expect(200);
    expect(await accessesAfter(since)).toEqual([
      { actor: me, organization_id: t.a.id, detail: `studio: read course ${key}` },
    ]);

    since = await lastAuditId();
    await operator.patch(path(key), { published: true }).expect(200);
    expect((await accessesAfter(since)).map((row) => [row.organization_id, row.detail])).toEqual([
      [t.a.id, `studio: update course ${key}`],
      [null, `studio: update course ${key}`],
    ]);
  });

  it('a refused entry (no such course in that organization) is recorded after its rollback', async () => {
    const key = `course-v1:${t.b.shortName}+NOPE+R`;
    const since = await lastAuditId();
    await operator.patch(path(key), { published: true }).expect(404);
    const rows = await accessesAfter(since);
    expect(rows.map((row) => row.organization_id)).toEqual([null]);
    expect(rows[0].detail).toMatch(new RegExp(`^studio: update course ${key.replace(/[+.]/g, '\\$&')} \\[refused: `));
  });

  it("a member's own course work enters nothing: no cross-organization row", async () => {
    const since = await lastAuditId();
    await author.post(COURSES, { org: t.a.shortName, number: 'MEM1', run: 'R', display_name: 'Mine' }).expect(201);
    await author.get(path(`course-v1:${t.a.shortName}+MEM1+R`)).expect(200);
    expect(await accessesAfter(since)).toEqual([]);
  });
});
