import { HttpStatus } from '@nestjs/common';
import { ApiError } from '@mtl/http';
import { OrganizationsErrorCode, OrganizationsException } from './organizations.exception';

/** The HTTP status of each code, in one exhaustive switch: a new code fails the build until mapped. */
export function organizationErrorStatus(code: OrganizationsErrorCode): HttpStatus {
  switch (code) {
    case OrganizationsErrorCode.INVALID_ORGANIZATION:
    case OrganizationsErrorCode.INVALID_COURSE_KEY:
    case OrganizationsErrorCode.UNKNOWN_ORGANIZATION:
      return HttpStatus.BAD_REQUEST;
    case OrganizationsErrorCode.DUPLICATE_SHORT_NAME:
      return HttpStatus.CONFLICT;
    case OrganizationsErrorCode.ORGANIZATION_NOT_FOUND:
      return HttpStatus.NOT_FOUND;
  }
}

/** Turns a domain error into the shared HTTP error shape (controllers call this, once). */
export function organizationErrorToHttp(error: OrganizationsException): ApiError {
  return new ApiError(organizationErrorStatus(error.code), error.message, [...error.details]);
}
