import { ID, isAll } from './char-class';
import { LocatorScan, scanLocator } from './locator-grammar';
import { ParsedKey } from './parsed-key';

/** Shared scan state; see LocatorScan. Every validator below leaves org0/org1 in it. */
export const S = new LocatorScan();

const VERSION_LENGTH = 24; // bson ObjectId: 12 bytes as hex

/**
 * CourseLocator's own checks after the regex: a version must be a 24-digit ObjectId, and a
 * key needs org+course+run or a version.
 */
function courseFieldsValid(): boolean {
  if (S.version0 >= 0) return S.version1 - S.version0 === VERSION_LENGTH;
  return S.run0 >= 0;
}

/** CourseLocator._to_string: branch only comes with a full org/course/run. */
function coursePart(s: string, ccx: boolean): string {
  const version = S.version0 >= 0 ? s.slice(S.version0, S.version1) : null;
  if (S.run0 < 0) return `version@${ccx ? (version as string).toLowerCase() : version}`;
  // Outside CCX keys the course part is spelled in the input exactly as it is serialised.
  if (!ccx) return s.slice(S.org0, S.courseEnd);
  let out = s.slice(S.org0, S.run1);
  if (S.branch0 >= 0) out += `+branch@${s.slice(S.branch0, S.branch1)}`;
  if (version !== null) out += `+version@${version.toLowerCase()}`;
  return out;
}

function slice(s: string, a: number, b: number): string | null {
  return a >= 0 ? s.slice(a, b) : null;
}

// course-v1 (and the legacy `slashes:` namespace, same grammar, serialised as course-v1).

export function validCourse(s: string, from: number): boolean {
  return scanLocator(s, from, false, S) && courseFieldsValid();
}

export function buildCourse(s: string, from: number): ParsedKey | null {
  if (!validCourse(s, from)) return null;
  // With run present and 'course-v1:' in front, the canonical string is a prefix of the input
  // (any type@/block@ tail is dropped, as the reference does).
  const canonical =
    S.run0 >= 0 && from === 10 && s.startsWith('course-v1:')
      ? s.slice(0, S.courseEnd)
      : `course-v1:${coursePart(s, false)}`;
  return new ParsedKey(
    'course-v1',
    slice(s, S.org0, S.org1),
    slice(s, S.course0, S.course1),
    slice(s, S.run0, S.run1),
    slice(s, S.branch0, S.branch1),
    slice(s, S.version0, S.version1),
    null,
    null,
    null,
    null,
    null,
    false,
    canonical,
  );
}

// library-v1: the same regex; a third plain token (run) is parsed and then dropped.

export function validLibrary(s: string, from: number): boolean {
  if (!scanLocator(s, from, false, S)) return false;
  if (S.version0 >= 0) return S.version1 - S.version0 === VERSION_LENGTH;
  return S.course0 >= 0;
}

function libraryPart(s: string): string {
  const version = S.version0 >= 0 ? `version@${s.slice(S.version0, S.version1)}` : '';
  if (S.course0 < 0) return version;
  if (S.run0 < 0) return s.slice(S.org0, S.courseEnd);
  let out = s.slice(S.org0, S.course1);
  if (S.branch0 >= 0) out += `+branch@${s.slice(S.branch0, S.branch1)}`;
  return version ? `${out}+${version}` : out;
}

export function buildLibrary(s: string, from: number): ParsedKey | null {
  if (!validLibrary(s, from)) return null;
  return new ParsedKey(
    'library-v1',
    slice(s, S.org0, S.org1),
    slice(s, S.course0, S.course1),
    null,
    // Like the reference, a version-only key keeps its branch field though str() omits it.
    slice(s, S.branch0, S.branch1),
    slice(s, S.version0, S.version1),
    null,
    null,
    null,
    null,
    null,
    false,
    `library-v1:${libraryPart(s)}`,
  );
}

// ccx-v1 (ccx-keys): course grammar + mandatory ccx@digits, case-insensitive.

export function validCcx(s: string, from: number): boolean {
  return scanLocator(s, from, true, S) && courseFieldsValid();
}

export function buildCcx(s: string, from: number): ParsedKey | null {
  if (!validCcx(s, from)) return null;
  const ccx = s.slice(S.ccx0, S.ccx1);
  return new ParsedKey(
    'ccx-v1',
    slice(s, S.org0, S.org1),
    slice(s, S.course0, S.course1),
    slice(s, S.run0, S.run1),
    slice(s, S.branch0, S.branch1),
    S.version0 >= 0 ? s.slice(S.version0, S.version1).toLowerCase() : null,
    ccx,
    null,
    null,
    null,
    null,
    false,
    `ccx-v1:${coursePart(s, true)}+ccx@${ccx}`,
  );
}

// Usage keys over the same grammars.

/** block-v1: a course key plus block@ (type@ optional, printed as "None" when missing). */
export function validBlock(s: string, from: number): boolean {
  // The regex lets '%' into block ids; BlockUsageLocator then rejects it (ALLOWED_ID_RE).
  return validCourse(s, from) && S.block0 >= 0 && isAll(s, S.block0, S.block1, ID);
}

export function buildBlock(s: string, from: number): ParsedKey | null {
  if (!validBlock(s, from)) return null;
  const blockType = slice(s, S.type0, S.type1);
  const blockId = s.slice(S.block0, S.block1);
  // Full course part + type@: the input is already canonical.
  const canonical =
    S.run0 >= 0 && blockType !== null
      ? s
      : `block-v1:${coursePart(s, false)}+type@${blockType ?? 'None'}+block@${blockId}`;
  return new ParsedKey(
    'block-v1',
    slice(s, S.org0, S.org1),
    slice(s, S.course0, S.course1),
    slice(s, S.run0, S.run1),
    slice(s, S.branch0, S.branch1),
    slice(s, S.version0, S.version1),
    null,
    null,
    blockType,
    blockId,
    null,
    false,
    canonical,
  );
}

/** lib-block-v1: a library-v1 key plus both type@ and block@. */
export function validLibraryBlock(s: string, from: number): boolean {
  return validLibrary(s, from) && S.block0 >= 0 && S.type0 >= 0 && isAll(s, S.block0, S.block1, ID);
}

export function buildLibraryBlock(s: string, from: number): ParsedKey | null {
  if (!validLibraryBlock(s, from)) return null;
  const blockType = s.slice(S.type0, S.type1);
  const blockId = s.slice(S.block0, S.block1);
  const canonical =
    S.course0 >= 0 && S.run0 < 0 ? s : `lib-block-v1:${libraryPart(s)}+type@${blockType}+block@${blockId}`;
  return new ParsedKey(
    'lib-block-v1',
    slice(s, S.org0, S.org1),
    slice(s, S.course0, S.course1),
    null,
    slice(s, S.branch0, S.branch1),
    slice(s, S.version0, S.version1),
    null,
    null,
    blockType,
    blockId,
    null,
    false,
    canonical,
  );
}

/** ccx-block-v1: a ccx-v1 key plus block@ (type@ optional). */
export function validCcxBlock(s: string, from: number): boolean {
  return validCcx(s, from) && S.block0 >= 0;
}

export function buildCcxBlock(s: string, from: number): ParsedKey | null {
  if (!validCcxBlock(s, from)) return null;
  const ccx = s.slice(S.ccx0, S.ccx1);
  const blockType = slice(s, S.type0, S.type1);
  const blockId = s.slice(S.block0, S.block1);
  return new ParsedKey(
    'ccx-block-v1',
    slice(s, S.org0, S.org1),
    slice(s, S.course0, S.course1),
    slice(s, S.run0, S.run1),
    slice(s, S.branch0, S.branch1),
    S.version0 >= 0 ? s.slice(S.version0, S.version1).toLowerCase() : null,
    ccx,
    null,
    blockType,
    blockId,
    null,
    false,
    `ccx-block-v1:${coursePart(s, true)}+ccx@${ccx}+type@${blockType ?? 'None'}+block@${blockId}`,
  );
}

/** location: the short-lived `org+course+run+type+id` form: exactly five ID tokens. */
export function validLocation(s: string, from: number): boolean {
  let i = from;
  for (let t = 0; t < 5; t++) {
    const j = isTokenEnd(s, i);
    if (j < 0 || t < 4 !== j < s.length) return false;
    setLocationToken(t, i, j);
    i = j + 1;
  }
  return true;
}

function isTokenEnd(s: string, i: number): number {
  let j = i;
  while (j < s.length && s.charCodeAt(j) !== 0x2b) j++;
  return isAll(s, i, j, ID) ? j : -1;
}

function setLocationToken(t: number, a: number, b: number): void {
  if (t === 0) {
    S.org0 = a;
    S.org1 = b;
  } else if (t === 1) {
    S.course0 = a;
    S.course1 = b;
  } else if (t === 2) {
    S.run0 = a;
    S.run1 = b;
  } else if (t === 3) {
    S.type0 = a;
    S.type1 = b;
  } else {
    S.block0 = a;
    S.block1 = b;
  }
}

export function buildLocation(s: string, from: number): ParsedKey | null {
  if (!validLocation(s, from)) return null;
  return new ParsedKey(
    'location',
    s.slice(S.org0, S.org1),
    s.slice(S.course0, S.course1),
    s.slice(S.run0, S.run1),
    null,
    null,
    null,
    null,
    s.slice(S.type0, S.type1),
    s.slice(S.block0, S.block1),
    null,
    false,
    s,
  );
}
