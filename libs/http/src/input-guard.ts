import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody, ErrorDetail } from './errors/error-body';

/** How deeply a JSON body may nest objects and arrays; no endpoint needs more than a few levels. */
export const MAX_BODY_DEPTH = 32;

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Why a string cannot be taken in: PostgreSQL refuses NUL in text, and a lone UTF-16 surrogate
 * is no character at all (validators and the database choke on it). Null when it is fine.
 */
export function stringProblem(value: string): string | null {
  if (value.includes('\u0000')) return 'must not contain NUL characters';
  if (LONE_SURROGATE.test(value)) return 'must be valid Unicode text (it contains a lone surrogate)';
  return null;
}

/**
 * The first problem in a decoded request part: a string (or a key) that `stringProblem` refuses,
 * or nesting deeper than `maxDepth`. Iterative, so a hostile depth cannot overflow the stack.
 * Fields are named as the validation errors name them (`items[0].name`); `root` is the name of
 * the part itself when the problem is the whole of it.
 */
export function findInputProblem(value: unknown, root: string, maxDepth = MAX_BODY_DEPTH): ErrorDetail | null {
  const stack: { value: unknown; field: string; depth: number }[] = [{ value, field: '', depth: 0 }];
  while (stack.length > 0) {
    const { value: current, field, depth } = stack.pop()!;
    if (typeof current === 'string') {
      const reason = stringProblem(current);
      if (reason) return { field: field || root, reason };
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= maxDepth) return { field: root, reason: `nests deeper than ${maxDepth} levels` };
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--)
        stack.push({ value: current[i], field: `${field}[${i}]`, depth: depth + 1 });
      continue;
    }
    const keys = Object.keys(current);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i];
      const keyProblem = stringProblem(key);
      // A key stringProblem accepts has nothing printable() would escape.
      const shown = keyProblem ? printable(key) : key;
      const child = field ? `${field}.${shown}` : shown;
      if (keyProblem) return { field: child, reason: `is a field name that ${keyProblem}` };
      stack.push({ value: (current as Record<string, unknown>)[key], field: child, depth: depth + 1 });
    }
  }
  return null;
}

/** A field name as it can be shown back: NUL and lone surrogates escaped. */
function printable(key: string): string {
  return key.replace(
    new RegExp(`\u0000|${LONE_SURROGATE.source}`, 'g'),
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Nothing to look into: no value, or an object with no own keys (most GETs' params and query). */
function isEmptyPart(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value !== 'object' || Array.isArray(value)) return false;
  // findInputProblem looks only at own enumerable keys (Object.keys), without building that array.
  for (const key in value) if (Object.prototype.hasOwnProperty.call(value, key)) return false;
  return true;
}

/** The problem of a request's path parameters, query and body, in that order; null when clean. */
export function requestInputProblem(request: Pick<FastifyRequest, 'params' | 'query' | 'body'>): ErrorDetail | null {
  // The common GET (no parameter, no query, no body) skips the walk altogether.
  const { params, query, body } = request;
  return (
    (isEmptyPart(params) ? null : findInputProblem(params, 'path', 2)) ??
    (isEmptyPart(query) ? null : findInputProblem(query, 'query', 4)) ??
    (isEmptyPart(body) ? null : findInputProblem(body, 'body', MAX_BODY_DEPTH))
  );
}

/**
 * Refuses, before any guard, pipe or handler runs, a request whose path, query or body carries
 * a NUL byte, a lone surrogate or nesting deeper than MAX_BODY_DEPTH: a 400 in the error shape,
 * naming the field. Such input would otherwise reach validators, class-transformer's recursion
 * or PostgreSQL, and come back as a 500.
 */
export function refuseUnsafeInput(app: NestFastifyApplication): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('preValidation', (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void) => {
      const problem = requestInputProblem(request);
      if (!problem) return done();
      const body: ErrorBody = {
        statusCode: 400,
        error: 'Bad Request',
        message: `${problem.field} ${problem.reason}`,
        details: [problem],
      };
      void reply.status(400).header('content-type', 'application/json; charset=utf-8').send(body);
    });
}
