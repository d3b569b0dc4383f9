import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody, HtmlErrorPages } from '@mtl/http';
import type { PageRequest } from './page-guards';
import { PageRenderer } from './page-renderer.service';

/** Paths that are never pages: their errors keep the JSON error shape whoever asks. */
const NOT_PAGES = /^\/(?:api|docs|health|static)(?:[/?]|$)/;

const HEADINGS: Record<number, string> = {
  400: 'That request was not understood',
  401: 'Please sign in',
  403: 'You cannot do that here',
  404: 'Page not found',
  405: 'That is not allowed here',
  409: 'That has already been done',
  429: 'Too many attempts',
  500: 'Something went wrong',
  503: 'Temporarily unavailable',
};

/**
 * The LMS's themed error pages, for browsers (an Accept header naming HTML) outside the API: the
 * exception filter asks here first and keeps JSON for everything else.
 */
@Injectable()
export class LmsErrorPages implements HtmlErrorPages {
  constructor(private readonly renderer: PageRenderer) {}

  wants(request: FastifyRequest): boolean {
    if (NOT_PAGES.test(request.url)) return false;
    const accept = request.headers.accept ?? '';
    return /\btext\/html\b|\bapplication\/xhtml\+xml\b/i.test(accept);
  }

  async render(request: FastifyRequest, reply: FastifyReply, body: ErrorBody): Promise<void> {
    const status = body.statusCode;
    const heading = HEADINGS[status] ?? (status >= 500 ? HEADINGS[500] : HEADINGS[400]);
    // Client errors say what was wrong; a 500 says nothing internal, only the id to quote.
    const message =
      status >= 500
        ? 'The problem is ours, not yours. Please try again in a moment.'
        : status === 404
          ? 'There is nothing at this address on this site. It may have moved, or the link may be mistyped.'
          : body.message;
    await this.renderer.render(request, reply, 'error', {
      crumbs: [heading],
      status,
      // Known when the request reached a page (its guard ran); unknown routes show no account.
      visitor: (request as PageRequest).visitor ?? null,
      data: { status, heading, message, errorId: body.errorId ?? null },
    });
  }
}
