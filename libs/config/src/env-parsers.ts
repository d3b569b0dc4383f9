/**
 * Boolean environment values. Mirrors Django's truthiness for ORGANIZATIONS_AUTOCREATE:
 * an empty string or 0 means false (B-ORGAPI-14), so '' is accepted as false.
 */
const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off', '']);

export function parseBooleanEnv(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) return true;
  if (FALSE_WORDS.has(word)) return false;
  return value; // left as a string so that @IsBoolean reports it
}

export function parseIntegerEnv(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  return /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
}
