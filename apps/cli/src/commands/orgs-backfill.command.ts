import { createReadStream, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { InjectDataSource } from '@nestjs/typeorm';
import { Command, CommandRunner, Option } from 'nest-commander';
import { DataSource } from 'typeorm';
import { BackfillService, formatBackfillReport, type BackfillProgress, type BackfillSource } from '@mtl/backfill';
import { openDatabase } from '@mtl/database';
import { TenantContext } from '@mtl/tenancy';
import { reportingFailure } from './command-support';

interface OrgsBackfillOptions {
  apply?: boolean;
  dry?: boolean;
  inactive?: boolean;
  fromFile?: string;
}

/** Plain progress lines (no terminal) at most this often. */
const PLAIN_PROGRESS_MS = 2_000;
/** The progress bar is redrawn at most this often. */
const BAR_REDRAW_MS = 100;
const BAR_WIDTH = 30;

/**
 * `orgs:backfill [--apply|--dry] [--inactive] [--from-file F]`: edx-platform's
 * `backfill_orgs_and_org_courses` (B-BACKFILL-1..6) over a file of keys, one a line (`-` is
 * standard input). A dry run (the default, no prompt) prints what `--apply` would write and
 * writes nothing. Progress goes to stderr (a bar on a terminal, a line every 2 s otherwise),
 * the report to stdout.
 */
@Command({
  name: 'orgs:backfill',
  description: 'Create the organizations and organization-course links implied by course keys (dry run unless --apply)',
})
export class OrgsBackfillCommand extends CommandRunner {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly context: TenantContext,
    private readonly backfill: BackfillService,
  ) {
    super();
  }

  @Option({ flags: '--apply', description: 'Write the changes (without it: a dry run)' })
  parseApply(): boolean {
    return true;
  }

  @Option({ flags: '--dry', description: 'Only show what would change (the default)' })
  parseDry(): boolean {
    return true;
  }

  @Option({ flags: '--inactive', description: 'Create new organizations and links inactive, and reactivate nothing' })
  parseInactive(): boolean {
    return true;
  }

  @Option({ flags: '--from-file <file>', description: "Read the keys from FILE, one a line ('-': standard input)" })
  parseFromFile(value: string): string {
    return value;
  }

  async run(_args: string[], options: OrgsBackfillOptions = {}): Promise<void> {
    await reportingFailure(() => this.backfillFrom(options));
  }

  private async backfillFrom(options: OrgsBackfillOptions): Promise<void> {
    if (options.apply && options.dry) throw new Error("Only one of 'apply' and 'dry' may be specified");
    const fromDatabase = options.fromFile === undefined || options.fromFile === '';
    const file = options.fromFile ?? '';
    // Without --from-file, the original's source: every course run and library in the database.
    const { source, size } = fromDatabase
      ? { source: undefined, size: undefined }
      : file === '-'
        ? { source: process.stdin, size: undefined }
        : openFile(file);
    const progress = createProgress(size);
    const dataSource = await openDatabase(this.dataSource);
    try {
      const backfillOptions = {
        apply: options.apply ?? false,
        inactive: options.inactive ?? false,
        actor: `cli:${safeUserName()}`,
        onProgress: progress.update,
      };
      const result = await this.context.runInNewContext(() =>
        source === undefined
          ? this.backfill.runFromDatabase(backfillOptions)
          : this.backfill.run(source, backfillOptions),
      );
      progress.done();
      process.stdout.write(formatBackfillReport(result));
    } finally {
      progress.done();
      await dataSource.destroy();
    }
  }
}

function openFile(file: string): { source: BackfillSource; size: number } {
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw new Error(`${file} is not a file`);
    size = stat.size;
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new Error(
      code === 'ENOENT' ? `no such file: ${file}` : error instanceof Error ? error.message : String(error),
      { cause: error },
    );
  }
  return { source: createReadStream(file), size };
}

function safeUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

interface ProgressDisplay {
  update: (progress: BackfillProgress) => void;
  done: () => void;
}

/** A bar on a terminal (bytes of the file read, keys/s), plain lines every 2 s otherwise; all on stderr. */
function createProgress(size: number | undefined): ProgressDisplay {
  const stderr = process.stderr;
  const started = Date.now();
  let last = 0;
  let drawn = false;
  let finished = false;
  const rate = (lines: number) => Math.round(lines / Math.max((Date.now() - started) / 1000, 0.001));
  const update = (progress: BackfillProgress) => {
    if (finished) return;
    const now = Date.now();
    const writing = progress.phase === 'writing';
    if (stderr.isTTY) {
      if (!writing && now - last < BAR_REDRAW_MS) return;
      last = now;
      const share = writing ? 1 : size ? Math.min(progress.bytes / size, 1) : 0;
      const filled = Math.round(share * BAR_WIDTH);
      const bar =
        size || writing
          ? `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${String(Math.floor(share * 100)).padStart(3)}% `
          : '';
      const tail = writing ? 'comparing and writing…' : `${rate(progress.lines)} keys/s`;
      stderr.write(`\r${bar}${progress.lines} keys, ${tail}\x1b[K`);
      drawn = true;
    } else {
      if (!writing && now - last < PLAIN_PROGRESS_MS) return;
      last = now;
      if (writing) stderr.write(`read ${progress.lines} keys; comparing with the database and writing\n`);
      else {
        const percent = size ? ` (${Math.floor((progress.bytes / size) * 100)}% of the file)` : '';
        stderr.write(`read ${progress.lines} keys${percent}, ${rate(progress.lines)} keys/s\n`);
      }
    }
  };
  const done = () => {
    if (finished) return;
    finished = true;
    if (drawn) stderr.write('\n');
  };
  return { update, done };
}
