import { encodeV1, encodeV2, splitAsideV1, splitAsideV2 } from './aside-keys';
import { buildLibraryV2, buildLibraryV2Usage } from './colon-keys';
import { buildI4x, buildSlash } from './deprecated-keys';
import type { CourseKey, LearningContextKey, OpaqueKey, UsageKey } from './key.types';
import { InvalidKeyError, type KeyFamily } from './invalid-key.error';
import {
  buildBlock,
  buildCcx,
  buildCcxBlock,
  buildCourse,
  buildLibrary,
  buildLibraryBlock,
  buildLocation,
} from './locator-keys';
import { ParsedKey } from './parsed-key';

// Namespaces the reference registers (opaque-keys and ccx-keys entry points). Lookup is exact
// and case-sensitive; the namespace is the text before the first ':'.
export const NS_COURSE = 1; // course-v1
export const NS_SLASHES = 2; // legacy alias of course-v1
export const NS_LIBRARY = 3; // library-v1
export const NS_CCX = 4; // ccx-v1
export const NS_LIB = 5; // lib (LearningContextKey only, not CourseKey)
export const NS_BLOCK = 6; // block-v1
export const NS_LIB_BLOCK = 7; // lib-block-v1
export const NS_LB = 8; // lb
export const NS_CCX_BLOCK = 9; // ccx-block-v1
export const NS_LOCATION = 10; // location
export const NS_ASIDE_V1 = 11; // aside-usage-v1
export const NS_ASIDE_V2 = 12; // aside-usage-v2

/** The namespace id of s[0, colon), or 0 when no plugin is registered under it. */
export function namespaceOf(s: string, colon: number): number {
  switch (colon) {
    case 9:
      return s.startsWith('course-v1') ? NS_COURSE : 0;
    case 7:
      return s.startsWith('slashes') ? NS_SLASHES : 0;
    case 10:
      return s.startsWith('library-v1') ? NS_LIBRARY : 0;
    case 6:
      return s.startsWith('ccx-v1') ? NS_CCX : 0;
    case 3:
      return s.startsWith('lib') ? NS_LIB : 0;
    case 8:
      return s.startsWith('block-v1') ? NS_BLOCK : s.startsWith('location') ? NS_LOCATION : 0;
    case 12:
      return s.startsWith('lib-block-v1') ? NS_LIB_BLOCK : s.startsWith('ccx-block-v1') ? NS_CCX_BLOCK : 0;
    case 2:
      return s.startsWith('lb') ? NS_LB : 0;
    case 14:
      return s.startsWith('aside-usage-v1') ? NS_ASIDE_V1 : s.startsWith('aside-usage-v2') ? NS_ASIDE_V2 : 0;
    default:
      return 0;
  }
}

// Guards recursion through nested aside keys. Valid nesting needs an encoding that doubles at
// each level, so real keys stay far below this; it only stops pathological input.
const MAX_ASIDE_DEPTH = 32;

/** Parses s as any namespaced key in `allowed` (a bit set of namespace ids). */
function parseNamespaced(s: string, allowed: number, depth: number): ParsedKey | null {
  const colon = s.indexOf(':');
  if (colon < 0) return null;
  const ns = namespaceOf(s, colon);
  if (ns === 0 || (allowed & (1 << ns)) === 0) return null;
  const from = colon + 1;
  switch (ns) {
    case NS_COURSE:
    case NS_SLASHES:
      return buildCourse(s, from);
    case NS_LIBRARY:
      return buildLibrary(s, from);
    case NS_CCX:
      return buildCcx(s, from);
    case NS_LIB:
      return buildLibraryV2(s, from);
    case NS_BLOCK:
      return buildBlock(s, from);
    case NS_LIB_BLOCK:
      return buildLibraryBlock(s, from);
    case NS_LB:
      return buildLibraryV2Usage(s, from);
    case NS_CCX_BLOCK:
      return buildCcxBlock(s, from);
    case NS_LOCATION:
      return buildLocation(s, from);
    default:
      return depth < MAX_ASIDE_DEPTH ? buildAside(s.slice(from), ns === NS_ASIDE_V1, depth) : null;
  }
}

function buildAside(body: string, v1: boolean, depth: number): ParsedKey | null {
  const parts = v1 ? splitAsideV1(body) : splitAsideV2(body);
  if (parts === null) return null;
  const inner = usage(parts[0], depth + 1);
  if (inner === null) return null;
  const innerString = inner.toString();
  // AsideUsageKeyV1 refuses usage keys that its own format could not split back.
  if (v1 && (innerString.includes('::') || innerString.endsWith(':'))) return null;
  const canonical = v1
    ? `aside-usage-v1:${encodeV1(innerString)}::${encodeV1(parts[1])}`
    : `aside-usage-v2:${encodeV2(innerString)}::${encodeV2(parts[1])}`;
  return new ParsedKey(
    v1 ? 'aside-usage-v1' : 'aside-usage-v2',
    inner.org,
    inner.course,
    inner.run,
    inner.branch,
    inner.versionGuid,
    inner.ccx,
    inner.slug,
    inner.blockType,
    inner.blockId,
    parts[1],
    false,
    canonical,
  );
}

const bit = (ns: number): number => 1 << ns;
const COURSE_NS = bit(NS_COURSE) | bit(NS_SLASHES) | bit(NS_LIBRARY) | bit(NS_CCX);
const CONTEXT_NS = COURSE_NS | bit(NS_LIB);
const USAGE_NS =
  bit(NS_BLOCK) |
  bit(NS_LIB_BLOCK) |
  bit(NS_LB) |
  bit(NS_CCX_BLOCK) |
  bit(NS_LOCATION) |
  bit(NS_ASIDE_V1) |
  bit(NS_ASIDE_V2);

// The reference falls back to the deprecated parser whenever the namespaced parse fails.
// A string with ':' can never be a valid slash key (':' is outside its character set), so
// the fallback is only tried on strings without one; likewise i4x only on "i4x://...".

function context(s: string, allowed: number): ParsedKey | null {
  return s.indexOf(':') >= 0 ? parseNamespaced(s, allowed, 0) : buildSlash(s);
}

function usage(s: string, depth: number): ParsedKey | null {
  return parseNamespaced(s, USAGE_NS, depth) ?? (s.startsWith('i4x://') ? buildI4x(s) : null);
}

function any(s: string): ParsedKey | null {
  if (s.indexOf(':') < 0) return buildSlash(s);
  return parseNamespaced(s, CONTEXT_NS | USAGE_NS, 0) ?? (s.startsWith('i4x://') ? buildI4x(s) : null);
}

/** `CourseKey.from_string`: course-v1 (and `slashes:`), ORG/COURSE/RUN, library-v1, ccx-v1. */
export function tryParseCourseKey(key: string): CourseKey | null {
  return typeof key === 'string' ? (context(key, COURSE_NS) as CourseKey | null) : null;
}

/** `LearningContextKey.from_string`: everything `CourseKey` accepts, plus `lib:` libraries. */
export function tryParseLearningContextKey(key: string): LearningContextKey | null {
  return typeof key === 'string' ? (context(key, CONTEXT_NS) as LearningContextKey | null) : null;
}

/** `UsageKey.from_string`: block-v1, i4x://, lib-block-v1, lb, ccx-block-v1, location, asides. */
export function tryParseUsageKey(key: string): UsageKey | null {
  return typeof key === 'string' ? (usage(key, 0) as UsageKey | null) : null;
}

/** A learning-context key if the string is one, else a usage key (the fixture's convention). */
export function tryParseAnyKey(key: string): OpaqueKey | null {
  return typeof key === 'string' ? (any(key) as OpaqueKey | null) : null;
}

function orThrow<T>(parsed: T | null, key: string, family: KeyFamily): T {
  if (parsed === null) throw new InvalidKeyError(typeof key === 'string' ? key : String(key), family);
  return parsed;
}

export function parseCourseKey(key: string): CourseKey {
  return orThrow(tryParseCourseKey(key), key, 'CourseKey');
}

export function parseLearningContextKey(key: string): LearningContextKey {
  return orThrow(tryParseLearningContextKey(key), key, 'LearningContextKey');
}

export function parseUsageKey(key: string): UsageKey {
  return orThrow(tryParseUsageKey(key), key, 'UsageKey');
}

export function parseAnyKey(key: string): OpaqueKey {
  return orThrow(tryParseAnyKey(key), key, 'AnyKey');
}
