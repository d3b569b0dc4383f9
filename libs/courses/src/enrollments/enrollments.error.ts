import { HttpStatus } from '@nestjs/common';
import { CodedFieldError, statusTable } from '@mtl/http';

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

export class EnrollmentsError extends CodedFieldError<EnrollmentsErrorCode> {
  get httpStatus(): HttpStatus {
    return enrollmentsErrorStatus(this.code);
  }
}

/** A table over every code: a new code fails the build until it is mapped. */
export const enrollmentsErrorStatus = statusTable<EnrollmentsErrorCode>({
  [EnrollmentsErrorCode.ALREADY_ENROLLED]: HttpStatus.CONFLICT,
  [EnrollmentsErrorCode.NOT_ENROLLED]: HttpStatus.NOT_FOUND,
  [EnrollmentsErrorCode.PAGE_NOT_FOUND]: HttpStatus.NOT_FOUND,
  [EnrollmentsErrorCode.OTHER_ORGANIZATION]: HttpStatus.FORBIDDEN,
  [EnrollmentsErrorCode.NoLearner]: HttpStatus.UNAUTHORIZED,
});
