import { TestingModule } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { inOrganization } from '@mtl/testing';
import {
  checkTenantCatalogue,
  CrossOrganizationAccess,
  TenantContext,
  TenantContextMissingError,
  TenantScopeWideningError,
  TenantTransactions,
} from '@mtl/tenancy';
import {
  asOwner,
  seedTwoOrganizations,
  TwoOrganizations,
  UsersProbeRepository,
  usersProbeModule,
} from './tenancy-fixture';

describe('tenant isolation', () => {
  let moduleRef: TestingModule;
  let context: TenantContext;
  let transactions: TenantTransactions;
  let users: UsersProbeRepository;
  let orgs: TwoOrganizations;

  /** Runs `fn` in a fresh context entered for one organization. */
  const as = <T>(organizationId: number, fn: () => Promise<T>) => inOrganization(context, organizationId, fn);

  beforeAll(async () => {
    // One pooled connection: every transaction below reuses the same server session.
    moduleRef = await usersProbeModule();
    context = moduleRef.get(TenantContext);
    transactions = moduleRef.get(TenantTransactions);
    users = moduleRef.get(UsersProbeRepository);
    orgs = await seedTwoOrganizations();
    // Each organization's user is a member: the raw reads below run where both have rows.
    for (const org of [orgs.a, orgs.b]) {
      await asOwner(
        `INSERT INTO organization_memberships (organization_id, user_id, role) VALUES ($1, $2, 'learner')`,
        [org.id, org.userId],
      );
    }
  });

  afterAll(async () => {
    await moduleRef.close();
  });

  describe('(a) tenant repositories give organization B nothing of A', () => {
    it('lists, finds and counts only B rows', async () => {
      const listed = await as(orgs.b.id, () => users.find());
      expect(listed.map((u) => u.id)).toEqual([orgs.b.userId]);
      expect(await as(orgs.b.id, () => users.findOneBy({ id: orgs.a.userId }))).toBeNull();
      expect(await as(orgs.b.id, () => users.countBy({ email: 'same@example.com' }))).toBe(1);
    });

    it('cannot update or delete A rows, and writes land in B whatever the caller says', async () => {
      expect(await as(orgs.b.id, () => users.update({ id: orgs.a.userId }, { name: 'hijacked' }))).toBe(0);
      expect(await as(orgs.b.id, () => users.delete({ id: orgs.a.userId }))).toBe(0);
      const created = await as(orgs.b.id, () =>
        users.insert({ organizationId: orgs.a.id, email: 'new@example.com', name: 'New', passwordHash: 'x' }),
      );
      expect(created.organizationId).toBe(orgs.b.id);
      const [a] = await asOwner<{ name: string }>('SELECT name FROM users WHERE id = $1', [orgs.a.userId]);
      expect(a.name).toBe('same@example.com');
    });
  });

  describe('(b) with the application filter bypassed, row-level security alone holds', () => {
    it('raw SQL under B sees, changes and deletes nothing of A', async () => {
      await as(orgs.b.id, () =>
        transactions.run(async (m) => {
          const rows = await m.query('SELECT organization_id FROM users');
          expect(rows.every((r: { organization_id: number }) => r.organization_id === orgs.b.id)).toBe(true);
          expect(rows.length).toBeGreaterThan(0);
          const count = async (sql: string) =>
            (
              await m.query(`WITH changed AS (${sql} RETURNING id) SELECT count(*)::int AS n FROM changed`, [orgs.a.id])
            )[0].n;
          expect(await count(`UPDATE users SET name = 'x' WHERE organization_id = $1`)).toBe(0);
          expect(await count('DELETE FROM users WHERE organization_id = $1')).toBe(0);
        }),
      );
    });

    it('raw SQL under B cannot insert a row into A', async () => {
      await expect(
        as(orgs.b.id, () =>
          transactions.run((m) =>
            m.query(`INSERT INTO users (organization_id, email, name, password_hash) VALUES ($1, 'x@a', 'x', 'x')`, [
              orgs.a.id,
            ]),
          ),
        ),
      ).rejects.toThrow(/row-level security/);
    });

    it('runs as a role that is neither superuser nor owner', async () => {
      const [who] = await as(orgs.b.id, () =>
        transactions.run((m) =>
          m.query('SELECT current_user AS role, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user'),
        ),
      );
      expect(who).toEqual({ role: 'mtl_app', rolsuper: false, rolbypassrls: false });
    });
  });

  describe('(c) with no organization in the context, tenant data is out of reach', () => {
    it('repositories fail loudly', async () => {
      await expect(context.runInNewContext(() => users.find())).rejects.toBeInstanceOf(TenantContextMissingError);
      await expect(users.find()).rejects.toBeInstanceOf(TenantContextMissingError);
      await expect(
        context.runInNewContext(() => users.insert({ email: 'y@example.com', name: 'y', passwordHash: 'x' })),
      ).rejects.toBeInstanceOf(TenantContextMissingError);
    });

    it('even raw SQL returns no rows and writes nothing', async () => {
      await context.runInNewContext(() =>
        transactions.run(async (m) => {
          expect(await m.query('SELECT * FROM users')).toEqual([]);
          expect(await m.query('SELECT * FROM organization_memberships')).toEqual([]);
          await expect(
            m.query(`INSERT INTO users (organization_id, email, name, password_hash) VALUES ($1, 'z@a', 'z', 'x')`, [
              orgs.a.id,
            ]),
          ).rejects.toThrow(/row-level security/);
        }),
      );
    });
  });

  describe('(d) a pooled connection reused after A carries nothing into B', () => {
    it('the next transaction on the same connection sees only its own scope', async () => {
      const [pidA] = await as(orgs.a.id, () =>
        transactions.run((m) =>
          m.query('SELECT pg_backend_pid() AS pid, current_setting($1, true) AS orgs', ['mtl.readable_orgs']),
        ),
      );
      expect(pidA.orgs).toBe(`{${orgs.a.id}}`);
      const [afterA] = await transactions.run((m) =>
        m.query('SELECT pg_backend_pid() AS pid, current_user AS role, current_setting($1, true) AS orgs', [
          'mtl.readable_orgs',
        ]),
      );
      expect(afterA.pid).toBe(pidA.pid);
      expect(afterA.orgs).toBe('');
      const seenByB = await as(orgs.b.id, () =>
        transactions.run((m) => m.query('SELECT pg_backend_pid() AS pid, organization_id FROM users')),
      );
      expect(
        seenByB.every(
          (r: { pid: number; organization_id: number }) => r.pid === pidA.pid && r.organization_id === orgs.b.id,
        ),
      ).toBe(true);
    });

    it('a rolled-back transaction of A leaves nothing behind either', async () => {
      await expect(
        as(orgs.a.id, () => transactions.run(async () => Promise.reject(new Error('boom')))),
      ).rejects.toThrow('boom');
      const [state] = await transactions.run((m) =>
        m.query(`SELECT current_user AS role, current_setting('mtl.writable_org', true) AS w`),
      );
      expect(state.w).toBe('');
    });
  });

  describe('scope narrows, never widens', () => {
    it('reads several organizations but writes none unless granted', async () => {
      await context.runInNewContext(async () => {
        context.restrictReadTo([orgs.a.id, orgs.b.id]);
        expect((await users.find()).length).toBeGreaterThanOrEqual(2);
        await expect(users.insert({ email: 'w@example.com', name: 'w', passwordHash: 'x' })).rejects.toBeInstanceOf(
          TenantContextMissingError,
        );
      });
    });

    it('never lets a narrowed-away write come back as another organization', async () => {
      await context.runInNewContext(() => {
        context.restrictReadTo([orgs.a.id, orgs.b.id]);
        context.grantWrite(orgs.b.id);
        expect(() => context.enterOrganization(orgs.a.id)).toThrow(TenantScopeWideningError);
        expect(context.scope?.writable).toBeNull();
        return Promise.resolve();
      });
    });

    it('refuses to widen reads or to move writes', async () => {
      await context.runInNewContext(async () => {
        context.enterOrganization(orgs.a.id);
        expect(() => context.grantWrite(orgs.b.id)).toThrow(TenantScopeWideningError);
        context.restrictReadTo([orgs.a.id, orgs.b.id]);
        expect(context.scope?.readable).toEqual([orgs.a.id]);
        expect((await users.find()).every((u) => u.organizationId === orgs.a.id)).toBe(true);
      });
    });
  });

  describe('the explicit cross-organization path', () => {
    it('reads every organization, is audited, and leaves the caller scope as it was', async () => {
      const access = moduleRef.get(CrossOrganizationAccess);
      await as(orgs.b.id, async () => {
        const all = await access.acrossOrganizations({ actor: 'test', reason: 'prove the audited path' }, (m) =>
          m.query('SELECT DISTINCT organization_id FROM users ORDER BY 1'),
        );
        expect(all.map((r: { organization_id: number }) => r.organization_id)).toEqual(
          [orgs.a.id, orgs.b.id].sort((x, y) => x - y),
        );
        expect((await users.find()).every((u) => u.organizationId === orgs.b.id)).toBe(true);
      });
      const audit = await asOwner<{ actor: string; reason: string }>(
        "SELECT actor, detail AS reason FROM audit_trail WHERE action = 'cross_organization.access'",
      );
      expect(audit).toContainEqual({ actor: 'test', reason: 'prove the audited path' });
      await expect(access.acrossOrganizations({ actor: '', reason: 'x' }, () => Promise.resolve(1))).rejects.toThrow(
        /actor and a reason/,
      );
    });
  });

  describe('cache keys of tenant data', () => {
    it('need an organization the context may read', async () => {
      await as(orgs.a.id, () => {
        expect(context.cacheKey(orgs.a.id, 'catalog', 1)).toBe(`org:${orgs.a.id}:catalog:1`);
        expect(() => context.cacheKey(orgs.b.id, 'catalog')).toThrow(TenantScopeWideningError);
        expect(() => context.cacheKey(undefined, 'catalog')).toThrow(TenantContextMissingError);
        return Promise.resolve();
      });
      await context.runInNewContext(() => {
        expect(() => context.cacheKey(orgs.a.id, 'catalog')).toThrow(TenantContextMissingError);
        return Promise.resolve();
      });
    });
  });

  describe('the catalogue check', () => {
    it('passes on the migrated schema', async () => {
      expect(await checkTenantCatalogue(moduleRef.get<DataSource>(getDataSourceToken()))).toEqual([]);
    });

    it('fails for a tenant table without forced RLS, policies or organization_id in its keys', async () => {
      await asOwner(
        `CREATE TABLE careless_notes (id serial PRIMARY KEY, organization_id integer NOT NULL, ` +
          `body text, UNIQUE (body))`,
      );
      try {
        const problems = await checkTenantCatalogue(moduleRef.get<DataSource>(getDataSourceToken()));
        expect(problems).toEqual(
          expect.arrayContaining([
            'careless_notes: row-level security is not enabled',
            'careless_notes: row-level security is not forced',
            'careless_notes: has no row-level security policy',
            'careless_notes: primary key careless_notes_pkey does not include organization_id',
            'careless_notes: unique key careless_notes_body_key does not include organization_id',
          ]),
        );
      } finally {
        await asOwner('DROP TABLE careless_notes');
      }
    });
  });
});
