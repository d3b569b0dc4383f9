import { HttpException, HttpStatus } from '@nestjs/common';
import type { ErrorDetail } from './error-body';

/**
 * An HTTP error that carries field-level details. Throw it (or one of the helpers below) from
 * controllers and services; the exception filter renders it in the shared error shape.
 */
export class ApiError extends HttpException {
  constructor(
    status: HttpStatus,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super({ message, details }, status);
  }

  static badRequest(message: string, details: ErrorDetail[] = []): ApiError {
    return new ApiError(HttpStatus.BAD_REQUEST, message, details);
  }

  static field(field: string, reason: string, status: HttpStatus = HttpStatus.BAD_REQUEST): ApiError {
    return new ApiError(status, `${field} ${reason}`, [{ field, reason }]);
  }

  static notFound(message = 'Not found'): ApiError {
    return new ApiError(HttpStatus.NOT_FOUND, message);
  }

  static conflict(message: string, details: ErrorDetail[] = []): ApiError {
    return new ApiError(HttpStatus.CONFLICT, message, details);
  }
}
