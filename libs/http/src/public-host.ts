import type { FastifyRequest } from 'fastify';

/**
 * The host name the app answers a request as, for absolute links it builds (pagination): the LMS
 * sets the resolved site's domain, Studio its configured domain, from the root hooks. Links are
 * never built from the raw Host header, which any client may set (`Host: evil.example`).
 */
const LINK_HOST = Symbol('mtl:link-host');
/** Kept on the raw request, gone with it (cheaper than a WeakMap entry per request). */
type WithLinkHost = FastifyRequest['raw'] & { [LINK_HOST]?: string };

export function setLinkHost(request: FastifyRequest, host: string): void {
  (request.raw as WithLinkHost)[LINK_HOST] = host;
}

/** Throws when no root hook named the host: a link built blind would be a bug, so it fails closed. */
export function linkHostOf(request: FastifyRequest): string {
  const host = (request.raw as WithLinkHost)[LINK_HOST];
  if (host === undefined) throw new Error('No link host was set for this request (root hooks not registered?)');
  return host;
}
