import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { asDatabaseOwner, createHttpTestApp, runCli } from '@mtl/testing';
import { DatabaseConfig, loadConcern } from '@mtl/config';
import { StudioModule } from '../../apps/studio/src/studio.module';

/** Runs `npm run cli -- …` as `npm start` does, against this file's database. */
const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli(args, { env });
const sql = asDatabaseOwner;

/** Every row the seed may write, with what must not change between runs. */
const snapshot = () =>
  Promise.all([
    sql(`SELECT id, short_name, name, active, modified FROM organizations ORDER BY id`),
    sql<{
      email: string;
      organization_id: number;
      role: string;
      active: boolean;
    }>(`SELECT u.id, u.email, u.organization_id, u.password_hash, m.role, m.active FROM users u
           JOIN organization_memberships m ON m.user_id = u.id AND m.organization_id = u.organization_id ORDER BY
             u.email, u.organization_id`),
    sql(`SELECT id, email, password_hash, active FROM operators ORDER BY id`),
    sql(
      `SELECT s.domain, s.version, c.enabled, c.site_values FROM sites s JOIN ` +
        `site_configurations c ON c.site_id = s.id ORDER BY s.id`,
    ),
    sql(`SELECT organization_id, course_key, catalog_visibility, published, modified FROM course_runs ORDER BY id`),
  ]);

describe('cli seed:demo', () => {
  it('refuses NODE_ENV=production with one line and writes nothing', async () => {
    const { DATABASE_APP_URL, DATABASE_CROSS_ORG_URL } = loadConcern(DatabaseConfig);
    const result = await cli(['seed:demo'], {
      NODE_ENV: 'production',
      JWT_SECRET: 'a-long-enough-production-secret',
      DATABASE_APP_URL,
      DATABASE_CROSS_ORG_URL,
    });
    expect(result.stderr).toBe(
      'error: seed:demo refuses to run with NODE_ENV=production: the demo accounts have public passwords\n',
    );
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    const [{ count }] = await sql<{ count: number }>(`SELECT count(*)::int AS count FROM organizations`);
    expect(count).toBe(0);
  });

  describe('run twice', () => {
    let first: Awaited<ReturnType<typeof cli>>;
    let afterFirst: Awaited<ReturnType<typeof snapshot>>;
    let second: Awaited<ReturnType<typeof cli>>;
    let afterSecond: Awaited<ReturnType<typeof snapshot>>;

    beforeAll(async () => {
      first = await cli(['seed:demo']);
      afterFirst = await snapshot();
      second = await cli(['seed:demo']);
      afterSecond = await snapshot();
    }, 90_000);

    it('creates two organizations, three members in each and one operator', () => {
      expect(first.stderr).toBe('');
      expect(first.status).toBe(0);
      const [organizations, users, operators] = afterFirst;
      expect(organizations).toEqual([
        expect.objectContaining({ short_name: 'MITx', name: 'MIT', active: true }),
        expect.objectContaining({ short_name: 'HarvardX', name: 'Harvard', active: true }),
      ]);
      const [mit, harvard] = organizations as { id: number }[];
      expect(users.map((u) => [u.email, u.organization_id, u.role, u.active])).toEqual([
        ['admin@harvardx.demo', harvard.id, 'admin', true],
        ['admin@mitx.demo', mit.id, 'admin', true],
        ['author@harvardx.demo', harvard.id, 'author', true],
        ['author@mitx.demo', mit.id, 'author', true],
        ['learner@harvardx.demo', harvard.id, 'learner', true],
        ['learner@mitx.demo', mit.id, 'learner', true],
      ]);
      expect(operators).toEqual([expect.objectContaining({ email: 'operator@platform.demo', active: true })]);
      const sites = afterFirst[3] as { domain: string; enabled: boolean; site_values: Record<string, unknown> }[];
      expect(sites.map((site) => [site.domain, site.enabled, site.site_values.course_org_filter ?? null])).toEqual([
        ['localhost', true, null],
        ['mitx.localhost', true, 'MITx'],
        ['harvardx.localhost', true, 'HarvardX'],
      ]);
      expect(sites[1].site_values.platform_name).toBe('MITx Online');
      expect(first.stdout).toMatch(/^\s+MITx\s+MIT\s+id=\d+\s+created$/m);
      expect(first.stdout).toMatch(/^\s+operator@platform\.demo\s+demo-operator-pass\s+-\s+operator\s+created$/m);
    });

    it('changes nothing the second time, passwords included, and says so', () => {
      expect(second.stderr).toBe('');
      expect(second.status).toBe(0);
      expect(afterSecond).toEqual(afterFirst);
      expect(second.stdout).not.toMatch(/created|reactivated/);
      // … + one enrollment per demo learner
      expect(second.stdout.match(/ exists$/gm)).toHaveLength(2 + 3 + 7 + 2 * 6 + 2);
    });

    it(
      'seeds each organization with courses through the authoring service: linked, some ' +
        'unpublished, about or none',
      async () => {
        const organizations = afterFirst[0] as { id: number; short_name: string }[];
        for (const organization of organizations) {
          const courses = await sql<{ course_key: string; catalog_visibility: string; published: boolean }>(
            `SELECT course_key, catalog_visibility, published FROM course_runs WHERE ` +
              `organization_id = $1 ORDER BY course_key`,
            [organization.id],
          );
          expect(courses.every((c) => c.course_key.startsWith(`course-v1:${organization.short_name}+`))).toBe(true);
          expect(courses.filter((c) => c.published && c.catalog_visibility === 'both').length).toBeGreaterThanOrEqual(
            2,
          );
          expect(courses.filter((c) => !c.published)).toHaveLength(1);
          expect(courses.filter((c) => c.catalog_visibility === 'about')).toHaveLength(1);
          expect(courses.filter((c) => c.catalog_visibility === 'none')).toHaveLength(1);
          const links = await sql<{ course_id: string }>(
            `SELECT course_id FROM organization_courses WHERE organization_id = $1 AND active ORDER BY course_id`,
            [organization.id],
          );
          expect(links.map((l) => l.course_id)).toEqual(courses.map((c) => c.course_key));
        }
        expect(first.stdout).toMatch(/^\s+course-v1:MITx\+CS101\+2026_T1\s+both\s+published\s+created$/m);
      },
    );

    it('prints author credentials that sign in to Studio, and the curl lines to do it', async () => {
      const [, email, password, organization] =
        /^\s+(author@mitx\.demo)\s+(\S+)\s+(MITx)\s+author\s+exists$/m.exec(second.stdout) ?? [];
      expect(password).toBe('demo-author-pass');
      expect(second.stdout).toContain(
        `-d '{"email":"author@mitx.demo","password":"demo-author-pass","organization":"MITx"}'`,
      );
      expect(second.stdout).toContain('/api/me -H "authorization: Bearer $TOKEN"');

      const app: NestFastifyApplication = await createHttpTestApp(StudioModule);
      try {
        const http = () => request(app.getHttpServer());
        const login = await http().post('/api/auth/login').send({ email, password, organization }).expect(200);
        const me = await http().get('/api/me').set('authorization', `Bearer ${login.body.access_token}`).expect(200);
        expect(me.body).toMatchObject({
          email: 'author@mitx.demo',
          role: 'author',
          organization: expect.objectContaining({ short_name: 'MITx' }),
        });
        // The printed course creation, as the demo author.
        const printed = new RegExp(
          String.raw`\/api\/courses -H "authorization: Bearer \$TOKEN" -H 'content-type: application\/json' ` +
            String.raw`\\\n\s+-d '([^']+)'`,
        );
        const [, body] = printed.exec(second.stdout) ?? [];
        const created = await http()
          .post('/api/courses')
          .set('authorization', `Bearer ${login.body.access_token}`)
          .send(JSON.parse(body))
          .expect(201);
        expect(created.body).toMatchObject({ course_key: 'course-v1:MITx+NEW101+2026_T3', published: false });
        await http()
          .post('/api/auth/login')
          .send({ email: 'operator@platform.demo', password: 'demo-operator-pass' })
          .expect(200);
      } finally {
        await app.close();
      }
    });
  });

  describe('demo enrollments', () => {
    const enrollments = () =>
      sql<{
        email: string;
        course_key: string;
        is_active: boolean;
      }>(`SELECT u.email, c.course_key, e.is_active FROM enrollments e
         JOIN users u ON u.organization_id = e.organization_id AND u.id = e.user_id
         JOIN course_runs c ON c.organization_id = e.organization_id AND c.id = e.course_run_id ORDER BY u.email`);

    it("enrolls each demo learner in their organization's first listed course, once", async () => {
      const run = await cli(['seed:demo']);
      expect(run.status).toBe(0);
      // The first listed (published, visibility `both`) demo course of each organization, by key.
      const firstListed = await sql<{ email: string; course_key: string }>(
        `SELECT u.email, min(c.course_key) AS course_key FROM users u
           JOIN course_runs c ON c.organization_id = u.organization_id AND c.published AND c.catalog_visibility = 'both'
          WHERE u.email LIKE 'learner@%.demo' GROUP BY u.email ORDER BY u.email`,
      );
      expect(firstListed).toHaveLength(2);
      expect(await enrollments()).toEqual(firstListed.map((row) => ({ ...row, is_active: true })));
      const mitx = firstListed.find((row) => row.email === 'learner@mitx.demo')!.course_key;
      const escaped = mitx.replace(/[.+]/g, '\\$&');
      expect(run.stdout).toMatch(new RegExp(`^\\s+learner@mitx\\.demo\\s+${escaped}\\s+(created|exists)$`, 'm'));
      expect(run.stdout).toContain('curl -s http://mitx.localhost:3000/api/courses');
      expect(run.stdout).toContain('curl -s http://harvardx.localhost:3000/api/courses');

      // A learner who left is left as they are.
      await sql(`UPDATE enrollments SET is_active = false`);
      const again = await cli(['seed:demo']);
      expect(again.stdout).toMatch(new RegExp(`^\\s+learner@mitx\\.demo\\s+${escaped}\\s+exists$`, 'm'));
      expect(await enrollments()).toEqual(firstListed.map((row) => ({ ...row, is_active: false })));
    }, 60_000);
  });
});
