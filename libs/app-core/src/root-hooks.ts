import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { ClsService } from 'nestjs-cls';
import { PinoLogger } from 'nestjs-pino';
import { httpConfig, HttpSettings } from '@mtl/config';
import { echoRequestIdHook, optionalProvider, refuseUnsafeInput, setLinkHost } from '@mtl/http';
import { registerRequestLog } from '@mtl/logging';
import { SiteResolutionHook } from '@mtl/sites';
import { requestContextHook, TenantContext, TenancyStore } from '@mtl/tenancy';

/**
 * Every root (Fastify) hook of an HTTP app, in the one order that works, for `startHttpApp` and
 * the test apps alike:
 *
 * 1. the request context (nestjs-cls): every later hook and the handler run inside it;
 * 2. the request id echoed in `X-Request-Id`;
 * 3. the LMS's site, resolved from Host into the context (needs 1); an app without sites
 *    (Studio) names its configured domain as the host of its links instead;
 * 4. unsafe input (NUL bytes, lone surrogates, deep nesting) refused before validation
 *    (a preValidation hook, so the body is parsed);
 * 5. the request log line, on response (docs/performance.md: what each of these costs).
 *
 * Call it before `app.init()`, once.
 */
export function registerRootHooks(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  const context = app.get(TenantContext);
  fastify.addHook('onRequest', requestContextHook(app.get<ClsService<TenancyStore>>(ClsService)));
  fastify.addHook('onRequest', echoRequestIdHook);
  const siteHook = optionalProvider(app, SiteResolutionHook);
  if (siteHook) {
    fastify.addHook('onRequest', siteHook.onRequest);
  } else {
    const studioDomain = app.get<HttpSettings>(httpConfig.KEY).STUDIO_DOMAIN;
    fastify.addHook('onRequest', (request, _reply, done) => {
      setLinkHost(request, studioDomain);
      done();
    });
  }
  refuseUnsafeInput(app);
  // The organization a request ran for: the one it may write in, else its principal's, else the
  // only one it may read (a tenant site's).
  registerRequestLog(fastify, PinoLogger.root, () => {
    const scope = context.scope;
    const readable = scope?.readable.length === 1 ? scope.readable[0] : null;
    return {
      siteId: context.siteId ?? null,
      organizationId: scope?.writable ?? context.principal?.organizationId ?? readable,
    };
  });
}
