export { InvalidKeyError, type KeyFamily } from './invalid-key.error';
export type {
  AsideUsageKey,
  BlockUsageKey,
  CcxLocatorKey,
  CourseKey,
  CourseLocatorKey,
  DeprecatedUsageKey,
  KeyKind,
  LearningContextKey,
  LibraryLocatorKey,
  LibraryUsageKey,
  LibraryV2Key,
  LibraryV2UsageKey,
  OpaqueKey,
  SlashCourseKey,
  UsageKey,
} from './key.types';
export {
  parseAnyKey,
  parseCourseKey,
  parseLearningContextKey,
  parseUsageKey,
  tryParseAnyKey,
  tryParseCourseKey,
  tryParseLearningContextKey,
  tryParseUsageKey,
} from './key.parser';
export { orgOf } from './org-of';
export { INVALID_KIND, NULL_FIELD, escapeField, formatKeyRow } from './key-row.format';
export { writeKeyRows, type KeyRowsSummary } from './key-rows.stream';
