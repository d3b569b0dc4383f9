import { HttpStatus } from '@nestjs/common';
import { DomainError, ErrorDetail } from '@mtl/http';

export enum SitesErrorCode {
  INVALID_DOMAIN = 'INVALID_DOMAIN',
  DUPLICATE_DOMAIN = 'DUPLICATE_DOMAIN',
  UNKNOWN_ORGANIZATION = 'UNKNOWN_ORGANIZATION',
  SITE_NOT_FOUND = 'SITE_NOT_FOUND',
  INVALID_CONFIGURATION = 'INVALID_CONFIGURATION',
  /** A handler asked for the current site where none was resolved: a bug, so a 500. */
  SITE_CONTEXT_MISSING = 'SITE_CONTEXT_MISSING',
}

/** A refused sites operation, naming the field at fault. */
export class SitesError extends DomainError {
  constructor(
    readonly code: SitesErrorCode,
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field} ${reason}`);
    this.name = 'SitesError';
  }

  get httpStatus(): HttpStatus {
    return sitesErrorStatus(this.code);
  }

  get details(): readonly ErrorDetail[] {
    return [{ field: this.field, reason: this.reason }];
  }
}

/** The HTTP status of each code; the switch is exhaustive, so a new code must be mapped here. */
export function sitesErrorStatus(code: SitesErrorCode): HttpStatus {
  switch (code) {
    case SitesErrorCode.INVALID_DOMAIN:
    case SitesErrorCode.UNKNOWN_ORGANIZATION:
    case SitesErrorCode.INVALID_CONFIGURATION:
      return HttpStatus.BAD_REQUEST;
    case SitesErrorCode.DUPLICATE_DOMAIN:
      return HttpStatus.CONFLICT;
    case SitesErrorCode.SITE_NOT_FOUND:
      return HttpStatus.NOT_FOUND;
    case SitesErrorCode.SITE_CONTEXT_MISSING:
      return HttpStatus.INTERNAL_SERVER_ERROR;
  }
}

/**
 * Thrown when a handler asks for the current site where none was resolved (Studio, a route
 * mounted in the wrong app). A bug, not a client's mistake: loud on purpose, a 500.
 */
export class SiteContextMissingError extends SitesError {
  constructor() {
    super(SitesErrorCode.SITE_CONTEXT_MISSING, 'site', 'was not resolved for this request: refusing to guess one');
    this.name = 'SiteContextMissingError';
  }
}

/** @deprecated The old name of SitesError (errors are named `…Error`, ADR 0010). */
export const SitesException = SitesError;
/** @deprecated The old name of SitesError. */
export type SitesException = SitesError;
