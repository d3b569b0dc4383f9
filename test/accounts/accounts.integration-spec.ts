import * as argon2 from 'argon2';
import { TestingModule } from '@nestjs/testing';
import {
  AccountsError,
  AccountsErrorCode,
  AccountsModule,
  AccountsService,
  accountsErrorStatus,
  MembershipsRepository,
  OperatorsService,
  PasswordHasher,
  UsersRepository,
} from '@mtl/accounts';
import { asDatabaseOwner, createPlatformTestModule, inOrganization } from '@mtl/testing';
import { TenancyModule, TenantContext, TenantContextMissingError } from '@mtl/tenancy';

describe('accounts services', () => {
  let moduleRef: TestingModule;
  let context: TenantContext;
  let accounts: AccountsService;
  let operators: OperatorsService;
  let memberships: MembershipsRepository;
  let users: UsersRepository;
  let orgA: number;
  let orgB: number;

  const inOrg = <T>(organizationId: number, fn: () => Promise<T>) => inOrganization(context, organizationId, fn);

  const codeOf = async (promise: Promise<unknown>): Promise<AccountsErrorCode | string> => {
    try {
      await promise;
      return 'resolved';
    } catch (error) {
      return error instanceof AccountsError ? error.code : String(error);
    }
  };

  beforeAll(async () => {
    moduleRef = await createPlatformTestModule({ imports: [TenancyModule, AccountsModule] });
    context = moduleRef.get(TenantContext);
    accounts = moduleRef.get(AccountsService);
    operators = moduleRef.get(OperatorsService);
    memberships = moduleRef.get(MembershipsRepository);
    users = moduleRef.get(UsersRepository);
    const org = async (shortName: string) =>
      (
        await asDatabaseOwner<{ id: number }>(
          `INSERT INTO organizations (name, short_name) VALUES ($1, $1) RETURNING id`,
          [shortName],
        )
      )[0].id;
    orgA = await org('SvcA');
    orgB = await org('SvcB');
  });

  afterAll(async () => {
    await moduleRef.close();
  });

  it('gives the same email two separate accounts in two organizations, each found only in its own', async () => {
    const a = await inOrg(orgA, () =>
      accounts.createUser({ email: 'twin@example.com', name: 'Twin A', password: 'password-a-1', role: 'author' }),
    );
    const b = await inOrg(orgB, () =>
      accounts.createUser({ email: 'Twin@Example.com', name: 'Twin B', password: 'password-b-1', role: 'learner' }),
    );
    expect(a.id).not.toBe(b.id);
    expect((await inOrg(orgA, () => accounts.findByEmail('TWIN@example.com')))?.id).toBe(a.id);
    expect((await inOrg(orgB, () => accounts.findByEmail('twin@example.com')))?.id).toBe(b.id);
    const rows = await asDatabaseOwner<{ organization_id: number; role: string }>(
      `SELECT u.organization_id, m.role FROM users u JOIN organization_memberships m ON m.organization_id =
         u.organization_id AND m.user_id = u.id
       WHERE lower(u.email) = 'twin@example.com' ORDER BY u.organization_id`,
    );
    expect(rows).toEqual([
      { organization_id: orgA, role: 'author' },
      { organization_id: orgB, role: 'learner' },
    ]);
  });

  it(
    'refuses a second account for an email in the same organization, whatever its case, and ' + 'writes nothing',
    async () => {
      await inOrg(orgA, () =>
        accounts.createUser({ email: 'once@example.com', name: 'Once', password: 'password-1', role: 'learner' }),
      );
      const code = await codeOf(
        inOrg(orgA, () =>
          accounts.createUser({ email: ' ONCE@example.COM ', name: 'Twice', password: 'password-2', role: 'admin' }),
        ),
      );
      expect(code).toBe(AccountsErrorCode.EMAIL_TAKEN);
      expect(accountsErrorStatus(AccountsErrorCode.EMAIL_TAKEN)).toBe(409);
      const [{ count }] = await asDatabaseOwner<{ count: number }>(
        `SELECT count(*)::int AS count FROM users WHERE lower(email) = 'once@example.com'`,
      );
      expect(count).toBe(1);
    },
  );

  it(
    'CS-51: a user has exactly one mapping; mapping them again, to their own or another ' + 'organization, fails',
    async () => {
      const user = await inOrg(orgA, () =>
        accounts.createUser({ email: 'mapped@example.com', password: 'password-1', role: 'learner' }),
      );
      await expect(inOrg(orgA, () => memberships.add(user.id, 'admin'))).rejects.toThrow(/duplicate key/);
      await expect(inOrg(orgB, () => memberships.add(user.id, 'admin'))).rejects.toThrow(/foreign key/);
      const rows = await asDatabaseOwner(
        `SELECT organization_id, role FROM organization_memberships WHERE user_id = $1`,
        [user.id],
      );
      expect(rows).toEqual([{ organization_id: orgA, role: 'learner' }]);
    },
  );

  it('stores passwords as argon2id hashes that verify only the right password', async () => {
    const user = await inOrg(orgA, () =>
      accounts.createUser({ email: 'hash@example.com', password: 'correct horse', role: 'author' }),
    );
    const [{ password_hash: hash }] = await asDatabaseOwner<{ password_hash: string }>(
      `SELECT password_hash FROM users WHERE id = $1`,
      [user.id],
    );
    expect(hash).toMatch(/^\$argon2id\$v=19\$/);
    expect(hash.split('$')[3].split(',').sort()).toEqual(['m=19456', 'p=1', 't=2']);
    expect(await argon2.verify(hash, 'correct horse')).toBe(true);
    expect(await argon2.verify(hash, 'correct horsE')).toBe(false);
    // The hash never leaves the repository unless asked for.
    expect(JSON.stringify(await inOrg(orgA, () => users.findById(user.id)))).not.toContain('argon2');
    expect(
      (await inOrg(orgA, () => users.findByEmail('hash@example.com', { withPasswordHash: true })))?.passwordHash,
    ).toBe(hash);
  });

  it('does the same argon2id work for an unknown account as for a known one (no timing oracle)', async () => {
    const hasher = moduleRef.get(PasswordHasher);
    const hash = await hasher.hash('some-password');
    expect(await hasher.verify(hash, 'wrong-password')).toBe(false);
    expect(await hasher.verify(null, 'wrong-password')).toBe(false);
    expect(await hasher.verify(null, 'no account has this password')).toBe(false);
    // An unknown account is checked against a dummy hash of exactly the same cost parameters.
    const dummy = await (hasher as unknown as { dummy?: Promise<string> }).dummy;
    const parameters = (h: string) => h.split('$').slice(1, 4).join('$');
    expect(dummy).toBeDefined();
    expect(parameters(dummy!)).toBe(parameters(hash));
  });

  it('refuses bad input with the field named', async () => {
    await expect(
      inOrg(orgA, () => accounts.createUser({ email: 'not-an-email', password: 'password-1', role: 'learner' })),
    ).rejects.toMatchObject({
      code: AccountsErrorCode.INVALID_INPUT,
      field: 'email',
    });
    await expect(
      inOrg(orgA, () => accounts.createUser({ email: 'short@example.com', password: 'short', role: 'learner' })),
    ).rejects.toMatchObject({
      field: 'password',
    });
    await expect(
      inOrg(orgA, () => accounts.createUser({ email: 'role@example.com', password: 'password-1', role: 'owner' })),
    ).rejects.toMatchObject({
      field: 'role',
    });
  });

  it('fails loudly with no organization in the context, and writes nothing', async () => {
    await expect(
      context.runInNewContext(() =>
        accounts.createUser({ email: 'nowhere@example.com', password: 'password-1', role: 'learner' }),
      ),
    ).rejects.toBeInstanceOf(TenantContextMissingError);
    await expect(context.runInNewContext(() => accounts.findByEmail('twin@example.com'))).rejects.toBeInstanceOf(
      TenantContextMissingError,
    );
    expect(await asDatabaseOwner(`SELECT 1 FROM users WHERE email = 'nowhere@example.com'`)).toEqual([]);
  });

  it("lists, updates and removes members of the context's organization only", async () => {
    const b = await inOrg(orgB, () =>
      accounts.createUser({ email: 'b-only@example.com', password: 'password-1', role: 'author' }),
    );
    const listedInA = await inOrg(orgA, () => accounts.listMembers(1, 100));
    expect(listedInA.results.map((m) => m.id)).not.toContain(b.id);
    expect(listedInA.count).toBe(listedInA.results.length);
    expect(await codeOf(inOrg(orgA, () => accounts.updateMember(b.id, { role: 'admin' })))).toBe(
      AccountsErrorCode.MEMBER_NOT_FOUND,
    );
    expect(await codeOf(inOrg(orgA, () => accounts.removeMember(b.id)))).toBe(AccountsErrorCode.MEMBER_NOT_FOUND);
    expect((await inOrg(orgB, () => accounts.getMember(b.id))).role).toBe('author');
    await inOrg(orgB, () => accounts.removeMember(b.id));
    expect(await asDatabaseOwner(`SELECT 1 FROM users WHERE id = $1`, [b.id])).toEqual([]);
    expect(await asDatabaseOwner(`SELECT 1 FROM organization_memberships WHERE user_id = $1`, [b.id])).toEqual([]);
  });

  it('keeps one active admin even when two admins demote each other at the same time', async () => {
    const org = (
      await asDatabaseOwner<{ id: number }>(
        `INSERT INTO organizations (name, short_name) VALUES ('Race', 'Race') RETURNING id`,
      )
    )[0].id;
    const one = await inOrg(org, () =>
      accounts.createUser({ email: 'one@example.com', password: 'password-1', role: 'admin' }),
    );
    const two = await inOrg(org, () =>
      accounts.createUser({ email: 'two@example.com', password: 'password-1', role: 'admin' }),
    );
    const results = await Promise.allSettled([
      inOrg(org, () => accounts.updateMember(one.id, { role: 'author' })),
      inOrg(org, () => accounts.updateMember(two.id, { active: false })),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected');
    expect((rejected as PromiseRejectedResult).reason).toMatchObject({ code: AccountsErrorCode.LAST_ADMIN });
    const [{ count }] = await asDatabaseOwner<{ count: number }>(
      `SELECT count(*)::int AS count FROM organization_memberships WHERE organization_id = $1 ` +
        `AND role = 'admin' AND active`,
      [org],
    );
    expect(count).toBe(1);
  });

  describe('operators', () => {
    it('creates operators in the global table, unique by email case-insensitively, with argon2id hashes', async () => {
      const operator = await context.runInNewContext(() =>
        operators.createOperator({ email: 'Root@Example.com', password: 'operator-pass', name: 'Root' }),
      );
      expect(operator).toMatchObject({ email: 'Root@Example.com', name: 'Root', active: true });
      expect(
        await codeOf(
          context.runInNewContext(() =>
            operators.createOperator({ email: 'root@example.com', password: 'operator-pass' }),
          ),
        ),
      ).toBe(AccountsErrorCode.OPERATOR_EMAIL_TAKEN);
      const found = await context.runInNewContext(() => operators.findForLogin('ROOT@example.com'));
      expect(found?.id).toBe(operator.id);
      expect(found?.passwordHash).toMatch(/^\$argon2id\$/);
      expect(
        (await context.runInNewContext(() => operators.findByEmail('root@example.com')))?.passwordHash,
      ).toBeUndefined();
    });

    it(
      'keeps operators and organization accounts apart: an operator email is not an account of ' + 'any organization',
      async () => {
        expect(await inOrg(orgA, () => accounts.findByEmail('root@example.com'))).toBeNull();
      },
    );
  });
});
