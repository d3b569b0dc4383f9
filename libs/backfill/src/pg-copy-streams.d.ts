/** The part of pg-copy-streams (shipped without types) that the backfill uses. */
declare module 'pg-copy-streams' {
  import type { Writable } from 'node:stream';
  import type { Submittable } from 'pg';

  /** A `COPY … FROM STDIN` query: pass it to a pg client's `query`, then write rows to it and end it. */
  export interface CopyFromStream extends Writable, Submittable {
    /** Rows copied, once the stream has finished. */
    rowCount: number;
  }

  export function from(sql: string): CopyFromStream;
}
