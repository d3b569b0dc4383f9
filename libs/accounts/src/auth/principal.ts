import type { TenantPrincipal } from '@mtl/tenancy';

/** Who a request acts as: an organization member (with their current role) or an operator. */
export type Principal = TenantPrincipal;

/**
 * What an access token says. `aud` names the one app or site it was issued for: `studio` for
 * Studio, `site:<siteId>` for an LMS site; every app refuses any other audience.
 */
export interface TokenClaims {
  /** The user (organization member) or operator id. */
  sub: string;
  /** The member's organization id; null for an operator. */
  org: number | null;
  /** The role when issued; requests use the current role from the database instead. */
  role: Principal['role'];
  aud: string;
  iss: string;
  iat: number;
  exp: number;
}

export const TOKEN_ISSUER = 'mtl';
export const STUDIO_AUDIENCE = 'studio';

export const SITE_AUDIENCE_PREFIX = 'site:';

/** The audience of tokens issued on one LMS site. */
export function siteAudience(siteId: number): string {
  return `${SITE_AUDIENCE_PREFIX}${siteId}`;
}
