/**
 * Queue and job names, shared by the producers (HTTP apps, CLI) and the consumer (worker).
 * Each job name maps to its payload type in `JobPayloads`, so both sides type-check together.
 */
export enum QueueName {
  System = 'system',
  /** Operators' long jobs (organizations backfill): one at a time per worker, resumable. */
  Operations = 'operations',
}

export enum JobName {
  /** Round trip through the queue: the worker answers with its identity (used by health and tests). */
  Ping = 'system.ping',
  /** Organizations and organization-course links from course keys (operators, Studio). */
  Backfill = 'operations.backfill',
}

export interface JobPayloads {
  [JobName.Ping]: { sentAt: string };
  /** `keys: null` reads every course run and library of the database instead. */
  [JobName.Backfill]: {
    apply: boolean;
    inactive: boolean;
    keys: string[] | null;
    requestedBy: string;
    chunkSize: number;
  };
}

/**
 * What a backfill job records as its progress after each committed chunk: the worker resumes from
 * `processed` if it is killed, and `summary` accumulates what the chunks did.
 */
export interface BackfillJobProgress {
  processed: number;
  total: number;
  summary: BackfillJobSummary | null;
}

/** The counts of a backfill (all chunks together), with the first few names and problems. */
export interface BackfillJobSummary {
  applied: boolean;
  inactive: boolean;
  lines: number;
  courses: number;
  libraries: number;
  skippedV2Libraries: number;
  invalid: { count: number; first: { line: number; key: string; reason?: string }[] };
  badShortNames: { count: number; first: { line: number; key: string; org: string }[] };
  organizations: { created: number; reactivated: number; createdFirst: string[] };
  links: { created: number; reactivated: number; createdFirst: string[] };
}

export interface JobResults {
  [JobName.Ping]: { worker: string; pid: number; sentAt: string; receivedAt: string };
  [JobName.Backfill]: BackfillJobSummary;
}
