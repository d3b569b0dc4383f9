/** The organizations one request, job or command may read, and the one it may write. */
export interface TenantScope {
  readonly readable: readonly number[];
  readonly writable: number | null;
  /** Set once a writable organization was narrowed away: no write may be granted again. */
  readonly writeRevoked?: boolean;
}

/** A scope that reads a fixed set of organizations and writes none, frozen: safe to share. */
export type ReadOnlyScope = TenantScope & { readonly writable: null; readonly [READ_ONLY]: true };
declare const READ_ONLY: unique symbol;

/**
 * The read-only scope of `organizationIds` (sorted, without repeats), built once and shared by
 * every request that reads them (a site's scope, built when the site is cached).
 */
export function readOnlyScope(organizationIds: readonly number[]): ReadOnlyScope {
  const readable = Object.freeze([...new Set(organizationIds)].sort((a, b) => a - b));
  return Object.freeze({ readable, writable: null, writeRevoked: false }) as ReadOnlyScope;
}

/** Who is acting: an organization member, or an operator (no organization). */
export interface TenantPrincipal {
  readonly userId: string;
  readonly organizationId: number | null;
  readonly role: 'learner' | 'author' | 'admin' | 'operator';
}

/** What a job carries so that the worker can re-enter its tenant (ids only, never entities). */
export interface SerializedTenant {
  readonly readable: readonly number[];
  readonly writable: number | null;
  readonly siteId: number | null;
  readonly requestId: string | null;
  readonly principal: TenantPrincipal | null;
}

/** Audited cross-organization access: who and why. */
export interface CrossOrganizationReason {
  readonly actor: string;
  readonly reason: string;
  /** The one organization entered, when the use is about one (CrossOrganizationAccess.withinOrganization). */
  readonly organizationId?: number;
}
