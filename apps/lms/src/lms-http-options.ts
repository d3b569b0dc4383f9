import type { HttpAppDescription } from '@mtl/app-core';

/** How the LMS presents itself: OpenAPI title and the port it listens on. */
export const LMS_HTTP_OPTIONS: HttpAppDescription = {
  title: 'LMS API',
  description: 'What learners use. The Host header selects the site; the site decides the catalog and sign-in.',
  port: (config) => config.http.LMS_PORT,
};
