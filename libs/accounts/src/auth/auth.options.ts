import type { TenantContext } from '@mtl/tenancy';

/** How one app authenticates: which token audience it accepts (and issues). */
export interface AuthOptions {
  /**
   * The audience this app accepts for the current request: a constant (`studio`), or derived
   * from the context (an LMS site: `site:<siteId>` once the site is resolved). Null refuses all.
   */
  audience: string | ((context: TenantContext) => string | null);
}

export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');
