import { runCliSync } from '@mtl/testing';
import { asOwner } from './organizations-fixture';

/** `npm run cli -- orgs:add …` against this file's own database. */
const orgsAdd = (...args: string[]) => runCliSync(['orgs:add', ...args]);

const stored = (shortName: string) =>
  asOwner<{ id: number; short_name: string; name: string; active: boolean }>(
    'SELECT id, short_name, name, active FROM organizations WHERE lower(short_name) = lower($1)',
    [shortName],
  );

describe('cli orgs:add', () => {
  it('creates an organization and says so; a second call returns it unchanged', async () => {
    const created = orgsAdd('cliacme', 'CLI Acme');
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);
    const [row] = await stored('cliacme');
    expect(created.stdout).toBe(
      `Created or activated organization: id=${row.id}, short_name=cliacme, name='CLI Acme'\n`,
    );

    const again = orgsAdd('CLIACME', 'Another name');
    expect(again.status).toBe(0);
    expect(again.stdout).toBe(`Created or activated organization: id=${row.id}, short_name=cliacme, name='CLI Acme'\n`);
    expect(await stored('cliacme')).toHaveLength(1);
  });

  it('reactivates an inactive organization together with its course links', async () => {
    const [org] = await asOwner<{ id: number }>(
      `INSERT INTO organizations (short_name, name, description, active) VALUES ('clisleep', ` +
        `'CLI Sleep', '', false) RETURNING id`,
    );
    await asOwner(
      `INSERT INTO organization_courses (organization_id, course_id, active) VALUES ($1, ` +
        `'course-v1:clisleep+c+r', false)`,
      [org.id],
    );
    const result = orgsAdd('clisleep', 'Whatever name');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(
      `Created or activated organization: id=${org.id}, short_name=clisleep, name='CLI Sleep'\n`,
    );
    expect((await stored('clisleep'))[0].active).toBe(true);
    expect(await asOwner('SELECT active FROM organization_courses WHERE organization_id = $1', [org.id])).toEqual([
      { active: true },
    ]);
  });

  it('refuses a short name longer than the name (swapped arguments) with one line and a non-zero exit', async () => {
    const result = orgsAdd('clilongshortname', 'Short');
    expect(result.status).not.toBe(0);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^error: short_name 'clilongshortname' is longer than name 'Short'.*\n$/);
    expect(await stored('clilongshortname')).toEqual([]);
  });

  it('refuses a short name outside [A-Za-z0-9._-] with one line and a non-zero exit', async () => {
    const result = orgsAdd('bad name!', 'A long enough name');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/^error: short_name "bad name!" may contain only .*\n$/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(await asOwner(`SELECT 1 FROM organizations WHERE short_name = 'bad name!'`)).toEqual([]);
  });

  it('refuses a missing argument', () => {
    const result = orgsAdd('onlyone');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("missing required argument 'name'");
  });
});
