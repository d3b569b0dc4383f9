import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';

/** What a request line says about the tenant the request ran for; null where there is none. */
export interface RequestTenantFields {
  siteId: number | null;
  organizationId: number | null;
}

/**
 * One JSON line per request, written from Fastify's onResponse hook (and onRequestAbort for a
 * client that went away): the fields pino-http wrote before (`requestId`; `req` with id, method,
 * url, query, headers, remote address and port; `res` with status and headers; `responseTime` in
 * ms; the message "request completed", or from 500 on "request errored" with `err`), plus the
 * matched `route` and path `params`, `siteId` and `organizationId`. The root logger's `redact`
 * paths (authorization, cookie, set-cookie) apply as before.
 *
 * A hook rather than pino-http through middie: no child logger, no response listeners and no
 * middleware engine per request, and below the logger's level nothing at all but one check.
 */
export function registerRequestLog(
  fastify: FastifyInstance,
  logger: Logger,
  tenantOf: (request: FastifyRequest) => RequestTenantFields,
): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    if (logger.isLevelEnabled('info')) writeLine(logger, request, reply, tenantOf(request));
    done();
  });
  fastify.addHook('onRequestAbort', (request, done) => {
    if (logger.isLevelEnabled('info')) writeLine(logger, request, undefined, tenantOf(request));
    done();
  });
}

function writeLine(
  logger: Logger,
  request: FastifyRequest,
  reply: FastifyReply | undefined,
  tenant: RequestTenantFields,
): void {
  const line: Record<string, unknown> = {
    requestId: request.id,
    // The root logger's serializers (pino-http's, as before) turn these into `req` and `res`.
    req: request,
    res: reply?.raw,
    route: request.routeOptions.url ?? null,
    siteId: tenant.siteId,
    organizationId: tenant.organizationId,
    // An aborted request has no answer, and Fastify keeps its start time in the reply only.
    responseTime: reply ? Math.round(reply.elapsedTime) : null,
  };
  if (!reply) return logger.info(line, 'request aborted');
  if (reply.statusCode >= 500) {
    line.err = new Error(`failed with status code ${reply.statusCode}`);
    return logger.info(line, 'request errored');
  }
  logger.info(line, 'request completed');
}
