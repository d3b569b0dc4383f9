import { HttpStatus } from '@nestjs/common';
import { CodedError } from '@mtl/http';
/**
 * What can go wrong in the organizations capability, as codes rather than HTTP statuses: the
 * service is used by HTTP apps, the CLI and jobs alike, and each maps codes its own way (HTTP in
 * one exhaustive switch, `organizationErrorStatus`, which DomainError's filter uses), so a new code breaks the build
 * until mapped.
 */
export enum OrganizationsErrorCode {
  /** The organization data is unacceptable (missing name, bad short_name, bad id). */
  INVALID_ORGANIZATION = 'INVALID_ORGANIZATION',
  /** The course key does not parse as a CourseKey (`lib:` keys included, as in the original). */
  INVALID_COURSE_KEY = 'INVALID_COURSE_KEY',
  /** Another organization already has this short_name, compared case-insensitively. */
  DUPLICATE_SHORT_NAME = 'DUPLICATE_SHORT_NAME',
  /** The organization addressed does not exist, is inactive, or is outside the caller's scope. */
  ORGANIZATION_NOT_FOUND = 'ORGANIZATION_NOT_FOUND',
  /**
   * Input names an organization the registry does not have (strict mode of ensureOrganization,
   * bulk course links): a problem with the input, not a missing resource.
   */
  UNKNOWN_ORGANIZATION = 'UNKNOWN_ORGANIZATION',
}

/** One offending input field and why (the same shape as the HTTP error details). */
export interface OrganizationsErrorDetail {
  readonly field: string;
  readonly reason: string;
}

export class OrganizationsError extends CodedError<OrganizationsErrorCode> {
  get httpStatus(): HttpStatus {
    return organizationErrorStatus(this.code);
  }

  static invalidOrganization(field: string, reason: string): OrganizationsError {
    return new OrganizationsError(
      OrganizationsErrorCode.INVALID_ORGANIZATION,
      `The organization you have provided is not valid: ${field} ${reason}`,
      [{ field, reason }],
    );
  }

  static invalidCourseKey(courseKey: unknown, field = 'course_id'): OrganizationsError {
    const shown = typeof courseKey === 'string' ? courseKey : String(courseKey);
    return new OrganizationsError(
      OrganizationsErrorCode.INVALID_COURSE_KEY,
      `The course key you have provided is not valid: ${JSON.stringify(shown)}`,
      [{ field, reason: 'is not a valid course key' }],
    );
  }

  static duplicateShortName(shortName: string): OrganizationsError {
    return new OrganizationsError(
      OrganizationsErrorCode.DUPLICATE_SHORT_NAME,
      `An organization with short_name '${shortName}' already exists`,
      [{ field: 'short_name', reason: 'is already taken (compared case-insensitively)' }],
    );
  }

  static notFound(what: string): OrganizationsError {
    return new OrganizationsError(OrganizationsErrorCode.ORGANIZATION_NOT_FOUND, `No active organization ${what}`);
  }

  static unknownOrganizations(shortNames: readonly string[], field = 'short_name'): OrganizationsError {
    const listed = shortNames.map((name) => `'${name}'`).join(', ');
    return new OrganizationsError(
      OrganizationsErrorCode.UNKNOWN_ORGANIZATION,
      `${shortNames.length === 1 ? 'Organization' : 'Organizations'} ${listed} ` +
        `${shortNames.length === 1 ? 'does' : 'do'} not exist`,
      shortNames.map((name) => ({ field, reason: `no organization '${name}' exists` })),
    );
  }
}

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

/** @deprecated The old name of OrganizationsError (errors are named `…Error`, ADR 0010). */
export const OrganizationsException = OrganizationsError;
/** @deprecated The old name of OrganizationsError. */
export type OrganizationsException = OrganizationsError;
