import { Client } from 'pg';

/**
 * The pg client our pools make: one that has an 'error' listener from birth.
 *
 * pg-pool hands a freshly connected client to TypeORM, which attaches its own listener a
 * microtask later. When the server ends the connection at that moment (pg_terminate_backend, a
 * restart, a failover), the error can arrive in the same socket read as the connection's
 * ReadyForQuery, before that listener exists, and an 'error' event with no listener throws out
 * of the socket handler: the process dies (test/faults/database-terminations found it). This
 * listener only keeps the process alive; the client is already marked not queryable, so its
 * next use fails as an unavailable database (a 503) and the pool drops it on release.
 */
export class PooledClient extends Client {
  constructor(config?: ConstructorParameters<typeof Client>[0]) {
    super(config);
    this.on('error', ignoreHandledElsewhere);
  }
}

/** The pool's and TypeORM's listeners report the error; a lone one here has nothing to add. */
function ignoreHandledElsewhere(): void {}
