/**
 * The query-coverage check itself (test/setup/tenant-query-coverage.ts, ADR 0015): what it counts
 * as one statement, which tables it sees a statement touch, whose statements it records, and when
 * the run's report enforces.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { queryCoverageReport } from '../setup/tenant-query-coverage.report';
import { normalizeStatement, recordTenantQueries, tenantTablesOf } from '../setup/tenant-queries.recorder';

const TABLES = new Set(['users', 'course_runs', 'enrollments']);

describe('query coverage across tenants', () => {
  it('counts a statement by its shape: literals, parameters and list lengths fold', () => {
    const one = normalizeStatement(`INSERT INTO "users" ("email", "name") VALUES ($1, $2)`);
    const three = normalizeStatement(`INSERT INTO "users" ("email", "name") VALUES ($1, $2), ($3, $4), ($5, $6)`);
    expect(three).toBe(one);
    expect(normalizeStatement(`SELECT * FROM users WHERE id IN ($1, $2, $3) AND name = 'x' LIMIT 20`)).toBe(
      'SELECT * FROM users WHERE id IN (?) AND name = ? LIMIT ?',
    );
    expect(normalizeStatement('SELECT 1\n  FROM   users -- why\n')).toBe('SELECT ? FROM users');
  });

  it('sees the tenant tables a statement names, quoted or not, and no others', () => {
    expect(
      tenantTablesOf(
        normalizeStatement(`SELECT c.* FROM "course_runs" c JOIN enrollments e ON e.course_key = c.course_key`),
        TABLES,
      ),
    ).toEqual(['course_runs', 'enrollments']);
    expect(tenantTablesOf(normalizeStatement(`SELECT * FROM sites WHERE domain = 'users'`), TABLES)).toEqual([]);
  });

  it("records the platform's logins only, and never DDL", () => {
    class Client {
      constructor(readonly user: string) {}
      query(text: string): string {
        return `ran ${text}`;
      }
    }
    const heard: [string, string[]][] = [];
    recordTenantQueries({ Client }, TABLES, (statement, tables) => heard.push([statement, tables]));
    recordTenantQueries({ Client }, TABLES, () => heard.push(['twice', []])); // wrapped once only
    expect(new Client('mtl_app').query('SELECT * FROM users WHERE id = $1')).toBe(
      'ran SELECT * FROM users WHERE id = $1',
    );
    new Client('mtl_cross_org').query('UPDATE course_runs SET published = true');
    new Client('postgres').query('DELETE FROM users');
    new Client('mtl_app').query('ALTER TABLE users ADD COLUMN x int');
    new Client('mtl_app').query('SELECT now()');
    expect(heard).toEqual([
      ['SELECT * FROM users WHERE id = ?', ['users']],
      ['UPDATE course_runs SET published = true', ['course_runs']],
    ]);
  });

  describe('the run report', () => {
    let directory: string;
    let root: string;
    const idOf = (file: string) => createHash('sha1').update(file).digest('hex').slice(0, 12);
    const report = (file: string, statements: { statement: string; tables: string[]; covered: boolean }[]) =>
      writeFileSync(path.join(directory, `${idOf(path.join(root, file))}.json`), JSON.stringify({ file, statements }));

    beforeEach(() => {
      directory = mkdtempSync(path.join(tmpdir(), 'mtl-coverage-test-'));
      root = mkdtempSync(path.join(tmpdir(), 'mtl-coverage-root-'));
      for (const file of ['test/a/one.e2e-spec.ts', 'test/two.integration-spec.ts']) {
        const full = path.join(root, file);
        mkdirSync(path.dirname(full), { recursive: true });
        writeFileSync(full, '');
      }
    });

    afterEach(() => {
      rmSync(directory, { recursive: true, force: true });
      rmSync(root, { recursive: true, force: true });
    });

    const run = (narrowed = false) => {
      const lines: string[] = [];
      return { ...queryCoverageReport({ directory, root, narrowed, log: (line) => lines.push(line) }), lines };
    };

    it('enforces once every integration file reported: a statement covered in any file is covered', () => {
      report('test/a/one.e2e-spec.ts', [
        { statement: 'SELECT ? FROM users', tables: ['users'], covered: false },
        { statement: 'DELETE FROM enrollments', tables: ['enrollments'], covered: false },
      ]);
      expect(run()).toMatchObject({ enforced: false, seen: 2, covered: 0 });
      report('test/two.integration-spec.ts', [{ statement: 'SELECT ? FROM users', tables: ['users'], covered: true }]);
      const full = run();
      expect(full).toMatchObject({ enforced: true, seen: 2, covered: 1 });
      expect(full.uncovered).toEqual([
        { statement: 'DELETE FROM enrollments', tables: ['enrollments'], files: ['test/a/one.e2e-spec.ts'] },
      ]);
      expect(full.lines).toEqual([
        "query coverage: 2 distinct statements on tenant tables, 1 run with two organizations' " +
          'rows present, 0 exempt, 1 uncovered',
      ]);
      expect(run(true).enforced).toBe(false); // a -t filter: not every test ran
    });
  });
});
