/** The organizations one request, job or command may read, and the one it may write. */
export interface TenantScope {
  readonly readable: readonly number[];
  readonly writable: number | null;
  /** Set once a writable organization was narrowed away: no write may be granted again. */
  readonly writeRevoked?: boolean;
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
