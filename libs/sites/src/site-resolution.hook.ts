import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest, onRequestHookHandler } from 'fastify';
import { httpConfig, HttpSettings } from '@mtl/config';
import { setLinkHost } from '@mtl/http';
import { TenantContext } from '@mtl/tenancy';
import { CachedSite, SiteRegistry } from './site-registry';

/**
 * The site each request was resolved to, for `@CurrentSite()`: kept on the raw request, so it is
 * gone with it (a WeakMap entry per request cost more than the rest of the hook).
 */
const RESOLVED_SITE = Symbol('mtl:resolved-site');
type WithResolvedSite = FastifyRequest['raw'] & { [RESOLVED_SITE]?: CachedSite };

/** The site the request was resolved to, or undefined when no site hook ran (Studio). */
export function resolvedSiteOf(request: FastifyRequest): CachedSite | undefined {
  return (request.raw as WithResolvedSite)[RESOLVED_SITE];
}

/**
 * Resolves every request's site from `Host` (`X-Forwarded-Host` only with TRUST_PROXY), from the
 * in-process cache: no database query. It puts the site into the request context, limits the
 * request to the organizations the site may show, and makes the site's domain the host of the
 * links the request builds. A root hook: it needs the request context, so `registerRootHooks`
 * (@mtl/app-core) registers it after the context hook.
 */
@Injectable()
export class SiteResolutionHook {
  constructor(
    private readonly registry: SiteRegistry,
    private readonly context: TenantContext,
    @Inject(httpConfig.KEY) private readonly http: HttpSettings,
  ) {}

  readonly onRequest: onRequestHookHandler = (request, _reply, done) => {
    const forwarded = this.http.TRUST_PROXY ? request.headers['x-forwarded-host'] : undefined;
    const site = this.registry.resolve(forwarded ?? request.headers.host);
    this.context.enterSite(site.id, site.readScope);
    (request.raw as WithResolvedSite)[RESOLVED_SITE] = site;
    setLinkHost(request, site.domain);
    done();
  };
}
