/**
 * Where the keys come from: a byte or text stream of keys, one a line (a file, standard input,
 * an upload). Later sources (every course run and library in the database, a job's stored
 * key list) only need to produce the same: chunks of newline-separated keys.
 */
export type BackfillSource = NodeJS.ReadableStream | AsyncIterable<Buffer | string>;

export interface BackfillProgress {
  /** `reading`: keys are being parsed and copied; `writing`: the set-based SQL runs. */
  phase: 'reading' | 'writing';
  /** Lines read so far. */
  lines: number;
  /** Bytes read so far (of the source's total, when the caller knows it). */
  bytes: number;
}

export interface BackfillOptions {
  /** Write (true) or only compute what would be written (false, the default: a dry run). */
  apply?: boolean;
  /** Create new organizations and links inactive, and reactivate nothing (`--inactive`). */
  inactive?: boolean;
  /** Called every few thousand lines while reading, and once when the SQL phase starts. */
  onProgress?: (progress: BackfillProgress) => void;
  /** Who the cross-organization access is audited as (default: the context's principal, else `system`). */
  actor?: string;
  /** How many names/lines each list of the result keeps (default 20); counts are always complete. */
  listLimit?: number;
  /** How many invalid keys and bad short names are kept with their line numbers (default 10). */
  problemLimit?: number;
}

/** A line that is not a course or library-v1 key (or whose course id cannot be stored). */
export interface InvalidKeyLine {
  line: number;
  key: string;
  /** Set when the key parses but cannot be used (e.g. no org, id longer than 255 characters). */
  reason?: string;
}

/** A key whose org breaks the short_name rule (`[A-Za-z0-9._-]{1,255}`): skipped, never created or linked. */
export interface BadShortNameLine {
  line: number;
  key: string;
  org: string;
}

/** A count and its first entries (sorted), e.g. `{count: 1204, first: ['acme', …]}`. */
export interface CountedList {
  count: number;
  first: string[];
}

export interface BackfillResult {
  /** Whether anything was written (false: a dry run, whose counts say what `apply` would do). */
  applied: boolean;
  inactive: boolean;
  /** Lines read (every line of the source, blank ones included). */
  lines: number;
  /** Valid course keys (course-v1, deprecated slash, ccx-v1) with a usable org, duplicates included. */
  courses: number;
  /** Valid library-v1 keys with a usable org (they make organizations exist, but get no link). */
  libraries: number;
  /** v2 `lib:` keys: ignored, as the original ignores v2 libraries (B-BACKFILL-1). */
  skippedV2Libraries: number;
  invalid: { count: number; first: InvalidKeyLine[] };
  /** `count`: keys skipped; `organizations`: distinct offending org slugs. */
  badShortNames: { count: number; organizations: number; first: BadShortNameLine[] };
  /**
   * Organizations created (dry run: to be created; names as found in the keys, sorted) and
   * reactivated (names as stored, sorted).
   */
  organizations: { created: CountedList; reactivated: CountedList };
  /** Links created / reactivated, as `<lower-cased org short name>,<course id>` sorted. */
  links: { created: CountedList; reactivated: CountedList };
}
