import type { DataSource } from 'typeorm';
import { openDatabase } from '@mtl/database';

/**
 * Runs a command's work, reporting a failure as one line on stderr and exit code 1, never a
 * stack: nest-commander's own handling of a failing run() prints without a newline and exits 0.
 */
export async function reportingFailure(work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}

/** Runs `work` with the command's database open (openDatabase), closed afterwards whatever happens. */
export async function withOpenDatabase<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  const opened = await openDatabase(dataSource);
  try {
    return await work();
  } finally {
    await opened.destroy();
  }
}
