import { tryParseCourseKey } from '@mtl/course-keys';
import { invalidCourseKey } from './catalog.error';

/**
 * The canonical form of a course key given by a client (a path segment, a body field), or a 400
 * naming `field`. Library keys and usage keys are not course keys.
 */
export function canonicalCourseKey(value: unknown, field: string): string {
  const key = typeof value === 'string' ? tryParseCourseKey(value) : null;
  if (!key) throw invalidCourseKey(field);
  return key.toString();
}
