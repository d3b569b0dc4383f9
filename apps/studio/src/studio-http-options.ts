import type { HttpAppDescription } from '@mtl/app-core';

/** How Studio presents itself: OpenAPI title and the port it listens on. */
export const STUDIO_HTTP_OPTIONS: HttpAppDescription = {
  title: 'Studio API',
  description:
    'What course authors and operators use: courses and libraries of one organization; sites, ' +
    'organizations and backfills for operators.',
  port: (config) => config.http.STUDIO_PORT,
};
