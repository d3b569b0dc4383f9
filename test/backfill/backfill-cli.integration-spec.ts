import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { asDatabaseOwner as asOwner, runCli } from '@mtl/testing';

const SEPARATOR = '------------------------------------------------------';

/** The report part of stdout (from the first separator on: the audit warning may precede it). */
const report = (stdout: string) => stdout.slice(stdout.indexOf(SEPARATOR));

async function snapshot(): Promise<unknown[]> {
  return [
    await asOwner(`SELECT id, short_name, name, active, modified FROM organizations ORDER BY id`),
    await asOwner(
      `SELECT organization_id, id, course_id, active, modified FROM organization_courses ORDER BY organization_id, id`,
    ),
  ];
}

// A test here starts the CLI up to four times, a Node process each (8 s or more on a busy 2-core machine).
jest.setTimeout(120_000);

describe('cli orgs:backfill', () => {
  let dir: string;
  const keysFile = (name: string, lines: string[]) => {
    const file = path.join(dir, name);
    writeFileSync(file, lines.join('\n') + '\n');
    return file;
  };

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'backfill-cli-'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it(
    'a dry run (the default and --dry) prints the plan and "No changes applied."; --apply ' +
      'writes; a second run writes nothing',
    async () => {
      await asOwner(`INSERT INTO organizations (short_name, name, description) VALUES ('cliOrg', 'CLI Org', '')`);
      const file = keysFile('keys.txt', [
        'course-v1:CLIORG+c+r',
        'course-v1:cliNew+c+r',
        'library-v1:cliLib+l',
        'lib:cliV2:x',
        'nope',
      ]);
      const before = await snapshot();
      for (const flags of [[], ['--dry']]) {
        const dry = await runCli(['orgs:backfill', ...flags, '--from-file', file]);
        expect(dry.status).toBe(0);
        expect(report(dry.stdout)).toBe(
          [
            SEPARATOR,
            'Dry-run of bulk-adding organizations...',
            'Will create 2 organizations:',
            '    cliLib',
            '    cliNew',
            'Will reactivate 0 organizations:',
            SEPARATOR,
            'Dry-run of bulk-adding organization-course linkages...',
            'Will create 2 organization-course linkages:',
            '    clinew,course-v1:cliNew+c+r',
            '    cliorg,course-v1:CLIORG+c+r',
            'Will reactivate 0 organization-course linkages:',
            SEPARATOR,
            'Read 5 lines: 2 course keys, 1 library keys, 1 v2 library keys ignored, 1 invalid ' +
              'keys, 0 keys skipped for an organization short name that breaks the rules.',
            '1 invalid keys:',
            '    line 5: "nope"',
            'No changes applied.',
            '',
          ].join('\n'),
        );
        expect(await snapshot()).toEqual(before);
      }

      const applied = await runCli(['orgs:backfill', '--apply', '--from-file', file]);
      expect(applied.status).toBe(0);
      expect(report(applied.stdout)).toContain(
        'Bulk-adding organizations...\nCreated 2 organizations:\n    cliLib\n    cliNew\n',
      );
      expect(report(applied.stdout)).toContain(
        'Created 2 organization-course linkages:\n    clinew,course-v1:cliNew+c+r\n    cliorg,course-v1:CLIORG+c+r\n',
      );
      expect(report(applied.stdout)).not.toContain('No changes applied.');
      // Not a terminal: plain progress lines on stderr.
      expect(applied.stderr).toContain('read 5 keys');

      const after = await snapshot();
      const again = await runCli(['orgs:backfill', '--apply', '--from-file', file]);
      expect(again.status).toBe(0);
      expect(report(again.stdout)).toContain('Created 0 organizations:\nReactivated 0 organizations:\n');
      expect(report(again.stdout)).toContain(
        'Created 0 organization-course linkages:\nReactivated 0 organization-course linkages:\n',
      );
      expect(await snapshot()).toEqual(after);
    },
  );

  it('reads standard input with --from-file - and honours --inactive', async () => {
    const result = await runCli(['orgs:backfill', '--apply', '--inactive', '--from-file', '-'], {
      input: 'course-v1:cliStdin+c+r\ncourse-v1:ed~X+c+r\n',
    });
    expect(result.status).toBe(0);
    expect(report(result.stdout)).toContain('Created 1 organizations:\n    cliStdin\n');
    expect(report(result.stdout)).toContain('1 keys of 1 organizations skipped');
    expect(report(result.stdout)).toContain('    line 2: "course-v1:ed~X+c+r" (org "ed~X")');
    expect(await asOwner(`SELECT active FROM organizations WHERE short_name = 'cliStdin'`)).toEqual([
      { active: false },
    ]);
    expect(await asOwner(`SELECT active FROM organization_courses WHERE course_id = 'course-v1:cliStdin+c+r'`)).toEqual(
      [{ active: false }],
    );
  });

  it('CS-33: --apply with --dry is a one-line error', async () => {
    const result = await runCli(['orgs:backfill', '--apply', '--dry', '--from-file', '-']);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe("error: Only one of 'apply' and 'dry' may be specified\n");
  });

  it('without --from-file reads every course run and library in the database (CS-30, CS-31)', async () => {
    const org = async (shortName: string) =>
      (
        await asOwner<{ id: number }>(`INSERT INTO organizations (name, short_name) VALUES ($1, $1) RETURNING id`, [
          shortName,
        ])
      )[0].id;
    const ids = {
      A: await org('org_A'),
      B: await org('org_B'),
      C: await org('org_C'),
      D: await org('org_D'),
      E: await org('org_E'),
    };
    const run = (organizationId: number, key: string) =>
      asOwner(`INSERT INTO course_runs (organization_id, course_key, display_name) VALUES ($1, $2, $2)`, [
        organizationId,
        key,
      ]);
    const library = (organizationId: number, key: string) =>
      asOwner(`INSERT INTO libraries (organization_id, library_key, title) VALUES ($1, $2, $2)`, [organizationId, key]);
    await run(ids.A, 'course-v1:org_A+c1+r');
    await run(ids.A, 'course-v1:org_A+c2+r');
    await asOwner(`INSERT INTO organization_courses (organization_id, course_id) VALUES ($1, 'course-v1:org_A+c1+r')`, [
      ids.A,
    ]);
    await run(ids.C, 'course-v1:org_C+c1+r');
    await run(ids.C, 'course-v1:org_C+c2+r');
    await run(ids.C, 'org_C/toy/3');
    await run(ids.D, 'course-v1:org_D+c1+r');
    await library(ids.D, 'library-v1:org_D+lib');
    await library(ids.E, 'library-v1:org_E+lib');
    await library(ids.A, 'lib:org_A:v2-library');

    const applied = await runCli(['orgs:backfill', '--apply']);
    expect(applied.stderr).not.toContain('error');
    expect(applied.status).toBe(0);
    const counts = await asOwner<{ short_name: string; links: number }>(
      `SELECT o.short_name, count(c.id)::int AS links FROM organizations o LEFT JOIN organization_courses c ON
         c.organization_id = o.id
       WHERE o.short_name LIKE 'org\\_%' GROUP BY o.short_name ORDER BY 1`,
    );
    expect(counts).toEqual([
      { short_name: 'org_A', links: 2 },
      { short_name: 'org_B', links: 0 },
      { short_name: 'org_C', links: 3 },
      { short_name: 'org_D', links: 1 },
      { short_name: 'org_E', links: 0 },
    ]);
    expect(report(applied.stdout)).toContain('Created 0 organizations:');
    expect(report(applied.stdout)).toContain('    org_c,org_C/toy/3');

    const before = await snapshot();
    const again = await runCli(['orgs:backfill', '--apply']);
    expect(report(again.stdout)).toContain('Created 0 organization-course linkages:');
    expect(report(again.stdout)).toContain('Reactivated 0 organization-course linkages:');
    expect(await snapshot()).toEqual(before);
  });

  it('a missing file is a one-line error', async () => {
    const result = await runCli(['orgs:backfill', '--from-file', path.join(dir, 'missing.txt')]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^error: no such file: .*missing\.txt\n$/);
  });
});
