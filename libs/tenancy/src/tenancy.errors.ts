/**
 * Thrown when code touches tenant data with no organization in its context. It signals a bug
 * (a path that forgot to enter a tenant), so it is loud on purpose: HTTP turns it into a 500.
 */
export class TenantContextMissingError extends Error {
  constructor(what = 'tenant data') {
    super(`No organization in the current context: refusing to touch ${what}`);
    this.name = 'TenantContextMissingError';
  }
}

/** Thrown when code tries to widen the organizations a request may read or write. */
export class TenantScopeWideningError extends Error {
  constructor(detail: string) {
    super(`A request may narrow its organizations, never widen them: ${detail}`);
    this.name = 'TenantScopeWideningError';
  }
}
