import type { HttpStatus } from '@nestjs/common';
import type { ErrorDetail } from './error-body';

/**
 * The base of every error the platform's own code throws (accounts, organizations, sites,
 * tenancy, course keys), told by a code rather than an HTTP status: services serve HTTP apps, the
 * CLI and jobs alike. One naming everywhere (ADR 0010): the class is `<Capability>Error` (or a
 * more precise `<What>Error` subclass), its codes an enum `<Capability>ErrorCode` whose members
 * are SCREAMING_SNAKE_CASE and equal their values, mapped to a status in one exhaustive switch (a
 * new code fails the build until mapped). The exception filter renders a refusal (4xx) in the
 * shared error shape, so controllers need no translation of their own; a 500 (a bug the code
 * detected, such as a missing tenant) is logged and answered with an error id, naming nothing.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract get httpStatus(): HttpStatus;
  abstract get details(): readonly ErrorDetail[];
}
