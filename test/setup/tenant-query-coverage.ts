/**
 * Query coverage across tenants, per test file: every statement the platform's connections send
 * against a tenant table (tenant-queries.recorder.js) is noted, and at the end of each test
 * (and of the file) the file's database is asked which tenant tables now hold rows of two or
 * more organizations. A statement counts as covered when it ran in a test after which every
 * tenant table it names held rows of two organizations: a query that forgot its tenant would
 * then have had another organization's rows to return or change. The file's findings go to the
 * run's folder; global-teardown.mjs adds them up and fails the run when the whole suite ran and a
 * statement was never covered.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { CHILD_LOG_ENV, RECORDER_PATH, recordTenantQueries, TABLES_ENV } from './tenant-queries.recorder';

const directory = process.env.MTL_QUERY_COVERAGE_DIR;
const tableList = process.env[TABLES_ENV];

interface Finding {
  tables: string[];
  covered: boolean;
  /** A test that ran it (a covering one once there is one). */
  test: string;
}

if (directory && tableList) {
  const tenantTables = new Set(tableList.split(','));
  const testPath = expect.getState().testPath ?? 'unknown';
  const id = createHash('sha1').update(testPath).digest('hex').slice(0, 12);
  const childLog = path.join(directory, `${id}.children.ndjson`);
  appendFileSync(childLog, '');
  let childLogOffset = 0;

  // Child processes started from this file (CLI, apps) record into childLog.
  process.env[CHILD_LOG_ENV] = childLog;
  const preload = `--require ${JSON.stringify(RECORDER_PATH)}`;
  if (!(process.env.NODE_OPTIONS ?? '').includes(preload)) {
    process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ''} ${preload}`.trim();
  }

  /** Statements since the last checkpoint. */
  const window = new Map<string, string[]>();
  const findings = new Map<string, Finding>();
  recordTenantQueries({ Client }, tenantTables, (statement, tables) => window.set(statement, tables));

  let ownerUrl: string | undefined;
  let owner: Client | undefined;
  beforeAll(() => {
    // Set by per-file-resources.ts (this test file's database, as its owner).
    ownerUrl = process.env.DATABASE_URL;
  });

  function readChildLog(): void {
    const size = statSync(childLog).size;
    if (size <= childLogOffset) return;
    const text = readFileSync(childLog, 'utf8').slice(childLogOffset);
    const complete = text.lastIndexOf('\n') + 1;
    childLogOffset += Buffer.byteLength(text.slice(0, complete));
    for (const line of text.slice(0, complete).split('\n')) {
      if (!line) continue;
      const { statement, tables } = JSON.parse(line) as { statement: string; tables: string[] };
      window.set(statement, tables);
    }
  }

  /** The tenant tables among `tables` that hold rows of at least two organizations now. */
  async function sharedTables(tables: string[]): Promise<Set<string>> {
    const sql = tables
      .map(
        (table) =>
          `SELECT '${table}' AS name WHERE (SELECT count(*) FROM (SELECT DISTINCT ` +
          `organization_id FROM "${table}" WHERE organization_id IS NOT NULL LIMIT 2) o) = 2`,
      )
      .join(' UNION ALL ');
    for (let attempt = 1; ; attempt++) {
      try {
        if (!owner) {
          const client = new Client({ connectionString: ownerUrl });
          // A test that terminates backends may end this one too: reconnect at the next checkpoint.
          client.on('error', () => (owner === client ? (owner = undefined) : undefined));
          await client.connect();
          owner = client;
        }
        const { rows } = await owner.query<{ name: string }>(sql);
        return new Set(rows.map((row) => row.name));
      } catch (error) {
        await owner?.end().catch(() => undefined);
        owner = undefined;
        if (attempt >= 2) {
          process.stderr.write(`query coverage: could not read ${ownerUrl}: ${String(error)}\n`);
          return new Set();
        }
      }
    }
  }

  async function checkpoint(test: string): Promise<void> {
    readChildLog();
    if (window.size === 0 || !ownerUrl) return;
    const statements = [...window.entries()];
    window.clear();
    const shared = await sharedTables([...new Set(statements.flatMap(([, tables]) => tables))]);
    for (const [statement, tables] of statements) {
      const covered = tables.every((table) => shared.has(table));
      const known = findings.get(statement);
      if (!known) findings.set(statement, { tables, covered, test });
      else if (covered && !known.covered) findings.set(statement, { tables, covered, test });
    }
  }

  afterEach(async () => {
    await checkpoint(expect.getState().currentTestName ?? 'a test');
  });

  afterAll(async () => {
    await checkpoint('after all tests of the file');
    await owner?.end().catch(() => undefined);
    writeFileSync(
      path.join(directory, `${id}.json`),
      JSON.stringify({
        file: path.relative(path.resolve(__dirname, '../..'), testPath),
        statements: [...findings.entries()].map(([statement, finding]) => ({ statement, ...finding })),
      }),
    );
  });
}
