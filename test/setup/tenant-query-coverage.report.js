// @ts-check
/**
 * The end of the query-coverage check (tenant-query-coverage.ts writes one file of findings per
 * test file): adds them up, prints the counts and, when the whole integration suite ran, returns
 * the statements never run with two organizations' rows present in the tables they name. CommonJS,
 * so that the ESM global teardown and a Jest test file can both load it.
 */
const { createHash } = require('node:crypto');
const { existsSync, readdirSync, readFileSync } = require('node:fs');
const path = require('node:path');

/**
 * Statements that cannot be run with two organizations present, each with its reason. Keyed by
 * the normalized statement. Empty: every statement the suite runs is covered.
 * @type {Record<string, string>}
 */
const EXEMPT_STATEMENTS = {};

/** Integration and e2e files (jest.config.js, project `integration`). @param {string} root */
function integrationTestFiles(root) {
  return readdirSync(path.join(root, 'test'), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(integration|e2e)-spec\.ts$/.test(file))
    .map((file) => path.join(root, 'test', file));
}

/**
 * @param {{ directory: string, root: string, narrowed: boolean, log?: (line: string) => void }} options
 * @returns {{ enforced: boolean, seen: number, covered: number, exempt: number, uncovered: { statement: string, tables:
 * string[], files: string[] }[] }}
 */
function queryCoverageReport({ directory, root, narrowed, log = console.log }) {
  const expected = integrationTestFiles(root);
  const idOf = (/** @type {string} */ file) => createHash('sha1').update(file).digest('hex').slice(0, 12);
  const reported = expected.filter((file) => existsSync(path.join(directory, `${idOf(file)}.json`)));
  /** @type {Map<string, { tables: string[], covered: boolean, files: Set<string> }>} */
  const statements = new Map();
  for (const name of readdirSync(directory).filter((n) => n.endsWith('.json'))) {
    const report = JSON.parse(readFileSync(path.join(directory, name), 'utf8'));
    for (const { statement, tables, covered } of report.statements) {
      const known = statements.get(statement) ?? { tables, covered: false, files: new Set() };
      known.covered ||= covered;
      known.files.add(report.file);
      statements.set(statement, known);
    }
  }
  const all = [...statements.entries()];
  const covered = all.filter(([, s]) => s.covered).length;
  const exempt = all.filter(([statement, s]) => !s.covered && statement in EXEMPT_STATEMENTS).length;
  const uncovered = all
    .filter(([statement, s]) => !s.covered && !(statement in EXEMPT_STATEMENTS))
    .map(([statement, s]) => ({ statement, tables: s.tables, files: [...s.files].sort() }));
  const enforced = !narrowed && reported.length === expected.length;
  log(
    `query coverage: ${all.length} distinct statements on tenant tables, ${covered} run with ` +
      `two organizations' rows present, ${exempt} exempt, ${uncovered.length} uncovered` +
      (enforced ? '' : ` (not enforced: ${reported.length} of ${expected.length} integration files ran)`),
  );
  return { enforced, seen: all.length, covered, exempt, uncovered };
}

module.exports = { EXEMPT_STATEMENTS, integrationTestFiles, queryCoverageReport };
