import { DIGIT, HEX_ANY, HEX_LOWER, ID, ID_PCT, scanClass } from './char-class';

/**
 * Token positions found by `scanLocator`, as [start, end) offsets into the scanned string;
 * -1 when the part is absent. One shared instance is reused so that validating a key (and
 * `orgOf`) allocates nothing; callers read it right after a successful scan.
 */
export class LocatorScan {
  org0 = -1;
  org1 = -1;
  course0 = -1;
  course1 = -1;
  run0 = -1;
  run1 = -1;
  branch0 = -1;
  branch1 = -1;
  version0 = -1;
  version1 = -1;
  ccx0 = -1;
  ccx1 = -1;
  type0 = -1;
  type1 = -1;
  block0 = -1;
  block1 = -1;
  /** Index just after the last of run/branch/version (the course part of the string). */
  courseEnd = -1;
}

// Stages of the '+'-separated grammar, in the only order the reference regex allows.
const BRANCH = 1;
const VERSION = 2;
const CCX = 3;
const TYPE = 4;
const BLOCK = 5;

const PLUS = 0x2b;
const AT = 0x40;

/**
 * The reference's `BlockLocatorBase.URL_RE` (and ccx-keys' variant with `ccx@`), decided token
 * by token instead of by a backtracking regex:
 *
 *   [org+course[+run]] [+branch@ID] [+version@HEX] (+ccx@DIGITS, ccx only) [+type@ID] [+block@ID]
 *
 * Every '+' must separate two non-empty tokens (the regex's `\+(?=.)`, plus a token after it),
 * and the whole string must be consumed (`\Z`, so no trailing newline). Plain tokens cannot
 * contain '@' and prefixed ones always do, so the regex never has two ways to match: the first
 * token alone says whether the lazy org group was taken. `ccx` selects the ccx-keys grammar,
 * which is case-insensitive (prefixes and version hex) and requires the ccx part.
 * Runs in one pass, linear in the length.
 */
export function scanLocator(s: string, from: number, ccx: boolean, out: LocatorScan): boolean {
  out.org0 = out.org1 = out.course0 = out.course1 = out.run0 = out.run1 = -1;
  out.branch0 = out.branch1 = out.version0 = out.version1 = out.ccx0 = out.ccx1 = -1;
  out.type0 = out.type1 = out.block0 = out.block1 = -1;
  const len = s.length;
  let i = from;
  let plain = 0;
  let stage = 0;
  let courseEnd = from;
  while (i < len) {
    // A token is a run of ID chars, ended by '+', '@' or the end; anything else is invalid.
    const j = scanClass(s, i, len, ID);
    const stop = j < len ? s.charCodeAt(j) : -1;
    if (stop !== AT) {
      if (j === i || stage !== 0 || plain === 3 || (stop !== PLUS && stop !== -1)) return false;
      if (plain === 0) {
        out.org0 = i;
        out.org1 = j;
      } else if (plain === 1) {
        out.course0 = i;
        out.course1 = j;
      } else {
        out.run0 = i;
        out.run1 = j;
      }
      plain++;
      courseEnd = j;
    } else {
      if (plain === 1) return false;
      const which = prefixAt(s, i, j, ccx);
      if (which <= stage || (ccx && stage < CCX && which > CCX) || (!ccx && which === CCX)) return false;
      stage = which;
      const v0 = j + 1;
      const cls =
        which === VERSION ? (ccx ? HEX_ANY : HEX_LOWER) : which === CCX ? DIGIT : which === BLOCK && !ccx ? ID_PCT : ID;
      const v1 = scanClass(s, v0, len, cls);
      if (v1 === v0) return false;
      const end = v1 < len ? s.charCodeAt(v1) : -1;
      // block@ is the last group of the regex: nothing may follow it.
      if (end !== -1 && (end !== PLUS || which === BLOCK)) return false;
      if (which === BRANCH) {
        out.branch0 = v0;
        out.branch1 = v1;
        courseEnd = v1;
      } else if (which === VERSION) {
        out.version0 = v0;
        out.version1 = v1;
        courseEnd = v1;
      } else if (which === CCX) {
        out.ccx0 = v0;
        out.ccx1 = v1;
      } else if (which === TYPE) {
        out.type0 = v0;
        out.type1 = v1;
      } else {
        out.block0 = v0;
        out.block1 = v1;
      }
      i = v1;
      if (i === len) break;
      i++;
      if (i === len) return false; // trailing '+'
      continue;
    }
    i = j;
    if (i === len) break;
    i++;
    if (i === len) return false; // trailing '+'
  }
  if (plain === 1 || (ccx && stage < CCX)) return false;
  out.courseEnd = courseEnd;
  return true;
}

/** Which prefix s[i, j) (the text before '@') is; 0 if none. */
function prefixAt(s: string, i: number, j: number, ccx: boolean): number {
  const n = j - i;
  if (!ccx) {
    if (n === 6 && s.startsWith('branch', i)) return BRANCH;
    if (n === 7 && s.startsWith('version', i)) return VERSION;
    if (n === 4 && s.startsWith('type', i)) return TYPE;
    if (n === 5 && s.startsWith('block', i)) return BLOCK;
    return 0;
  }
  if (n === 6 && foldEquals(s, i, 'branch')) return BRANCH;
  if (n === 7 && foldEquals(s, i, 'version')) return VERSION;
  if (n === 3 && foldEquals(s, i, 'ccx')) return CCX;
  if (n === 4 && foldEquals(s, i, 'type')) return TYPE;
  if (n === 5 && foldEquals(s, i, 'block')) return BLOCK;
  return 0;
}

/**
 * Python's re.IGNORECASE for a lowercase ASCII literal: either ASCII case, plus the few
 * non-ASCII characters its Unicode case folding adds (dotted/dotless i, long s, Kelvin sign).
 */
function foldEquals(s: string, i: number, lower: string): boolean {
  for (let k = 0; k < lower.length; k++) {
    const c = s.charCodeAt(i + k);
    const l = lower.charCodeAt(k);
    if (c === l || c === l - 32) continue;
    if (l === 0x69 && (c === 0x130 || c === 0x131)) continue;
    if (l === 0x73 && c === 0x17f) continue;
    if (l === 0x6b && c === 0x212a) continue;
    return false;
  }
  return true;
}
