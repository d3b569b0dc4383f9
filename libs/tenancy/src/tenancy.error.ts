import { HttpStatus } from '@nestjs/common';
import { DomainError } from '@mtl/http';
import type { ErrorDetail } from '@mtl/http';

/**
 * Why tenancy refused. Both signal a bug (a path that forgot to enter a tenant, or tried to widen
 * one), never a client's mistake, so both are loud on purpose: HTTP answers 500 with an error id
 * and logs the error, naming nothing internal to the client.
 */
export enum TenancyErrorCode {
  TENANT_CONTEXT_MISSING = 'TENANT_CONTEXT_MISSING',
  TENANT_SCOPE_WIDENING = 'TENANT_SCOPE_WIDENING',
}

abstract class TenancyError extends DomainError {
  abstract override readonly code: TenancyErrorCode;

  get httpStatus(): HttpStatus {
    return HttpStatus.INTERNAL_SERVER_ERROR;
  }

  get details(): readonly ErrorDetail[] {
    return [];
  }
}

/** Thrown when code touches tenant data with no organization in its context. */
export class TenantContextMissingError extends TenancyError {
  readonly code = TenancyErrorCode.TENANT_CONTEXT_MISSING;

  constructor(what = 'tenant data') {
    super(`No organization in the current context: refusing to touch ${what}`);
    this.name = 'TenantContextMissingError';
  }
}

/** Thrown when code tries to widen the organizations a request may read or write. */
export class TenantScopeWideningError extends TenancyError {
  readonly code = TenancyErrorCode.TENANT_SCOPE_WIDENING;

  constructor(detail: string) {
    super(`A request may narrow its organizations, never widen them: ${detail}`);
    this.name = 'TenantScopeWideningError';
  }
}
