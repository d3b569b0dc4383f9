import { Test, TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { User } from '@mtl/accounts';
import { AppConfigModule } from '@mtl/config';
import { DatabaseModule } from '@mtl/database';
import { TenancyModule, TenantContext, TenantQueryFilter } from '@mtl/tenancy';
import { asDatabaseOwner, RowLevelSecurityAlone, withRowLevelSecurityAlone } from '@mtl/testing';
import { seedTwoOrganizations, TwoOrganizations, UsersProbeRepository } from '../tenancy/tenancy-fixture';

/**
 * The isolation fuzzer's second mode is only worth something if its switch really takes the
 * application's filter away: with row-level security disabled on `users` (as the owner, in this
 * file's own database), the application's filter alone hides A from B, and with the switch on
 * nothing does.
 */
describe('RowLevelSecurityAlone: the application tenant filter, switched off for a test', () => {
  let orgs: TwoOrganizations;
  const modules: TestingModule[] = [];

  const build = async (filter?: RowLevelSecurityAlone) => {
    let builder = Test.createTestingModule({
      imports: [
        AppConfigModule.forRoot(),
        DatabaseModule.forApp('test'),
        TenancyModule,
        TypeOrmModule.forFeature([User]),
      ],
      providers: [UsersProbeRepository],
    });
    if (filter) builder = withRowLevelSecurityAlone(filter)(builder);
    const moduleRef = await builder.compile();
    await moduleRef.init();
    modules.push(moduleRef);
    const context = moduleRef.get(TenantContext);
    const users = moduleRef.get(UsersProbeRepository);
    const as = <T>(organizationId: number, fn: () => Promise<T>) =>
      context.runInNewContext(() => {
        context.enterOrganization(organizationId);
        return fn();
      });
    return { moduleRef, users, as };
  };

  beforeAll(async () => {
    orgs = await seedTwoOrganizations();
  });

  afterAll(async () => {
    await asDatabaseOwner('ALTER TABLE users ENABLE ROW LEVEL SECURITY');
    for (const moduleRef of modules) await moduleRef.close();
  });

  it('is the application filter everywhere unless a testing module overrides it', async () => {
    const { moduleRef } = await build();
    const filter = moduleRef.get(TenantQueryFilter);
    expect(filter).not.toBeInstanceOf(RowLevelSecurityAlone);
    const scope = { readable: [orgs.b.id], writable: orgs.b.id };
    expect(filter.scopeForQueries(scope)).toBe(scope);
    expect(filter.filtersWrites()).toBe(true);
  });

  it(
    'with row-level security off, the application filter alone hides A from B; switched ' + 'off, nothing does',
    async () => {
      const filtered = await build();
      const alone = new RowLevelSecurityAlone();
      alone.organizationIds = [orgs.a.id, orgs.b.id];
      const unfiltered = await build(alone);
      await asDatabaseOwner('ALTER TABLE users DISABLE ROW LEVEL SECURITY');
      try {
        const ids = async (side: typeof filtered) =>
          (await side.as(orgs.b.id, () => side.users.find())).map((u) => u.id);
        expect(await ids(filtered)).toEqual([orgs.b.userId]);
        expect(await filtered.as(orgs.b.id, () => filtered.users.update({ id: orgs.a.userId }, { name: 'x' }))).toBe(0);
        expect((await ids(unfiltered)).sort()).toEqual([orgs.a.userId, orgs.b.userId].sort());
        expect(await unfiltered.as(orgs.b.id, () => unfiltered.users.countBy({ id: orgs.a.userId }))).toBe(1);
        expect(
          await unfiltered.as(orgs.b.id, () => unfiltered.users.update({ id: orgs.a.userId }, { name: 'x' })),
        ).toBe(1);
      } finally {
        await asDatabaseOwner('ALTER TABLE users ENABLE ROW LEVEL SECURITY');
      }
      // Row-level security back on: the switch changes nothing B can see or change.
      expect((await unfiltered.as(orgs.b.id, () => unfiltered.users.find())).map((u) => u.id)).toEqual([orgs.b.userId]);
      expect(await unfiltered.as(orgs.b.id, () => unfiltered.users.update({ id: orgs.a.userId }, { name: 'y' }))).toBe(
        0,
      );
    },
  );
});
