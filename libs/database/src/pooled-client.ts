import { Client } from 'pg';

/** What pg answers a query that `query_timeout` gave up on (pg/lib/client.js). */
export const QUERY_READ_TIMEOUT = 'Query read timeout';

type Callback = (error: Error | undefined, result: unknown) => void;

/**
 * The pg client our pools make: one that has an 'error' listener from birth, and that gives up
 * its connection when a query outlives `query_timeout`.
 *
 * pg-pool hands a freshly connected client to TypeORM, which attaches its own listener a
 * microtask later. When the server ends the connection at that moment (pg_terminate_backend, a
 * restart, a failover), the error can arrive in the same socket read as the connection's
 * ReadyForQuery, before that listener exists, and an 'error' event with no listener throws out
 * of the socket handler: the process dies (test/faults/database-terminations found it). This
 * listener only keeps the process alive; the client is already marked not queryable, so its
 * next use fails as an unavailable database (a 503) and the pool drops it on release.
 *
 * A database that stops answering without closing (a hung server, a network dropping packets)
 * raises no error at all. `query_timeout` makes pg answer the query with an error, but the
 * statement is still outstanding on the connection: every later query on it would queue behind
 * it, and the pool would keep handing the client out. So the connection is destroyed then, as pg
 * itself does in pipeline mode: the client is no longer queryable, the pool drops it on release
 * and opens a fresh one when the database answers again.
 */
export class PooledClient extends Client {
  constructor(config?: ConstructorParameters<typeof Client>[0]) {
    super(config);
    this.on('error', ignoreHandledElsewhere);
  }

  // pg's overloads (text, config, submittable; callback or promise) are all forwarded as they are.
  override query(...args: unknown[]): never {
    const query = super.query as (...a: unknown[]) => unknown;
    // Without query_timeout (owner, worker, CLI) nothing times out: no wrapping on that path.
    if (!(this as unknown as { connectionParameters: { query_timeout?: number } }).connectionParameters.query_timeout)
      return query.apply(this, args) as never;
    const last = args.length - 1;
    const submittable = args[0] as { submit?: unknown; callback?: Callback } | undefined;
    if (typeof args[last] === 'function') {
      args[last] = this.abandonOnTimeout(args[last] as Callback);
    } else if (typeof submittable?.submit === 'function' && typeof submittable.callback === 'function') {
      submittable.callback = this.abandonOnTimeout(submittable.callback);
    }
    const result = query.apply(this, args);
    if (result instanceof Promise) result.catch((error: unknown) => this.abandonIfTimedOut(error));
    return result as never;
  }

  private abandonOnTimeout(callback: Callback): Callback {
    return (error, result) => {
      this.abandonIfTimedOut(error);
      callback(error, result);
    };
  }

  private abandonIfTimedOut(error: unknown): void {
    if (!(error instanceof Error) || error.message !== QUERY_READ_TIMEOUT) return;
    const internals = this as unknown as { _queryable: boolean; connection: { stream: { destroy(): void } } };
    // Not queryable from now on (pg-pool drops such a client on release, pg refuses queries on
    // it); the socket's close then fails whatever was still queued on it.
    internals._queryable = false;
    internals.connection.stream.destroy();
  }
}

/** The pool's and TypeORM's listeners report the error; a lone one here has nothing to add. */
function ignoreHandledElsewhere(): void {}
