import { HttpStatus } from '@nestjs/common';
import { DomainError, ErrorDetail } from '@mtl/http';

export enum CatalogErrorCode {
  /** The path's course key does not parse as a course key. */
  INVALID_COURSE_KEY = 'INVALID_COURSE_KEY',
  /** Not served on this site: unknown, unpublished, hidden, or another site's (one answer for all). */
  COURSE_NOT_FOUND = 'COURSE_NOT_FOUND',
  /** `page` past the last page of a non-empty list. */
  PAGE_NOT_FOUND = 'PAGE_NOT_FOUND',
}

/** A refusal of the LMS catalog, naming the field at fault where there is one. */
export class CatalogError extends DomainError {
  constructor(
    readonly code: CatalogErrorCode,
    message: string,
    readonly field?: string,
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'CatalogError';
  }

  get httpStatus(): HttpStatus {
    return catalogErrorStatus(this.code);
  }

  get details(): readonly ErrorDetail[] {
    return this.field && this.reason ? [{ field: this.field, reason: this.reason }] : [];
  }
}

/** Exhaustive: a new code fails the build until it is mapped. */
export function catalogErrorStatus(code: CatalogErrorCode): HttpStatus {
  switch (code) {
    case CatalogErrorCode.INVALID_COURSE_KEY:
      return HttpStatus.BAD_REQUEST;
    case CatalogErrorCode.COURSE_NOT_FOUND:
    case CatalogErrorCode.PAGE_NOT_FOUND:
      return HttpStatus.NOT_FOUND;
  }
}

export function invalidCourseKey(field: string): CatalogError {
  const reason = 'is not a valid course key (such as course-v1:ORG+COURSE+RUN)';
  return new CatalogError(CatalogErrorCode.INVALID_COURSE_KEY, `${field} ${reason}`, field, reason);
}

/** The same 404 whether the course exists elsewhere or not at all: no existence leak. */
export function courseNotFound(): CatalogError {
  return new CatalogError(CatalogErrorCode.COURSE_NOT_FOUND, 'No such course on this site');
}
