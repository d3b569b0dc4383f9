import { asDatabaseOwner, runCli } from '@mtl/testing';

/** Runs `npm run cli -- users:…` as the operator would, against this file's database. */
const cli = (...args: string[]) => runCli(args);
const sql = asDatabaseOwner;
/** `--<name> <value>` for each entry, in order. */
const options = (values: Record<string, string>) =>
  Object.entries(values).flatMap(([name, value]) => [`--${name}`, value]);

describe('cli users:*', () => {
  let orgId: number;

  beforeAll(async () => {
    [{ id: orgId }] = await sql<{ id: number }>(
      `INSERT INTO organizations (name, short_name) VALUES ('Cli U', 'CliU') RETURNING id`,
    );
  });

  it('users:create-operator creates an operator and refuses a duplicate with one line', async () => {
    const ok = await cli(
      'users:create-operator',
      ...options({ email: 'ops@example.com', password: 'operator-pass', name: 'Ops' }),
    );
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^Created operator: id=[0-9a-f-]{36}, email=ops@example.com, name='Ops'\n$/);
    const [row] = await sql<{ password_hash: string }>(
      `SELECT password_hash FROM operators WHERE email = 'ops@example.com'`,
    );
    expect(row.password_hash).toMatch(/^\$argon2id\$/);

    const dup = await cli('users:create-operator', '--email', 'OPS@example.com', '--password', 'operator-pass');
    expect(dup.status).toBe(1);
    expect(dup.stderr).toBe('error: email already has an operator account\n');
  });

  it('users:create creates an account in the named organization (any case) with its role', async () => {
    const ok = await cli(
      'users:create',
      ...options({ email: 'first.admin@example.com', password: 'admin-pass-1', org: 'cliu', role: 'admin' }),
    );
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(
      new RegExp(
        `^Created user: id=[0-9a-f-]{36}, email=first.admin@example.com, ` +
          `name='first.admin@example.com', organization=CliU \\(id=${orgId}\\), role=admin\\n$`,
      ),
    );
    const rows = await sql(
      `SELECT u.organization_id, m.role, m.active FROM users u JOIN organization_memberships m ` +
        `ON m.user_id = u.id AND m.organization_id = u.organization_id WHERE u.email = 'first.admin@example.com'`,
    );
    expect(rows).toEqual([{ organization_id: orgId, role: 'admin', active: true }]);
  });

  it.each([
    [
      ['--email', 'bad', '--password', 'long-enough', '--org', 'CliU', '--role', 'author'],
      'error: email must be an email\n',
    ],
    [
      ['--email', 'x@example.com', '--password', 'short', '--org', 'CliU', '--role', 'author'],
      'error: password must be 10 to 256 characters and must not be the email\n',
    ],
    [
      ['--email', 'x@example.com', '--password', 'long-enough', '--org', 'Nope', '--role', 'author'],
      "error: no active organization with short_name 'Nope'\n",
    ],
    [
      ['--email', 'x@example.com', '--password', 'long-enough', '--org', 'CliU', '--role', 'owner'],
      'error: role must be one of learner, author, admin\n',
    ],
    [
      ['--email', 'FIRST.ADMIN@example.com', '--password', 'long-enough', '--org', 'CliU', '--role', 'author'],
      'error: email already has an account in this organization\n',
    ],
  ])('users:create %j exits 1 with one line and writes nothing', async (args, message) => {
    const result = await cli('users:create', ...args);
    expect(result.stderr).toBe(message);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    const [{ count }] = await sql<{ count: number }>(
      `SELECT count(*)::int AS count FROM users WHERE organization_id = $1`,
      [orgId],
    );
    expect(count).toBe(1);
  });
});
