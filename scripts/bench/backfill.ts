/**
 * The organizations backfill at scale.
 *
 *   npm run bench:backfill
 *
 * Writes 1,000,000 realistic keys (about 2,000 organizations, 5% invalid; generate-keys.ts) to a
 * temporary file, creates a throw-away migrated database, and runs the built CLI as an operator
 * would in production (`node dist/apps/cli/…/main.js orgs:backfill --apply --from-file F`; the
 * apps are built first when stale), as a child process: elapsed seconds, keys per second and
 * the child's peak memory (VmHWM/VmRSS from /proc, polled every 100 ms). Then runs it a second
 * time, which must create nothing. Last line: `seconds=<first run>`.
 * BENCH_KEYS and BENCH_ORGS change the corpus size.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createBenchDatabase } from './bench-database';
import { generateKeys } from './generate-keys';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/apps/cli/apps/cli/src/main.js');

interface RunResult {
  seconds: number;
  peakMb: number;
  stdout: string;
}

async function writeKeys(file: string, n: number, orgs: number): Promise<void> {
  const keys = generateKeys(n, 1, { orgs, invalid: 0.05 });
  const out = createWriteStream(file);
  for (let i = 0; i < keys.length; i += 10_000) {
    if (!out.write(keys.slice(i, i + 10_000).join('\n') + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** Peak resident memory of a live process so far, in kB (VmHWM, else VmRSS); 0 once it is gone. */
function peakKb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const hwm = /^VmHWM:\s+(\d+) kB/m.exec(status);
    const rss = /^VmRSS:\s+(\d+) kB/m.exec(status);
    return Math.max(Number(hwm?.[1] ?? 0), Number(rss?.[1] ?? 0));
  } catch {
    return 0;
  }
}

function runBackfill(file: string, databaseUrl: string, extraNodeArgs: string[] = []): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [...extraNodeArgs, CLI, 'orgs:backfill', '--apply', '--from-file', file], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let peak = 0;
    const poll = setInterval(() => (peak = Math.max(peak, peakKb(child.pid!))), 100);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    // 'exit' comes before the streams close; the last poll happens while the process may still exist.
    child.on('exit', () => (peak = Math.max(peak, peakKb(child.pid!))));
    child.on('close', (status, signal) => {
      clearInterval(poll);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (status !== 0) reject(new Error(`orgs:backfill exited with ${status ?? signal}:\n${stderr}`));
      else resolve({ seconds, peakMb: peak / 1024, stdout });
    });
  });
}

function created(report: string, what: string): number {
  const match = new RegExp(`^Created (\\d+) ${what}:`, 'm').exec(report);
  if (!match) throw new Error(`no "Created N ${what}" line in the report:\n${report}`);
  return Number(match[1]);
}

async function main(): Promise<void> {
  const { buildIfNeeded } = await import('../platform/build.mjs');
  buildIfNeeded({ log: (line: string) => console.log(line) });
  const n = Number(process.env.BENCH_KEYS ?? 1_000_000);
  const orgs = Number(process.env.BENCH_ORGS ?? 2_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'mtl-bench-backfill-'));
  const file = path.join(dir, 'keys.txt');
  const db = await createBenchDatabase('backfill');
  try {
    await writeKeys(file, n, orgs);
    console.log(`${n} keys over ${orgs} organizations (5% invalid) in ${(statSync(file).size / 1e6).toFixed(1)} MB`);
    const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];

    const first = await runBackfill(file, db.url, profile);
    const summary = first.stdout.split('\n').filter((line) => /^(Created|Reactivated|Read) /.test(line));
    for (const line of summary) console.log(`  ${line}`);
    console.log(
      `first run:  ${first.seconds.toFixed(2)} s, ${Math.round(n / first.seconds)} keys/s, peak ` +
        `${first.peakMb.toFixed(0)} MB`,
    );

    const second = await runBackfill(file, db.url);
    const orgsCreated = created(second.stdout, 'organizations');
    const linksCreated = created(second.stdout, 'organization-course linkages');
    console.log(
      `second run: ${second.seconds.toFixed(2)} s, peak ${second.peakMb.toFixed(0)} MB, created ` +
        `${orgsCreated} organizations and ${linksCreated} links` +
        (orgsCreated + linksCreated === 0 ? ' (nothing written, as it must)' : ' (EXPECTED 0)'),
    );
    if (orgsCreated + linksCreated !== 0) process.exitCode = 1;
    console.log(`seconds=${first.seconds.toFixed(2)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
