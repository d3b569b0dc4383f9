import { HttpStatus } from '@nestjs/common';
import { CodedError, statusTable } from '@mtl/http';

/** Why Studio authoring refused a request; each code maps to one HTTP answer below. */
export enum AuthoringErrorCode {
  /** A field is missing or breaks its rule (the key grammar, a length, the date order). */
  INVALID_INPUT = 'INVALID_INPUT',
  /** A member named an organization other than their own. */
  ORGANIZATION_FORBIDDEN = 'ORGANIZATION_FORBIDDEN',
  /** A course or library with this key exists already, compared case-insensitively. */
  DUPLICATE_KEY = 'DUPLICATE_KEY',
  /** No such course in the caller's reach: another organization's is the same answer. */
  COURSE_NOT_FOUND = 'COURSE_NOT_FOUND',
}

export class AuthoringError extends CodedError<AuthoringErrorCode> {
  get httpStatus(): HttpStatus {
    return authoringErrorStatus(this.code);
  }

  static invalid(field: string, reason: string): AuthoringError {
    return new AuthoringError(AuthoringErrorCode.INVALID_INPUT, `${field} ${reason}`, [{ field, reason }]);
  }

  static forbiddenOrganization(org: string): AuthoringError {
    return new AuthoringError(
      AuthoringErrorCode.ORGANIZATION_FORBIDDEN,
      `You may create only under your own organization, not '${org}'`,
      [{ field: 'org', reason: "must be your organization's short_name" }],
    );
  }

  static duplicate(field: 'course_key' | 'library_key', key: string): AuthoringError {
    const what = field === 'course_key' ? 'A course' : 'A library';
    return new AuthoringError(AuthoringErrorCode.DUPLICATE_KEY, `${what} with the key '${key}' already exists`, [
      { field, reason: 'already exists (compared case-insensitively)' },
    ]);
  }

  static courseNotFound(): AuthoringError {
    return new AuthoringError(AuthoringErrorCode.COURSE_NOT_FOUND, 'No such course');
  }
}

/** A table over every code: a new code fails the build until it is mapped. */
export const authoringErrorStatus = statusTable<AuthoringErrorCode>({
  [AuthoringErrorCode.INVALID_INPUT]: HttpStatus.BAD_REQUEST,
  [AuthoringErrorCode.ORGANIZATION_FORBIDDEN]: HttpStatus.FORBIDDEN,
  [AuthoringErrorCode.DUPLICATE_KEY]: HttpStatus.CONFLICT,
  [AuthoringErrorCode.COURSE_NOT_FOUND]: HttpStatus.NOT_FOUND,
});
