import { HttpException, Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DomainError, ErrorDetail, flattenValidationErrors } from '@mtl/http';

/** Reasons per field, shown beside the fields; `form` for what belongs to no field. */
export interface FormProblems {
  status: number;
  fields: Record<string, string[]>;
  form: string | null;
}

/** The fields of a posted form, without the CSRF token (which is no field of the DTO). */
function formFields(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return {};
  const { _csrf: _token, ...fields } = body as Record<string, unknown>;
  return fields;
}

function byField(details: readonly ErrorDetail[]): Record<string, string[]> {
  const fields: Record<string, string[]> = {};
  for (const { field, reason } of details) (fields[field] ??= []).push(reason);
  return fields;
}

/**
 * Checks a form against the API's own DTO with the global pipe's rules, so a page shows the same
 * reasons the API names. Returns the transformed DTO, or the problems.
 */
export async function validateForm<T extends object>(
  dto: Type<T>,
  body: unknown,
): Promise<{ value: T; problems: null } | { value: null; problems: FormProblems }> {
  const value = plainToInstance(dto, formFields(body));
  const errors = await validate(value, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    validationError: { target: false, value: false },
  });
  if (errors.length === 0) return { value, problems: null };
  return { value: null, problems: { status: 400, fields: byField(flattenValidationErrors(errors)), form: null } };
}

/**
 * A service's refusal as form problems (a taken email beside the email field, a closed
 * registration above the form); null for anything that is no client error, to be rethrown.
 */
export function formProblemsOf(error: unknown): FormProblems | null {
  let status: number;
  let message: string;
  let details: readonly ErrorDetail[];
  if (error instanceof DomainError) {
    status = error.httpStatus;
    message = error.message;
    details = error.details;
  } else if (error instanceof HttpException) {
    status = error.getStatus();
    const response = error.getResponse() as { message?: unknown; details?: unknown } | string;
    message =
      typeof response === 'string' ? response : typeof response.message === 'string' ? response.message : error.message;
    details =
      typeof response === 'object' && Array.isArray(response.details) ? (response.details as ErrorDetail[]) : [];
  } else {
    return null;
  }
  if (status >= 500 || status === 429) return null;
  return details.length > 0 ? { status, fields: byField(details), form: null } : { status, fields: {}, form: message };
}

/** A path on this site to return to after signing in; anything else (another host, `//x`) is refused. */
export function localPath(value: unknown, fallback: string): string {
  if (
    typeof value !== 'string' ||
    !value.startsWith('/') ||
    value.startsWith('//') ||
    value.includes('\\') ||
    value.length > 2048
  )
    return fallback;
  return value;
}
