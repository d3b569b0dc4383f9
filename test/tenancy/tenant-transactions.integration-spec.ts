/**
 * The tenant transaction in few round trips (docs/adr/0010, 0016), and what that must never cost: on a
 * pool of ONE connection, as mtl_app, two organizations take turns on the same server session;
 * each sees only its own rows, and after each the session holds no scope and no open transaction.
 */
import { TestingModule } from '@nestjs/testing';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Connection } from 'pg';
import { DataSource } from 'typeorm';
import { TenantContext, TenantTransactions } from '@mtl/tenancy';
import { seedTwoOrganizations, TwoOrganizations, UsersProbeRepository, usersProbeModule } from './tenancy-fixture';

/** The frontend messages in `buffer`, as [type, body]: a type byte, then an int32 length that counts itself. */
function protocolMessages(buffer: Buffer): [string, Buffer][] {
  const messages: [string, Buffer][] = [];
  for (let at = 0; at < buffer.length;) {
    const length = buffer.readInt32BE(at + 1);
    messages.push([String.fromCharCode(buffer[at]), buffer.subarray(at + 5, at + 1 + length)]);
    at += 1 + length;
  }
  return messages;
}

/** The NUL-terminated string at `offset` of `body`. */
const cString = (body: Buffer, offset: number): string => body.toString('utf8', offset, body.indexOf(0, offset));

interface SessionState {
  pid: number;
  role: string;
  readable: string;
  writable: string;
  signature: string;
  /** True when the statement runs in a transaction of its own, i.e. no block was left open. */
  own_transaction: boolean;
}

describe('tenant transactions on one pooled connection', () => {
  let moduleRef: TestingModule;
  let context: TenantContext;
  let transactions: TenantTransactions;
  let users: UsersProbeRepository;
  let dataSource: DataSource;
  let orgs: TwoOrganizations;
  /**
   * Every round trip to PostgreSQL by any pg client of this test: the statements it carried (a
   * simple query's text, or the texts parsed in an extended-protocol pipeline up to its Sync).
   */
  let roundTrips: string[][];
  let pipeline: string[];

  const as = <T>(organizationId: number, fn: () => Promise<T>) =>
    context.runInNewContext(() => {
      context.enterOrganization(organizationId);
      return fn();
    });

  /** The session as the next user of the pooled connection finds it (outside any tenant transaction). */
  const session = async (): Promise<SessionState> =>
    (
      await dataSource.query<SessionState[]>(
        `SELECT pg_backend_pid() AS pid, current_user AS role,
                current_setting('mtl.readable_orgs', true) AS readable,
                current_setting('mtl.writable_org', true) AS writable,
                current_setting('mtl.scope_signature', true) AS signature,
                (SELECT xact_start = query_start FROM pg_stat_activity
                  WHERE pid = pg_backend_pid()) AS own_transaction`,
      )
    )[0];

  const expectClean = (state: SessionState, pid: number) =>
    expect(state).toEqual({ pid, role: 'mtl_app', readable: '', writable: '', signature: '', own_transaction: true });

  beforeAll(async () => {
    // One pooled connection: every transaction below reuses the same server session.
    moduleRef = await usersProbeModule();
    context = moduleRef.get(TenantContext);
    transactions = moduleRef.get(TenantTransactions);
    users = moduleRef.get(UsersProbeRepository);
    dataSource = moduleRef.get<DataSource>(getDataSourceToken());
    orgs = await seedTwoOrganizations();
    await as(orgs.a.id, () => users.find()); // loads the scope key, so the tests count only their own messages
  });

  beforeEach(() => {
    roundTrips = [];
    pipeline = [];
    // What goes on the wire: every protocol message pg writes passes through Connection._send.
    const connection = Connection.prototype as unknown as { _send(messages: Buffer): boolean };
    const send = connection._send;
    jest.spyOn(connection, '_send').mockImplementation(function (this: unknown, messages) {
      for (const [type, body] of protocolMessages(messages)) {
        if (type === 'Q') roundTrips.push([cString(body, 0)]);
        if (type === 'P') pipeline.push(cString(body, body.indexOf(0) + 1)); // after the statement's name
        if (type === 'S') roundTrips.push(pipeline.splice(0));
      }
      return send.call(this, messages);
    });
  });

  afterEach(() => jest.restoreAllMocks());

  afterAll(async () => {
    await moduleRef.close();
  });

  it('sends a one-read transaction in one round trip that sets the scope and reads, values bound', async () => {
    const seen = await as(orgs.a.id, () =>
      transactions.run(() => users.find({ where: { email: 'same@example.com' } })),
    );
    expect(seen.map((u) => u.organizationId)).toEqual([orgs.a.id]);
    expect(roundTrips).toHaveLength(1);
    const [[scope, read]] = roundTrips;
    expect(scope).toMatch(/^SELECT set_config\('mtl\.readable_orgs', \$1, true\)/);
    expect(read).toMatch(/^SELECT .* FROM "users" .*\$1/s);
    expect(roundTrips[0]).toHaveLength(2);
    expect(read).toContain('"organization_id" = $2');
    expect(read).not.toContain('same@example.com');
  });

  it('opens the explicit transaction with the first write, in the same round trip, and commits it', async () => {
    await as(orgs.a.id, () =>
      transactions.run(async () => {
        await users.find();
        await users.insert({ email: 'rt@example.com', name: 'RT', passwordHash: 'x' });
        await users.findOneBy({ email: 'rt@example.com' });
      }),
    );
    const firstWords = roundTrips.map((statements) => statements.map((text) => text.split(/\s/)[0]));
    expect(firstWords).toEqual([['SELECT', 'SELECT'], ['BEGIN', 'SELECT', 'INSERT'], ['SELECT'], ['COMMIT']]);
    expect(roundTrips[1][1]).toMatch(/^SELECT set_config\(/);
    const [row] = await as(orgs.a.id, () => users.find({ where: { email: 'rt@example.com' } }));
    expect(row.organizationId).toBe(orgs.a.id);
  });

  it(
    'two organizations interleaved on one connection each see only their own rows, and leave ' + 'nothing behind',
    async () => {
      const { pid } = await session();
      const turns = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? orgs.a.id : orgs.b.id));
      const outcomes = await Promise.allSettled(
        turns.map((organizationId, i) =>
          as(organizationId, () =>
            transactions.run(async (manager) => {
              const before = await users.find();
              const [state] = await manager.query<{ pid: number; readable: string }[]>(
                `SELECT pg_backend_pid() AS pid, current_setting('mtl.readable_orgs', true) AS readable`,
              );
              if (i % 3 === 1) await users.insert({ email: `turn${i}@example.com`, name: 'T', passwordHash: 'x' });
              const after = await users.find();
              if (i % 4 === 3) throw new Error(`turn ${i} fails after reading`);
              return { organizationId, before, after, state };
            }),
          ),
        ),
      );
      for (const [i, outcome] of outcomes.entries()) {
        if (i % 4 === 3) {
          expect(outcome.status).toBe('rejected');
          continue;
        }
        if (outcome.status !== 'fulfilled') throw outcome.reason;
        const { organizationId, before, after, state } = outcome.value;
        expect(state).toEqual({ pid, readable: `{${organizationId}}` });
        expect([...before, ...after].every((u) => u.organizationId === organizationId)).toBe(true);
      }
      expectClean(await session(), pid);
      // The failed turn that had written (turn 7) rolled back; the others that wrote committed.
      const emails = (await as(orgs.a.id, () => users.find()))
        .concat(await as(orgs.b.id, () => users.find()))
        .map((u) => u.email);
      expect(emails).toEqual(expect.arrayContaining(['turn1@example.com', 'turn4@example.com', 'turn10@example.com']));
      expect(emails).not.toContain('turn7@example.com');
    },
  );

  it(
    'leaves the session clean after a failed read, a failed first write and a failed write ' + 'mid-transaction',
    async () => {
      const { pid } = await session();
      await expect(as(orgs.a.id, () => transactions.run((m) => m.query('SELECT 1/0')))).rejects.toThrow(/division/);
      expectClean(await session(), pid);
      await expect(
        as(orgs.a.id, () => transactions.run((m) => m.query(`INSERT INTO users (email) VALUES ('no-name')`))),
      ).rejects.toThrow();
      expectClean(await session(), pid);
      await expect(
        as(orgs.b.id, () =>
          transactions.run(async (m) => {
            await users.insert({ email: 'kept-not@example.com', name: 'K', passwordHash: 'x' });
            await m.query('SELECT 1/0');
          }),
        ),
      ).rejects.toThrow(/division/);
      expectClean(await session(), pid);
      expect(await as(orgs.b.id, () => users.findOneBy({ email: 'kept-not@example.com' }))).toBeNull();
    },
  );

  it('binds what a caller sends as data, never as SQL', async () => {
    for (const email of ["x' OR '1'='1", "x\\' OR 1=1 --", "same@example.com'; SELECT 1; --", '$1', "$$ ' $$"]) {
      expect(await as(orgs.a.id, () => users.findOneBy({ email }))).toBeNull();
    }
    expect((await as(orgs.a.id, () => users.findOneBy({ email: 'same@example.com' })))?.organizationId).toBe(orgs.a.id);
  });

  it('applies a narrowed scope inside the explicit transaction, and the reads before it carry their own', async () => {
    const seen = await context.runInNewContext(async () => {
      context.restrictReadTo([orgs.a.id, orgs.b.id]);
      context.grantWrite(orgs.a.id);
      return transactions.run(async (m) => {
        const both = await users.find();
        await users.insert({ email: 'narrow@example.com', name: 'N', passwordHash: 'x' });
        context.restrictReadTo([orgs.b.id]);
        const onlyB = await transactions.run(() => users.find());
        const [state] = await m.query<{ readable: string; writable: string }[]>(
          `SELECT current_setting('mtl.readable_orgs', true) AS readable, ` +
            `current_setting('mtl.writable_org', true) AS writable`,
        );
        return { both, onlyB, state };
      });
    });
    expect(new Set(seen.both.map((u) => u.organizationId))).toEqual(new Set([orgs.a.id, orgs.b.id]));
    expect(seen.onlyB.every((u) => u.organizationId === orgs.b.id)).toBe(true);
    expect(seen.state).toEqual({ readable: `{${orgs.b.id}}`, writable: '' });
  });
});
