import { tryParseAnyKey } from './key.parser';

/** The fixture's NULL marker, for fields a key does not have. */
export const NULL_FIELD = '\\N';
/** The fixture's kind for strings the reference rejects. */
export const INVALID_KIND = 'INVALID';

const NEEDS_ESCAPE = /[\\\t\n\r]/;

/** Writes a value the way the fixture does: `\\`, `\t`, `\n`, `\r` as two-character escapes. */
export function escapeField(value: string | null): string {
  if (value === null) return NULL_FIELD;
  if (!NEEDS_ESCAPE.test(value)) return value;
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    out += c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : c;
  }
  return out;
}

/**
 * One fixture line (without its newline) for `key`: `key kind org course run canonical`,
 * tab-separated. The key is tried as a learning-context key, then as a usage key.
 */
export function formatKeyRow(key: string): string {
  const parsed = tryParseAnyKey(key);
  const k = escapeField(key);
  if (parsed === null) return `${k}\t${INVALID_KIND}\t${NULL_FIELD}\t${NULL_FIELD}\t${NULL_FIELD}\t${NULL_FIELD}`;
  return `${k}\t${parsed.kind}\t${escapeField(parsed.org)}\t${escapeField(parsed.course)}\t${escapeField(
    parsed.run,
  )}\t${escapeField(parsed.toString())}`;
}
