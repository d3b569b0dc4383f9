import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { httpConfig, HttpSettings } from '@mtl/config';
import { TenantContext } from '@mtl/tenancy';
import { SiteRegistry } from './site-registry';

/**
 * Resolves every request's site from `Host` (`X-Forwarded-Host` only with TRUST_PROXY) in a
 * Fastify onRequest hook, from the in-process cache: no database query. It puts the site into the
 * request context and limits the request to the organizations the site may show.
 */
@Injectable()
export class SiteResolutionHook implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly registry: SiteRegistry,
    private readonly context: TenantContext,
    @Inject(httpConfig.KEY) private readonly http: HttpSettings,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return; // not an HTTP application
    const trustProxy = this.http.TRUST_PROXY;
    fastify.addHook('onRequest', (request, _reply, done) => {
      const forwarded = trustProxy ? request.headers['x-forwarded-host'] : undefined;
      const site = this.registry.resolve(forwarded ?? request.headers.host);
      this.context.setSite(site.id);
      this.context.restrictReadTo(site.readableOrganizationIds);
      done();
    });
  }
}
