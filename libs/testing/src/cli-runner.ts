import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'apps/cli/src/main.ts');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Added to (and overriding) this test file's environment: its DATABASE_URL, REDIS_URL, … */
  env?: NodeJS.ProcessEnv;
  /** Fed to standard input. */
  input?: string;
  /** Start from this environment instead of the test file's (for start-up checks). */
  replaceEnv?: boolean;
}

function environment(options: CliOptions): NodeJS.ProcessEnv {
  const base = options.replaceEnv ? { PATH: process.env.PATH } : { ...process.env, LOG_LEVEL: 'silent' };
  return { ...base, ...options.env };
}

/** `npm run cli -- <args>` as an operator runs it, against this test file's database and Redis. */
export function runCli(args: string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', CLI, ...args], {
      cwd: ROOT,
      env: environment(options),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** The same, blocking: for checks that need no server of the test's own to keep answering. */
export function runCliSync(args: string[], options: CliOptions = {}): CliResult {
  const result = spawnSync(process.execPath, ['-r', '@swc-node/register', CLI, ...args], {
    cwd: ROOT,
    env: environment(options),
    input: options.input ?? '',
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
