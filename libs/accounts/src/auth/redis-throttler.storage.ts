import { HttpStatus } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type Redis from 'ioredis';
import { ApiError } from '@mtl/http';
import type { RedisConnectionFactory } from '@mtl/queue';

/** ioredis states of a connection that was up and is not now. */
const LOST = new Set(['reconnecting', 'close', 'end']);

const signInUnavailable = () =>
  new ApiError(HttpStatus.SERVICE_UNAVAILABLE, 'Sign-in is temporarily unavailable; try again shortly', [
    { field: 'redis', reason: 'is unreachable' },
  ]);

/** How long a counter update may take before sign-in answers 503: it takes well under 1 ms. */
const COMMAND_TIMEOUT_MS = 1000;

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * One atomic step of a fixed window: count the hit (INCR, PEXPIRE on the first), and block the
 * key for `blockDuration` once the count passes the limit. Both keys share a hash tag, so the
 * script also runs on Redis Cluster. Returns {hits, ms to window end, blocked, ms to unblock}.
 */
const INCREMENT_SCRIPT = `
local hits = redis.call('INCR', KEYS[1])
if hits == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
local blocked = redis.call('PTTL', KEYS[2])
if blocked > 0 then return {hits, ttl, 1, blocked} end
if hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  return {hits, ttl, 1, tonumber(ARGV[3])}
end
return {hits, ttl, 0, 0}
`;

/**
 * Throttler counters in Redis, shared by every instance of the app, under the platform's key
 * prefix (`<REDIS_KEY_PREFIX>:throttle:…`). The keys the guard hands in are already hashes, so
 * no email or address is stored in clear. When Redis is unreachable, login answers 503: brute-force
 * protection fails closed.
 */
export class RedisThrottlerStorage implements ThrottlerStorage {
  private connection?: Redis;

  constructor(private readonly redis: RedisConnectionFactory) {}

  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    // A Redis that stops answering without closing (hung, or a network dropping packets) raises
    // no error; without a deadline the sign-in would wait for TCP to give up, hours later.
    this.connection ??= this.redis.create('client', { commandTimeout: COMMAND_TIMEOUT_MS });
    // Once connected, a connection that is reconnecting means Redis is away: answer now rather
    // than hold the sign-in in ioredis' offline queue for its retries (seconds, under load).
    // Before the first connect (just started) commands still wait for it.
    if (LOST.has(this.connection.status)) throw signInUnavailable();
    const base = `${this.redis.keyPrefix}:throttle:{${throttlerName}:${key}}`;
    let reply: [number, number, number, number];
    try {
      reply = (await this.connection.eval(
        INCREMENT_SCRIPT,
        2,
        `${base}:hits`,
        `${base}:block`,
        ttl,
        limit,
        blockDuration,
      )) as [number, number, number, number];
    } catch {
      throw signInUnavailable();
    }
    const [totalHits, msToExpire, blocked, msToUnblock] = reply;
    return {
      totalHits,
      timeToExpire: Math.ceil(msToExpire / 1000),
      isBlocked: blocked === 1,
      timeToBlockExpire: Math.ceil(msToUnblock / 1000),
    };
  }
}
