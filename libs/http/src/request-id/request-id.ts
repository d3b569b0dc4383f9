import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';
/** A client's id is reused only when it is short and plain, so it cannot forge log lines. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const REQUEST_ID = Symbol('mtl:request-id');

type WithRequestId = IncomingMessage & { [REQUEST_ID]?: string };

/**
 * The id of a request: the client's `X-Request-Id` when sane, else a new UUID. Cached on the raw
 * request, so Fastify, the logger and the error filter all see the same id.
 */
export function requestIdOf(raw: IncomingMessage): string {
  const request = raw as WithRequestId;
  const cached = request[REQUEST_ID];
  if (cached) return cached;
  const given = request.headers[REQUEST_ID_HEADER];
  const id = typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : randomUUID();
  request[REQUEST_ID] = id;
  return id;
}
