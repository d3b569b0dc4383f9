/**
 * Errors that mean a dependency is out of reach rather than that the request or the code is
 * wrong: a PostgreSQL connection ended under a query (a restart, a failover,
 * pg_terminate_backend), a pool that cannot connect, Redis gone. The request may well succeed a
 * moment later, so it is answered 503, not 500 (docs/adr/0012).
 */
export type Dependency = 'database' | 'redis';

/** SQLSTATEs of a connection lost or refused: class 08, the 57P0x shutdowns, too many connections. */
const CONNECTION_SQLSTATE = /^(08...|57P01|57P02|57P03|53300)$/;

/** What node-postgres and TypeORM say when the socket under a client is gone (they set no SQLSTATE). */
const DATABASE_CONNECTION_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /^Client has encountered a connection error and is not queryable/,
  /^Client was closed and is not queryable/,
  /^Query runner already released/,
  // pg's query_timeout: the database stopped answering (the connection is dropped: PooledClient).
  /^Query read timeout$/,
];
/**
 * TypeORM releases a query runner whose connection emitted an error (the server ended it); the
 * request's next query on it throws this. It follows a lost connection, so it is one too.
 */
const DATABASE_ERROR_NAMES = new Set(['QueryRunnerProviderAlreadyReleasedError', 'QueryRunnerAlreadyReleasedError']);

/** ioredis giving up on a command; a Redis call past its deadline (@mtl/queue withinRedisDeadline). */
const REDIS_ERROR_NAMES = new Set(['MaxRetriesPerRequestError', 'RedisUnansweredError']);
/** ioredis: a lost connection, a command refused while offline, one past its `commandTimeout`. */
const REDIS_CONNECTION_MESSAGES = [
  /^Connection is closed\.?$/,
  /enableOfflineQueue options is false/,
  /^Command timed out$/,
];
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']);

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  driverError?: unknown;
  cause?: unknown;
}

/** The dependency an error says is unreachable, looking through TypeORM's and Nest's wrappers; null otherwise. */
export function unavailableDependency(error: unknown): Dependency | null {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const e = current as ErrorLike;
    const message = typeof e.message === 'string' ? e.message : '';
    if (typeof e.code === 'string' && CONNECTION_SQLSTATE.test(e.code)) return 'database';
    if (typeof e.name === 'string' && DATABASE_ERROR_NAMES.has(e.name)) return 'database';
    if (DATABASE_CONNECTION_MESSAGES.some((pattern) => pattern.test(message))) return 'database';
    if (typeof e.name === 'string' && REDIS_ERROR_NAMES.has(e.name)) return 'redis';
    if (REDIS_CONNECTION_MESSAGES.some((pattern) => pattern.test(message))) return 'redis';
    // ioredis wraps its socket errors in the two above; a bare socket error is the pool's connect.
    if (typeof e.code === 'string' && SOCKET_CODES.has(e.code)) return 'database';
    current = e.driverError ?? e.cause;
  }
  return null;
}
