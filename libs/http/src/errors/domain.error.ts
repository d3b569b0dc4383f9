import type { HttpStatus } from '@nestjs/common';
import type { ErrorDetail } from './error-body';

/**
 * A refusal by a capability (accounts, organizations, sites …), told by a code rather than an
 * HTTP status: services serve HTTP apps, the CLI and jobs alike. Each capability's subclass maps
 * its codes to a status in one exhaustive switch (a new code fails the build until mapped), and
 * the exception filter renders any DomainError in the shared error shape, so controllers need no
 * translation of their own.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract get httpStatus(): HttpStatus;
  abstract get details(): readonly ErrorDetail[];
}
