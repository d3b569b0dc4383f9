/**
 * How a benchmark script starts, stops and runs its helper processes, in one place: the exit code
 * it ends with, the cleanups Ctrl-C still runs, and a child node process whose output it reads.
 */
import { spawn } from 'node:child_process';

/**
 * Runs a benchmark's `main`: exits with the code it set (0 if none) once it resolves, and with 1,
 * the error printed, once it throws. The exit is explicit: pools and agents may keep the loop alive.
 */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(process.exitCode ?? 0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

/** On these signals the cleanups run (the database dropped, the Redis keys deleted…), then exit 130. */
export function cleanUpOnSignals(
  cleanups: { run(): Promise<void> },
  signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'],
): void {
  const interrupted = (signal: NodeJS.Signals): void => {
    console.error(`${signal}: cleaning up`);
    void cleanups.run().finally(() => process.exit(130));
  };
  for (const signal of signals) process.once(signal, interrupted);
}

/**
 * Runs `node ...args` and resolves its standard output; rejects, with its standard error, if it
 * exits with another code than 0. Asynchronous on purpose: the server under test may live in this
 * very process.
 */
export function runNode(args: string[], label: string): Promise<string> {
  const child = spawn(process.execPath, args);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${label} failed (${code}): ${stderr}`));
      resolve(stdout);
    });
  });
}
