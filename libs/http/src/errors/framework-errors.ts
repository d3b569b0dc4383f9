import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody, ErrorDetail } from './error-body';

function errorBody(statusCode: number, detail: ErrorDetail): ErrorBody {
  return {
    statusCode,
    error: STATUS_CODES[statusCode] ?? 'Error',
    message: `${detail.field} ${detail.reason}`,
    details: [detail],
  };
}

/** What the router refuses before any route, hook or filter runs: bad percent-encoding, an overlong segment. */
const ROUTER_ERRORS: Record<string, [number, ErrorDetail]> = {
  FST_ERR_BAD_URL: [400, { field: 'path', reason: 'is not a valid URL (bad percent-encoding or not UTF-8)' }],
  FST_ERR_MAX_PARAM_LENGTH: [414, { field: 'path', reason: 'has a parameter longer than 1024 characters' }],
};

/**
 * Fastify's `frameworkErrors`: the router's own refusals, which never reach Nest's exception
 * filter, answered in the error shape instead of Fastify's `{code, …}` body.
 */
export function frameworkErrorHandler(
  error: Error & { code?: string; statusCode?: number },
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  const [status, detail] = ROUTER_ERRORS[error.code ?? ''] ?? [
    error.statusCode && error.statusCode < 500 ? error.statusCode : 400,
    { field: 'request', reason: 'was refused by the router' },
  ];
  void reply.status(status).header('content-type', 'application/json; charset=utf-8').send(errorBody(status, detail));
}

/**
 * Fastify's `clientErrorHandler`: requests Node's HTTP parser refuses (headers over the size
 * limit, a NUL or raw control byte in a header, a content length that is not a number) get the
 * error shape too, then the connection is closed, as Node itself would.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, detail]: [number, ErrorDetail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, { field: 'headers', reason: 'are larger than the server accepts (the URL counts too)' }]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, { field: 'request', reason: 'did not arrive in time' }]
        : [400, { field: 'request', reason: `is not valid HTTP/1.1 (${error.code ?? 'malformed'})` }];
  const body = JSON.stringify(errorBody(status, detail));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
