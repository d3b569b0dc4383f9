import type { FastifyRequest } from 'fastify';

/** The URL of this request with `page` set to `page` (absolute, like Django REST framework's). */
export function pageUrl(request: FastifyRequest, page: number): string {
  const url = new URL(request.url, `${request.protocol}://${request.host}`);
  url.searchParams.set('page', String(page));
  return url.toString();
}

export function pageLinks(request: FastifyRequest, page: number, pageSize: number, count: number): { next: string | null; previous: string | null } {
  const last = Math.max(1, Math.ceil(count / pageSize));
  return {
    next: page < last ? pageUrl(request, page + 1) : null,
    previous: page > 1 ? pageUrl(request, Math.min(page - 1, last)) : null,
  };
}
