import { HttpStatus } from '@nestjs/common';
import { CodedError, statusTable } from '@mtl/http';

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
export class SitesError extends CodedError<SitesErrorCode> {
  constructor(
    code: SitesErrorCode,
    readonly field: string,
    readonly reason: string,
  ) {
    super(code, `${field} ${reason}`, [{ field, reason }]);
  }

  get httpStatus(): HttpStatus {
    return sitesErrorStatus(this.code);
  }
}

/** The HTTP status of each code; a table over every code, so a new code must be mapped here. */
export const sitesErrorStatus = statusTable<SitesErrorCode>({
  [SitesErrorCode.INVALID_DOMAIN]: HttpStatus.BAD_REQUEST,
  [SitesErrorCode.UNKNOWN_ORGANIZATION]: HttpStatus.BAD_REQUEST,
  [SitesErrorCode.INVALID_CONFIGURATION]: HttpStatus.BAD_REQUEST,
  [SitesErrorCode.DUPLICATE_DOMAIN]: HttpStatus.CONFLICT,
  [SitesErrorCode.SITE_NOT_FOUND]: HttpStatus.NOT_FOUND,
  [SitesErrorCode.SITE_CONTEXT_MISSING]: HttpStatus.INTERNAL_SERVER_ERROR,
});

/**
 * Thrown when a handler asks for the current site where none was resolved (Studio, a route
 * mounted in the wrong app). A bug, not a client's mistake: loud on purpose, a 500.
 */
export class SiteContextMissingError extends SitesError {
  constructor() {
    super(SitesErrorCode.SITE_CONTEXT_MISSING, 'site', 'was not resolved for this request: refusing to guess one');
  }
}

/** @deprecated The old name of SitesError (errors are named `…Error`, ADR 0010). */
export const SitesException = SitesError;
/** @deprecated The old name of SitesError. */
export type SitesException = SitesError;
