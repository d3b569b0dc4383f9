import { HttpStatus } from '@nestjs/common';
import { DomainError, ErrorDetail } from '@mtl/http';

export enum SitesErrorCode {
  INVALID_DOMAIN = 'INVALID_DOMAIN',
  DUPLICATE_DOMAIN = 'DUPLICATE_DOMAIN',
  UNKNOWN_ORGANIZATION = 'UNKNOWN_ORGANIZATION',
  SITE_NOT_FOUND = 'SITE_NOT_FOUND',
  INVALID_CONFIGURATION = 'INVALID_CONFIGURATION',
}

/** A refused sites operation, naming the field at fault. */
export class SitesException extends DomainError {
  constructor(
    readonly code: SitesErrorCode,
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field} ${reason}`);
    this.name = 'SitesException';
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
  }
}
