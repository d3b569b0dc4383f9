/*
 * Checks of Studio's authoring input, before any query (bad input writes nothing). Keys are built
 * and checked with the key grammar of libs/course-keys, one field at a time, so the answer names
 * the field at fault.
 */
import { tryParseCourseKey, tryParseLearningContextKey } from '@mtl/course-keys';
import { shortNameProblem } from '@mtl/organizations';
import { CATALOG_VISIBILITIES, CatalogVisibility } from '../course-run.entity';
import { AuthoringError } from './authoring.error';

/** Column limits of course_runs and libraries (varchar(255)). */
export const KEY_MAX_LENGTH = 255;
export const TITLE_MAX_LENGTH = 255;

/** Studio's default (B-STUDIO-3, ALLOW_UNICODE_COURSE_ID off): ASCII course numbers and runs. */
const ASCII_PRINTABLE = /^[\x21-\x7e]+$/;

export function requireOrg(value: unknown): string {
  const problem = shortNameProblem(value);
  if (problem !== null) throw AuthoringError.invalid('org', problem);
  return value as string;
}

/** A course number or run: non-empty ASCII that the course-v1 grammar accepts in that position. */
export function requireKeyPart(field: 'number' | 'run', value: unknown): string {
  if (typeof value !== 'string' || value === '') throw AuthoringError.invalid(field, 'is required');
  if (value.length > KEY_MAX_LENGTH)
    throw AuthoringError.invalid(field, `must be at most ${KEY_MAX_LENGTH} characters`);
  const reason = 'may contain only ASCII letters, digits and the characters _ - . ~ :';
  if (!ASCII_PRINTABLE.test(value)) throw AuthoringError.invalid(field, reason);
  const probe = field === 'number' ? `course-v1:x+${value}+x` : `course-v1:x+x+${value}`;
  const key = tryParseCourseKey(probe);
  const parsed = field === 'number' ? key?.course : key?.run;
  if (key?.kind !== 'course-v1' || parsed !== value) throw AuthoringError.invalid(field, reason);
  return value;
}

/** `course-v1:ORG+NUMBER+RUN`, checked whole by the grammar and against the column's length. */
export function buildCourseKey(org: string, number: string, run: string): string {
  const key = tryParseCourseKey(`course-v1:${org}+${number}+${run}`);
  if (key?.kind !== 'course-v1' || key.org !== org)
    throw AuthoringError.invalid('org', 'is not a valid course key organization');
  const text = key.toString();
  if (text.length > KEY_MAX_LENGTH)
    throw AuthoringError.invalid('run', `makes the course key longer than ${KEY_MAX_LENGTH} characters`);
  return text;
}

/** A library slug: what the `lib:ORG:SLUG` grammar accepts (Unicode word characters, `-`, `.`). */
export function requireSlug(value: unknown): string {
  if (typeof value !== 'string' || value === '') throw AuthoringError.invalid('slug', 'is required');
  if (value.length > KEY_MAX_LENGTH)
    throw AuthoringError.invalid('slug', `must be at most ${KEY_MAX_LENGTH} characters`);
  const key = tryParseLearningContextKey(`lib:x:${value}`);
  if (key?.kind !== 'lib' || key.slug !== value)
    throw AuthoringError.invalid('slug', 'may contain only letters, digits, _, - and .');
  return value;
}

export function buildLibraryKey(org: string, slug: string): string {
  const key = tryParseLearningContextKey(`lib:${org}:${slug}`);
  if (key?.kind !== 'lib' || key.org !== org)
    throw AuthoringError.invalid('org', 'is not a valid library key organization');
  const text = key.toString();
  if (text.length > KEY_MAX_LENGTH)
    throw AuthoringError.invalid('slug', `makes the library key longer than ${KEY_MAX_LENGTH} characters`);
  return text;
}

/** A display name or title: non-empty text of at most 255 characters, no NUL (PostgreSQL stores none). */
export function requireTitle(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw AuthoringError.invalid(field, 'is required');
  if (value.length > TITLE_MAX_LENGTH)
    throw AuthoringError.invalid(field, `must be at most ${TITLE_MAX_LENGTH} characters`);
  if (value.includes('\u0000')) throw AuthoringError.invalid(field, 'may not contain NUL characters');
  return value;
}

/** A date: undefined (not given), null (none), a Date or an ISO 8601 string. */
export function optionalDate(field: 'start' | 'end', value: unknown): Date | null | undefined {
  if (value === undefined || value === null) return value;
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null;
  if (date === null || Number.isNaN(date.getTime()))
    throw AuthoringError.invalid(field, 'must be an ISO 8601 date-time or null');
  return date;
}

/** The start must precede the end when both are set. */
export function requireDateOrder(start: Date | null, end: Date | null): void {
  if (start !== null && end !== null && start.getTime() >= end.getTime())
    throw AuthoringError.invalid('end', 'must be after start');
}

export function optionalVisibility(value: unknown): CatalogVisibility | undefined {
  if (value === undefined) return undefined;
  if (!(CATALOG_VISIBILITIES as readonly unknown[]).includes(value)) {
    throw AuthoringError.invalid('catalog_visibility', `must be one of ${CATALOG_VISIBILITIES.join(', ')}`);
  }
  return value as CatalogVisibility;
}

export function optionalBoolean(field: string, value: unknown): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  throw AuthoringError.invalid(field, 'must be a boolean');
}

/** A `q` search: at most 255 characters, no NUL; empty means no filter. */
export function optionalSearch(value: unknown): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw AuthoringError.invalid('q', 'must be a string');
  if (value.length > TITLE_MAX_LENGTH)
    throw AuthoringError.invalid('q', `must be at most ${TITLE_MAX_LENGTH} characters`);
  if (value.includes('\u0000')) throw AuthoringError.invalid('q', 'may not contain NUL characters');
  return value;
}

/** A course key from a path: a course-v1 key the grammar accepts, else a 400 naming `courseKey`. */
export function requireCourseKeyParam(value: string): string {
  const key = value.length <= KEY_MAX_LENGTH ? tryParseCourseKey(value) : null;
  if (key === null) throw AuthoringError.invalid('courseKey', 'is not a valid course key');
  return key.toString();
}

/** `%`, `_` and `\` match themselves in a LIKE pattern. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
