/** How long a request waits on a Redis call that has no deadline of its own. */
export const REDIS_REQUEST_DEADLINE_MS = 2000;

/** A Redis call unanswered past its deadline: Redis is unreachable (answered 503, docs/adr/0012). */
export class RedisUnansweredError extends Error {
  override readonly name = 'RedisUnansweredError';

  constructor(what: string, ms: number) {
    super(`Redis did not answer ${what} within ${ms} ms`);
  }
}

/**
 * `work`, or RedisUnansweredError once `ms` have passed: for the Redis calls on a request's path
 * made through Bull's connections, which have no `commandTimeout` (the worker's own commands must
 * not be cut). A Redis that went silent (hung, or packets dropped) raises no error by itself.
 */
export function withinRedisDeadline<T>(what: string, work: Promise<T>, ms = REDIS_REQUEST_DEADLINE_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RedisUnansweredError(what, ms)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}
