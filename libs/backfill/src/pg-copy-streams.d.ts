/** The part of pg-copy-streams (shipped without types) that the backfill uses. */
declare module 'pg-copy-streams' {
  import type { Readable, Writable } from 'node:stream';
  import type { Submittable } from 'pg';

  /** A `COPY … FROM STDIN` query: pass it to a pg client's `query`, then write rows to it and end it. */
  export interface CopyFromStream extends Writable, Submittable {
    /** Rows copied, once the stream has finished. */
    rowCount: number;
  }

  export function from(sql: string): CopyFromStream;

  /** A `COPY … TO STDOUT` query: pass it to a pg client's `query`, then read its rows. */
  export interface CopyToStream extends Readable, Submittable {}

  export function to(sql: string): CopyToStream;
}
