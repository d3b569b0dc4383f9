import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody } from './error-body';

/**
 * An app that serves pages to browsers provides this (under HTML_ERROR_PAGES) to answer its
 * errors as themed pages. The exception filter asks it first; whatever it does not want stays
 * the JSON error shape, so an API client never gets HTML.
 */
export interface HtmlErrorPages {
  /** True when this request should get a page rather than JSON (a browser, outside the API). */
  wants(request: FastifyRequest): boolean;
  /** Sends the page for this error; a rejection falls back to the JSON body. */
  render(request: FastifyRequest, reply: FastifyReply, body: ErrorBody): Promise<void>;
}

export const HTML_ERROR_PAGES = Symbol.for('mtl:html-error-pages');
