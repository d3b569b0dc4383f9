/**
 * Plays the attacker who got one statement of their own onto a request's connection (an
 * injection, a hand-built query): whatever they run there, the database itself keeps them in
 * their organization (docs/adr/0006). Each attempt runs in organization B's tenant transaction on
 * the request pool, exactly as a request's queries do, then looks for organization A's rows.
 */
import { TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { EntityManager } from 'typeorm';
import { User } from '@mtl/accounts';
import { CrossOrganizationAccess, TenancyModule, TenantContext, TenantTransactions } from '@mtl/tenancy';
import { createPlatformTestModule } from '@mtl/testing';
import { asOwner, seedTwoOrganizations, TwoOrganizations } from './tenancy-fixture';

/** Tenant tables and how to write a row of A into each (the owner writes the fixture). */
const TENANT_TABLES = [
  'users',
  'organization_memberships',
  'organization_courses',
  'course_runs',
  'libraries',
] as const;

describe('an attacker with SQL on a request connection', () => {
  let moduleRef: TestingModule;
  let context: TenantContext;
  let transactions: TenantTransactions;
  let orgs: TwoOrganizations;

  /** Runs `fn` in B's tenant transaction on the request pool; its error, if any, is returned. */
  const asB = <T>(fn: (m: EntityManager) => Promise<T>) =>
    context.runInNewContext(() => {
      context.enterOrganization(orgs.b.id);
      return transactions.run(fn);
    });

  /** What of A one transaction can see after `attack` ran in it (an attack that errors aborts it: null). */
  const seenOfA = (attack: (m: EntityManager) => Promise<unknown>) =>
    asB(async (m) => {
      await attack(m);
      const counts: Record<string, number> = {};
      for (const table of TENANT_TABLES) {
        const [row] = await m.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM ${table} WHERE organization_id = $1`,
          [orgs.a.id],
        );
        counts[table] = row.n;
      }
      return counts;
    });
  const nothing = Object.fromEntries(TENANT_TABLES.map((table) => [table, 0]));

  /** The error an attempt ends with (the attempt must fail). */
  const refusal = async (sql: string, params: unknown[] = []): Promise<string> => {
    try {
      await asB((m) => m.query(sql, params));
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error(`expected ${sql} to be refused`);
  };

  beforeAll(async () => {
    process.env.DATABASE_POOL_SIZE = '1'; // every attempt on the same server session, as on a busy pool
    moduleRef = await createPlatformTestModule({ imports: [TenancyModule, TypeOrmModule.forFeature([User])] });
    context = moduleRef.get(TenantContext);
    transactions = moduleRef.get(TenantTransactions);
    orgs = await seedTwoOrganizations();
    /** A membership, a course link, a course run and a library of one organization, written as the owner. */
    const seedRowsOf = async (organizationId: number, userId: string, role: string, keyPart: string, title: string) => {
      await asOwner(`INSERT INTO organization_memberships (organization_id, user_id, role) VALUES ($1, $2, $3)`, [
        organizationId,
        userId,
        role,
      ]);
      await asOwner(`INSERT INTO organization_courses (organization_id, course_id) VALUES ($1, $2)`, [
        organizationId,
        `course-v1:${keyPart}+run`,
      ]);
      await asOwner(`INSERT INTO course_runs (organization_id, course_key, display_name) VALUES ($1, $2, $3)`, [
        organizationId,
        `course-v1:${keyPart}+run`,
        title,
      ]);
      await asOwner(`INSERT INTO libraries (organization_id, library_key, title) VALUES ($1, $2, $3)`, [
        organizationId,
        `library-v1:${keyPart}`,
        title,
      ]);
    };
    await seedRowsOf(orgs.a.id, orgs.a.userId, 'admin', 'OrgA+secret', 'Secret');
    // B holds rows of its own in every tenant table: each attempt runs where both organizations have rows.
    await seedRowsOf(orgs.b.id, orgs.b.userId, 'learner', 'OrgB+own', 'Own');
    await asOwner(
      `INSERT INTO operators (email, name, password_hash) VALUES ('root@example.com', 'Root', '$argon2id$secret')`,
    );
  });

  afterAll(async () => {
    await moduleRef.close();
  });

  it('sees none of A to begin with, and logs in as mtl_app, which may become no one else', async () => {
    expect(await seenOfA(() => Promise.resolve())).toEqual(nothing);
    const [who] = await asB((m) =>
      m.query(`SELECT session_user AS login, current_user AS role, r.rolsuper, r.rolbypassrls,
                      ARRAY(SELECT b.rolname::text FROM pg_auth_members am JOIN pg_roles b ON b.oid = am.roleid WHERE
                        am.member = r.oid) AS member_of
               FROM pg_roles r WHERE r.rolname = session_user`),
    );
    expect(who).toEqual({ login: 'mtl_app', role: 'mtl_app', rolsuper: false, rolbypassrls: false, member_of: [] });
  });

  it('RESET ROLE gains nothing: the login itself is the runtime role', async () => {
    expect(await seenOfA((m) => m.query('RESET ROLE'))).toEqual(nothing);
    expect(await seenOfA((m) => m.query('SET ROLE NONE'))).toEqual(nothing);
    const [after] = await asB(async (m) => {
      await m.query('RESET ROLE');
      return m.query<{ role: string }[]>('SELECT current_user AS role');
    });
    expect(after.role).toBe('mtl_app');
  });

  it.each(['postgres', 'mtl_cross_org', 'pg_read_all_data', 'pg_write_all_data', 'pg_database_owner'])(
    'SET ROLE %s is refused',
    async (role) => {
      expect(await refusal(`SET ROLE ${role}`)).toMatch(/permission denied to set role/);
      expect(await refusal(`SELECT set_config('role', $1, true)`, [role])).toMatch(/permission denied to set role/);
    },
  );

  it('SET ROLE to the schema owner is refused', async () => {
    const [{ owner }] = await asOwner<{ owner: string }>(
      `SELECT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relname = 'users'`,
    );
    expect(await refusal(`SET ROLE "${owner}"`)).toMatch(/permission denied to set role/);
  });

  it.each(['postgres', 'mtl_cross_org'])('SET SESSION AUTHORIZATION %s is refused', async (role) => {
    expect(await refusal(`SET SESSION AUTHORIZATION ${role}`)).toMatch(
      /permission denied to set session authorization/,
    );
  });

  describe('set_config of every tenancy setting gains nothing', () => {
    const readableBoth = () => `{${[orgs.a.id, orgs.b.id].join(',')}}`;

    it.each([true, false])(
      'mtl.readable_orgs widened to A (transaction-local: %p) shows nothing at all',
      async (local) => {
        expect(
          await seenOfA((m) => m.query(`SELECT set_config('mtl.readable_orgs', $1, $2)`, [readableBoth(), local])),
        ).toEqual(nothing);
        const [row] = await asB(async (m) => {
          await m.query(`SELECT set_config('mtl.readable_orgs', $1, true)`, [readableBoth()]);
          return m.query<{ n: number }[]>('SELECT count(*)::int AS n FROM users');
        });
        expect(row.n).toBe(0); // a forged scope is no scope: not even B's own rows
      },
    );

    it('mtl.writable_org moved to A writes nothing into A', async () => {
      const message = await refusal(
        `WITH moved AS (SELECT set_config('mtl.writable_org', $1, true))
         INSERT INTO users (organization_id, email, name, password_hash) SELECT $1::int, 'x@a', 'x', 'x' FROM moved`,
        [String(orgs.a.id)],
      );
      expect(message).toMatch(/row-level security/);
      const changed = await asB(async (m) => {
        await m.query(`SELECT set_config('mtl.writable_org', $1, true)`, [String(orgs.a.id)]);
        const [, updated] = await m.query<[unknown, number]>(
          `UPDATE users SET name = 'hijacked' WHERE organization_id = $1`,
          [orgs.a.id],
        );
        const [, deleted] = await m.query<[unknown, number]>(`DELETE FROM course_runs WHERE organization_id = $1`, [
          orgs.a.id,
        ]);
        return { updated, deleted };
      });
      expect(changed).toEqual({ updated: 0, deleted: 0 });
    });

    it('mtl.cross_org (the old switch) and a copied or made-up signature show nothing', async () => {
      expect(await seenOfA((m) => m.query(`SELECT set_config('mtl.cross_org', 'on', true)`))).toEqual(nothing);
      expect(
        await seenOfA(async (m) => {
          // B's own valid signature, kept while the readable set is widened.
          await m.query(`SELECT set_config('mtl.readable_orgs', $1, true)`, [readableBoth()]);
        }),
      ).toEqual(nothing);
      expect(
        await seenOfA((m) =>
          m.query(
            `SELECT set_config('mtl.readable_orgs', $1, true), set_config('mtl.writable_org', ` +
              `$2, true), set_config('mtl.scope_signature', $3, true)`,
            [`{${orgs.a.id}}`, String(orgs.a.id), 'f'.repeat(64)],
          ),
        ),
      ).toEqual(nothing);
    });

    it('the signing key is out of reach', async () => {
      expect(await refusal('SELECT key FROM tenant_scope_key')).toMatch(/permission denied/);
      const [{ key }] = await asOwner<{ key: string }>(`SELECT encode(key, 'hex') AS key FROM tenant_scope_key`);
      const sources = await asB((m) =>
        m.query<{ prosrc: string }[]>(`SELECT prosrc FROM pg_proc WHERE proname LIKE 'mtl\\_%'`),
      );
      expect(sources.length).toBeGreaterThanOrEqual(4);
      for (const { prosrc } of sources) expect(prosrc).not.toContain(key);
    });
  });

  it('cannot read operators’ password hashes, make an operator, migrate, or forge the audit', async () => {
    expect(await refusal('SELECT password_hash FROM operators')).toMatch(/permission denied/);
    expect(await refusal('SELECT * FROM operators')).toMatch(/permission denied/);
    expect(
      await refusal(`INSERT INTO operators (email, name, password_hash) VALUES ('evil@example.com', 'Evil', 'x')`),
    ).toMatch(/permission denied/);
    expect(await refusal(`UPDATE operators SET password_hash = 'x'`)).toMatch(/permission denied/);
    expect(await refusal(`INSERT INTO schema_migrations (timestamp, name) VALUES (1, 'Evil1')`)).toMatch(
      /permission denied/,
    );
    expect(await refusal(`DELETE FROM schema_migrations`)).toMatch(/permission denied/);
    expect(
      await refusal(
        `INSERT INTO audit_trail (actor, action, detail) VALUES ('evil', 'cross_organization.access', 'cover')`,
      ),
    ).toMatch(/row-level security/);
    expect(await refusal(`DELETE FROM audit_trail`)).toMatch(/permission denied/);
    expect(await refusal(`UPDATE audit_trail SET detail = 'x'`)).toMatch(/permission denied/);
    const [visible] = await asB((m) => m.query<{ email: string }[]>('SELECT id, email, name, active FROM operators'));
    expect(visible.email).toBe('root@example.com'); // who the operators are is not secret; their hashes are
  });

  describe('cannot write a global table (organizations, sites, site configuration): operators only', () => {
    const attempts: [string, string][] = [
      ['organizations', `INSERT INTO organizations (name, short_name) VALUES ('Evil', 'evil')`],
      ['organizations', `UPDATE organizations SET name = 'Evil'`],
      ['organizations', `DELETE FROM organizations`],
      ['organizations', `TRUNCATE organizations CASCADE`],
      ['sites', `INSERT INTO sites (domain, name) VALUES ('evil.example.com', 'Evil')`],
      ['sites', `UPDATE sites SET version = version + 1`],
      ['sites', `DELETE FROM sites`],
      ['site_configurations', `INSERT INTO site_configurations (site_id, enabled) SELECT id, true FROM sites`],
      ['site_configurations', `UPDATE site_configurations SET enabled = true`],
      ['site_configurations', `DELETE FROM site_configurations`],
      ['organizations', `SELECT nextval(pg_get_serial_sequence('organizations', 'id'))`],
      ['sites', `SELECT nextval(pg_get_serial_sequence('sites', 'id'))`],
    ];

    it.each(attempts)('%s: %s is refused', async (_table, sql) => {
      expect(await refusal(sql)).toMatch(/permission denied/);
    });

    it('from an unscoped request transaction too (the main site, an operator before any entry)', async () => {
      for (const [, sql] of attempts) {
        await expect(context.runInNewContext(() => transactions.run((m) => m.query(sql)))).rejects.toThrow(
          /permission denied/,
        );
      }
    });

    it('still reads them (a site is resolved before any tenant is known)', async () => {
      const [row] = await asB((m) =>
        m.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM organizations WHERE id IN ($1, $2)`, [
          orgs.a.id,
          orgs.b.id,
        ]),
      );
      expect(row.n).toBe(2);
    });
  });

  it('records audit rows about its own organization only; an unscoped transaction records none', async () => {
    const insert = (organizationId: number | null) =>
      `INSERT INTO audit_trail (actor, action, organization_id) VALUES ('evil', ` +
      `'member.create', ${organizationId ?? 'NULL'})`;
    expect(await refusal(insert(orgs.a.id))).toMatch(/row-level security/);
    expect(await refusal(insert(null))).toMatch(/row-level security/);
    await asB((m) => m.query(insert(orgs.b.id))); // its own: allowed (an admin's change to members)
    const unscoped = (sql: string) => context.runInNewContext(() => transactions.run((m) => m.query(sql)));
    for (const organizationId of [orgs.a.id, orgs.b.id, null])
      await expect(unscoped(insert(organizationId))).rejects.toThrow(/row-level security/);
    expect(await asOwner(`SELECT organization_id FROM audit_trail WHERE actor = 'evil' ORDER BY id`)).toEqual([
      { organization_id: orgs.b.id },
    ]);
  });

  it('cannot change the schema or the row-level security', async () => {
    expect(await refusal('ALTER TABLE users DISABLE ROW LEVEL SECURITY')).toMatch(/must be owner/);
    expect(await refusal('DROP POLICY tenant_read ON users')).toMatch(/must be owner/);
    expect(
      await refusal(`CREATE OR REPLACE FUNCTION mtl_cross_org() RETURNS boolean LANGUAGE sql AS 'SELECT true'`),
    ).toMatch(/must be owner|permission denied/);
    expect(await refusal('CREATE TABLE evil (id int)')).toMatch(/permission denied/);
  });

  // A temporary object outlives the request on its pooled connection, and pg_temp is searched
  // first: a view named like a tenant table would sit in front of the next tenants' reads.
  it('cannot leave a temporary table, view or function in the session for the next request', async () => {
    expect(await refusal('CREATE TEMP VIEW users AS SELECT * FROM public.users')).toMatch(/permission denied/);
    expect(await refusal('CREATE TEMP TABLE stash (scope text)')).toMatch(/permission denied/);
    expect(await refusal(`CREATE FUNCTION pg_temp.stash() RETURNS text LANGUAGE sql AS 'SELECT 1::text'`)).toMatch(
      /permission denied/,
    );
  });
});

describe('the cross-organization path', () => {
  let moduleRef: TestingModule;
  let context: TenantContext;
  let access: CrossOrganizationAccess;

  beforeAll(async () => {
    moduleRef = await createPlatformTestModule({ imports: [TenancyModule] });
    context = moduleRef.get(TenantContext);
    access = moduleRef.get(CrossOrganizationAccess);
  });

  afterAll(async () => {
    await moduleRef.close();
  });

  it('runs on its own login, which sees every organization', async () => {
    const [who] = await access.acrossOrganizations({ actor: 'test', reason: 'who am I' }, (m) =>
      m.query<{ login: string; cross: boolean }[]>('SELECT session_user AS login, mtl_cross_org() AS cross'),
    );
    expect(who).toEqual({ login: 'mtl_cross_org', cross: true });
  });

  it('writes the global tables, which the request role may not', async () => {
    const written = await context.runInNewContext(() =>
      access.acrossOrganizations(
        { actor: 'operator:test', reason: 'test: a site and its configuration' },
        async (m) => {
          const [site] = await m.query<{ id: number }[]>(
            `INSERT INTO sites (domain, name) VALUES ('operators.example.com', 'Ops') RETURNING id`,
          );
          await m.query(`INSERT INTO site_configurations (site_id, enabled) VALUES ($1, true)`, [site.id]);
          await m.query(`UPDATE organizations SET modified = now() WHERE false`);
          await m.query(`DELETE FROM site_configurations WHERE site_id = $1`, [site.id]);
          await m.query(`DELETE FROM sites WHERE id = $1`, [site.id]);
          return site.id;
        },
      ),
    );
    expect(written).toEqual(expect.any(Number));
    expect(await asOwner(`SELECT 1 FROM sites WHERE domain = 'operators.example.com'`)).toEqual([]);
  });

  it('audits a refused use after its rollback, and keeps none of its work', async () => {
    await expect(
      context.runInNewContext(() =>
        access.acrossOrganizations(
          { actor: 'operator:refused', reason: 'organizations: a write that fails' },
          async (m) => {
            await m.query(`INSERT INTO organizations (name, short_name) VALUES ('Ghost', 'ghost')`);
            await m.query(`INSERT INTO organizations (name, short_name) VALUES ('Bad', 'not a short name')`);
          },
        ),
      ),
    ).rejects.toThrow(/organizations_short_name_chars/);
    expect(await asOwner(`SELECT 1 FROM organizations WHERE short_name = 'ghost'`)).toEqual([]);
    const rows = await asOwner<{ reason: string }>(
      `SELECT detail AS reason FROM audit_trail WHERE actor = 'operator:refused'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].reason).toMatch(
      /^organizations: a write that fails \[refused: QueryFailedError 23514: .*organizations_short_name_chars/,
    );
  });

  it('audits a use refused for want of an actor or a reason', async () => {
    await expect(
      access.acrossOrganizations({ actor: ' ', reason: 'nobody asked' }, () => Promise.resolve(1)),
    ).rejects.toThrow(/actor and a reason/);
    const rows = await asOwner<{ actor: string; reason: string }>(
      `SELECT actor, detail AS reason FROM audit_trail WHERE detail LIKE 'nobody asked%'`,
    );
    expect(rows).toEqual([{ actor: '(none)', reason: 'nobody asked [refused: needs an actor and a reason]' }]);
  });
});
