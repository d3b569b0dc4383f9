import { tryParseCourseKey } from '@mtl/course-keys';
import { OrganizationsError } from './organizations.error';
import { shortNameProblem } from './short-name.util';

/*
 * Checks of organization input shared by every way an organization is written (Python-API-like
 * service calls, the REST API, the CLI, bulk work): each runs before any query, so bad input
 * writes nothing, and each names the field at fault. DTOs check the same earlier at the edge.
 */

/** Column limits of the `organizations` table (name, logo_url; short_name in short-name.util). */
export const NAME_MAX_LENGTH = 255;
export const LOGO_URL_MAX_LENGTH = 255;
/** Largest PostgreSQL `integer`: an id beyond it cannot exist and would make the query fail. */
const MAX_ID = 2_147_483_647;

export function requireShortName(value: unknown, field = 'short_name'): string {
  const problem = shortNameProblem(value);
  if (problem !== null) throw OrganizationsError.invalidOrganization(field, problem);
  return value as string;
}

/** A name is required and must say something: only white space is refused too. Stored as given. */
export function requireName(value: unknown, field = 'name'): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw OrganizationsError.invalidOrganization(field, 'is required');
  if (value.length > NAME_MAX_LENGTH)
    throw OrganizationsError.invalidOrganization(field, `must be at most ${NAME_MAX_LENGTH} characters`);
  return value;
}

export function optionalDescription(value: unknown, field = 'description'): string | null | undefined {
  if (value === undefined || value === null || typeof value === 'string') return value;
  throw OrganizationsError.invalidOrganization(field, 'must be a string');
}

export function optionalLogoUrl(value: unknown, field = 'logo_url'): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw OrganizationsError.invalidOrganization(field, 'must be a string');
  if (value.length > LOGO_URL_MAX_LENGTH)
    throw OrganizationsError.invalidOrganization(field, `must be at most ${LOGO_URL_MAX_LENGTH} characters`);
  return value;
}

export function requireId(value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_ID) {
    throw OrganizationsError.invalidOrganization('id', 'must be a positive integer');
  }
}

/** The course id string a key is stored as: `str(CourseKey.from_string(key))`, as Open edX stores it. */
export function requireCourseId(courseKey: unknown, field = 'course_id'): string {
  const courseId = typeof courseKey === 'string' ? courseIdOrNull(courseKey) : null;
  if (courseId === null) throw OrganizationsError.invalidCourseKey(courseKey, field);
  return courseId;
}

export function courseIdOrNull(courseKey: string): string | null {
  return tryParseCourseKey(courseKey)?.toString() ?? null;
}
