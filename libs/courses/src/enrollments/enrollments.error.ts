import { HttpStatus } from '@nestjs/common';
import { DomainError, ErrorDetail } from '@mtl/http';

export enum EnrollmentsErrorCode {
  /** The caller already has an active enrollment in the course. */
  ALREADY_ENROLLED = 'ALREADY_ENROLLED',
  /** The caller has no active enrollment in the course. */
  NOT_ENROLLED = 'NOT_ENROLLED',
  /** A member asked to enroll in a course of another organization that this site also lists. */
  OTHER_ORGANIZATION = 'OTHER_ORGANIZATION',
  /** `page` past the last page of a non-empty list. */
  PAGE_NOT_FOUND = 'PAGE_NOT_FOUND',
  /** No one is signed in (a route without its guard: a bug, loud on purpose). */
  NoLearner = 'NO_LEARNER',
}

export class EnrollmentsError extends DomainError {
  constructor(
    readonly code: EnrollmentsErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'EnrollmentsError';
  }

  get httpStatus(): HttpStatus {
    return enrollmentsErrorStatus(this.code);
  }

  get details(): readonly ErrorDetail[] {
    return this.field
      ? [
          {
            field: this.field,
            reason: this.message.startsWith(`${this.field} `)
              ? this.message.slice(this.field.length + 1)
              : this.message,
          },
        ]
      : [];
  }
}

/** Exhaustive: a new code fails the build until it is mapped. */
export function enrollmentsErrorStatus(code: EnrollmentsErrorCode): HttpStatus {
  switch (code) {
    case EnrollmentsErrorCode.ALREADY_ENROLLED:
      return HttpStatus.CONFLICT;
    case EnrollmentsErrorCode.NOT_ENROLLED:
    case EnrollmentsErrorCode.PAGE_NOT_FOUND:
      return HttpStatus.NOT_FOUND;
    case EnrollmentsErrorCode.OTHER_ORGANIZATION:
      return HttpStatus.FORBIDDEN;
    case EnrollmentsErrorCode.NoLearner:
      return HttpStatus.UNAUTHORIZED;
  }
}
