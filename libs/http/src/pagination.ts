import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { ApiError } from './errors/api.error';
import { linkHostOf } from './public-host';

/** Lists are pages of `{count, next, previous, results}`, `page_size` at most 100 (product.md). */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
/** Far past any real list, and small enough that (page - 1) × page_size stays a safe offset. */
export const MAX_PAGE = 1_000_000;

export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  page_size?: number;
}

/** Which rows a page query asks for, defaults applied. */
export interface PageWindow {
  /** 1-based. */
  page: number;
  pageSize: number;
  /** Rows before the page: `(page - 1) * pageSize`. */
  offset: number;
}

/** One page of a list, as every list endpoint answers it. */
export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

export function pageWindow(query: PageQueryDto): PageWindow {
  const page = query.page ?? 1;
  const pageSize = query.page_size ?? DEFAULT_PAGE_SIZE;
  return { page, pageSize, offset: (page - 1) * pageSize };
}

/**
 * The one paging routine of the list endpoints: loads the window the query asks for, answers a
 * page past the end with 404 "Invalid page" (as Django REST framework does), and links the
 * neighbouring pages.
 */
export async function paginate<T>(
  request: FastifyRequest,
  query: PageQueryDto,
  load: (window: PageWindow) => Promise<{ count: number; results: T[] }>,
): Promise<Page<T>> {
  const window = pageWindow(query);
  const { count, results } = await load(window);
  if (window.page > 1 && results.length === 0) throw ApiError.notFound('Invalid page');
  return { count, ...pageLinks(request, window.page, window.pageSize, count), results };
}

/**
 * The URL of this request with `page` set to `page`, absolute like Django REST framework's. The
 * host is the one the app resolved for the request (the LMS site's domain, Studio's configured
 * domain), never the raw Host header; scheme and port are the request's.
 */
export function pageUrl(request: FastifyRequest, page: number): string {
  // The port comes from the client's Host header: one that is no port (`:99999999`) is left out.
  const port = validPort(request.port);
  const url = new URL(request.url, `${request.protocol}://${linkHostOf(request)}${port ? `:${port}` : ''}`);
  url.searchParams.set('page', String(page));
  return url.toString();
}

function validPort(port: number | null | undefined): number | null {
  return typeof port === 'number' && Number.isInteger(port) && port > 0 && port <= 65535 ? port : null;
}

export function pageLinks(
  request: FastifyRequest,
  page: number,
  pageSize: number,
  count: number,
): { next: string | null; previous: string | null } {
  const last = Math.max(1, Math.ceil(count / pageSize));
  return {
    next: page < last ? pageUrl(request, page + 1) : null,
    previous: page > 1 ? pageUrl(request, Math.min(page - 1, last)) : null,
  };
}
