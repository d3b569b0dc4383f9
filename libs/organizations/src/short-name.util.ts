/*
 * The short_name rules, enforced everywhere (the original checks them only in Django admin
 * forms, B-ORG-3): non-empty, at most 255 characters, only ASCII letters, digits, `.`, `_`, `-`.
 * The database holds the same rule as a CHECK constraint, so a path that forgets this still fails.
 */
export const SHORT_NAME_MAX_LENGTH = 255;
export const SHORT_NAME_PATTERN = /^[A-Za-z0-9._-]+$/;

/** Why `value` is not an acceptable short_name, or null when it is. */
export function shortNameProblem(value: unknown): string | null {
  if (typeof value !== 'string' || value.length === 0) return 'is required';
  if (value.length > SHORT_NAME_MAX_LENGTH) return `must be at most ${SHORT_NAME_MAX_LENGTH} characters`;
  if (!SHORT_NAME_PATTERN.test(value)) return 'may contain only letters A-Z and a-z, digits, ".", "_" and "-"';
  return null;
}

export function isValidShortName(value: unknown): value is string {
  return shortNameProblem(value) === null;
}
