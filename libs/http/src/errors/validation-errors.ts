import type { ValidationError } from 'class-validator';
import { ApiError } from './api.error';
import type { ErrorDetail } from './error-body';

/** Flattens nested class-validator errors into `{field, reason}` with dotted paths (`items[0].name`). */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const error of errors) {
    const field = /^\d+$/.test(error.property)
      ? `${parent}[${error.property}]`
      : parent
        ? `${parent}.${error.property}`
        : error.property;
    for (const [rule, reason] of Object.entries(error.constraints ?? {})) {
      // class-validator prefixes messages with the property name; drop it, the field names it.
      const text = reason.startsWith(`${error.property} `) ? reason.slice(error.property.length + 1) : reason;
      details.push({ field, reason: rule === 'whitelistValidation' ? 'is not an accepted field' : text });
    }
    if (error.children?.length) details.push(...flattenValidationErrors(error.children, field));
  }
  return details;
}

/** The ValidationPipe's exceptionFactory: one 400 naming every bad field. */
export function validationExceptionFactory(errors: ValidationError[]): ApiError {
  const details = flattenValidationErrors(errors);
  const message = details.length === 1 ? `${details[0].field} ${details[0].reason}` : 'Validation failed';
  return ApiError.badRequest(message, details);
}
