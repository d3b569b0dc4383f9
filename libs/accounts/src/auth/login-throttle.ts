import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { ThrottlerGuard, ThrottlerModuleOptions, ThrottlerOptions } from '@nestjs/throttler';
import type { RedisConnectionFactory } from '@mtl/queue';
import { RedisThrottlerStorage } from './redis-throttler.storage';

/** Login attempts allowed per client address and email, per window. */
export const LOGIN_ATTEMPTS_PER_ACCOUNT = 10;
/** Login attempts allowed per client address, whatever the email (password spraying). */
export const LOGIN_ATTEMPTS_PER_ADDRESS = 100;
export const LOGIN_WINDOW_MS = 60_000;

const addressOf = (request: Record<string, unknown>): string =>
  typeof request.ip === 'string' ? request.ip : 'unknown';

const emailOf = (request: Record<string, unknown>): string => {
  const email = (request.body as { email?: unknown } | undefined)?.email;
  return typeof email === 'string' ? email.trim().toLowerCase() : '';
};

/**
 * The throttlers of the login endpoints: one per address and email (guessing one account's
 * password), one per address (trying many accounts). Both windows block for their length once
 * passed. Counted in Redis, so the limit holds across instances.
 */
export function loginThrottlerOptions(redis: RedisConnectionFactory): ThrottlerModuleOptions {
  const throttlers: ThrottlerOptions[] = [
    {
      name: 'login-account',
      limit: LOGIN_ATTEMPTS_PER_ACCOUNT,
      ttl: LOGIN_WINDOW_MS,
      getTracker: (request) => `${addressOf(request)}|${emailOf(request)}`,
    },
    { name: 'login-address', limit: LOGIN_ATTEMPTS_PER_ADDRESS, ttl: LOGIN_WINDOW_MS, getTracker: addressOf },
  ];
  return {
    throttlers,
    // One count per throttler and client, whichever login endpoint they use (the API's or the
    // LMS sign-in page): the default key includes the handler, which would give each its own budget.
    generateKey: (_context, tracker, throttlerName) =>
      createHash('sha256').update(`${throttlerName}-${tracker}`).digest('hex'),
    storage: new RedisThrottlerStorage(redis),
    errorMessage: (_context, detail) => `Too many sign-in attempts; try again in ${detail.timeToBlockExpire} seconds`,
  };
}

/** Applied to login endpoints only (see `@LoginEndpoint`), never app-wide. */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {}
