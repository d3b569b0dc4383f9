import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomBytes } from 'node:crypto';
import { SiteConfigurationHelpers } from '@mtl/sites';
import type { PageVisitor } from './page-sessions.service';
import { SiteTheme, siteTheme } from './site-theme';

export interface PageOptions {
  /** Crumbs of the title, most specific first (`pageTitleBreadcrumbs`); none for the home page. */
  crumbs: string[];
  status?: number;
  visitor?: PageVisitor | null;
  /** What the template shows (`it.<name>`). */
  data?: Record<string, unknown>;
}

/** What every page's layout reads (`it.page`). */
export interface PageFrame {
  title: string;
  theme: SiteTheme;
  visitor: PageVisitor | null;
  csrfToken: string | null;
  path: string;
  styleNonce: string;
  /** `2 Dec 2026` for an ISO date or Date (UTC), '' for none. */
  date: (value: string | Date | null | undefined) => string;
}

const DATE_FORMAT = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

function formatDate(value: string | Date | null | undefined): string {
  if (value === null || value === undefined) return '';
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? '' : DATE_FORMAT.format(date);
}

/**
 * Renders a template inside the site's layout: the site's theme, the title built as Open edX
 * builds it (`crumbs | platform name`), the visitor, a CSRF token for the forms. Every page is
 * personal (no-store) and carries a Content-Security-Policy that runs no script at all.
 */
@Injectable()
export class PageRenderer {
  constructor(private readonly sites: SiteConfigurationHelpers) {}

  /** The current site's theme; the platform default outside a site or without configuration. */
  theme(): SiteTheme {
    return siteTheme({
      platformName: this.sites.platformName(),
      theme: this.sites.getDict('theme'),
      organizationLogoUrl: this.sites.currentSite()?.organization?.logoUrl ?? null,
    });
  }

  async render(request: FastifyRequest, reply: FastifyReply, view: string, options: PageOptions): Promise<void> {
    const html = await this.html(request, reply, view, options);
    void reply.code(options.status ?? 200).send(html);
  }

  async html(request: FastifyRequest, reply: FastifyReply, view: string, options: PageOptions): Promise<string> {
    const theme = this.theme();
    const page: PageFrame = {
      title: this.sites.pageTitleBreadcrumbs(...options.crumbs),
      theme,
      visitor: options.visitor ?? null,
      // Error pages may render before the CSRF plugin is in place (a failed start-up): no forms then.
      csrfToken: typeof reply.generateCsrf === 'function' ? reply.generateCsrf() : null,
      path: request.url.split('?')[0],
      styleNonce: randomBytes(16).toString('base64'),
      date: formatDate,
    };
    void reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('content-security-policy', contentSecurityPolicy(page))
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'same-origin');
    return reply.viewAsync(`${view}.eta`, { ...options.data, page });
  }
}

/** No script anywhere; styles from this site, the page's own nonce and the theme's stylesheet. */
function contentSecurityPolicy(page: PageFrame): string {
  const stylesheet = page.theme.stylesheetUrl?.startsWith('http') ? ` ${new URL(page.theme.stylesheetUrl).origin}` : '';
  return [
    "default-src 'self'",
    "script-src 'none'",
    `style-src 'self' 'nonce-${page.styleNonce}'${stylesheet}`,
    "img-src 'self' https: http: data:",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
