import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { SiteContextMissingError } from './sites.error';
import { resolvedSiteOf } from './site-resolution.hook';
import type { CachedSite } from './site-registry';

/**
 * The site the request was resolved to (the LMS's root site hook). Throws when no site was
 * resolved (an app without the hook, a route mounted where it should not be), never returns
 * undefined: like `@CurrentOrganization()`, it fails closed.
 */
export const CurrentSite = createParamDecorator((_data: unknown, ctx: ExecutionContext): CachedSite => {
  const site = resolvedSiteOf(ctx.switchToHttp().getRequest<FastifyRequest>());
  if (!site) throw new SiteContextMissingError();
  return site;
});
