import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { OVERLAP_EXIT_CODE } from '../setup/overlapping-queries.guard';

// The guard the test setup installs (test/setup/fail-on-overlapping-queries.ts) reaches the child
// processes tests start, through NODE_OPTIONS: a child that sends a query on a busy client exits.
const ROOT = path.resolve(__dirname, '../..');

function child(queries: string): { status: number | null; stdout: string; stderr: string } {
  const script = `
    const { Client } = require('pg');
    const client = new Client({ connectionString: process.env.DATABASE_URL });
    (async () => {
      await client.connect();
      ${queries}
      await client.end();
      console.log('finished');
    })();`;
  const result = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, env: process.env, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('overlapping pg queries fail the tests', () => {
  it('ends a child process that sends a query while its client is busy', () => {
    const result = child(
      `await Promise.all([client.query('SELECT 1'), client.query('SELECT 2'), client.query('SELECT 3')]);`,
    );
    expect(result.status).toBe(OVERLAP_EXIT_CODE);
    expect(result.stderr).toContain('Two queries were sent on one pg client at once');
    expect(result.stdout).not.toContain('finished');
  });

  it('lets queries sent one after the other through', () => {
    const result = child(`for (const n of [1, 2, 3]) await client.query('SELECT $1::int', [n]);`);
    expect(result).toMatchObject({ status: 0, stdout: 'finished\n' });
  });
});
