import { DECIMAL_RANGES, WORD_RANGES } from './unicode-classes.table';

// Character classes of the reference grammar, as bit flags over ASCII. Non-ASCII code points
// only ever belong to the classes built on Python's `\w` (or `\d` for CCX ids), which the
// Unicode tables below decide.
/** `[\w\-~.:]`: course/library/block fields (Locator.ALLOWED_ID_CHARS). */
export const ID = 1;
/** `[\w\-~.:%]`: block ids in the block-v1 grammar and deprecated ids. */
export const ID_PCT = 2;
/** `[\w.%-]`: what the deprecated `org/course/run` form allows (no `~`, no `:`). */
export const SLASH_PART = 4;
/** `[\w\-.]`: `lib:` slugs and `lb:` usage ids. */
export const SLUG = 8;
/** `[a-zA-Z0-9_\-.]`: `lib:`/`lb:` orgs and `lb:` block types (ASCII only). */
export const ASCII_ID = 16;
/** `[a-f0-9]`: course-v1 version guids (case-sensitive). */
export const HEX_LOWER = 32;
/** `[A-F0-9]` under re.IGNORECASE: CCX version guids. */
export const HEX_ANY = 64;
/** `\d`: CCX ids (ASCII part; non-ASCII decimal digits come from DECIMAL_RANGES). */
export const DIGIT = 128;

/** Classes whose non-ASCII members are exactly Python's Unicode `\w`. */
const WORD_BASED = ID | ID_PCT | SLASH_PART | SLUG;

const ASCII = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  const word = /[A-Za-z0-9_]/.test(ch);
  let f = 0;
  if (word || ch === '-' || ch === '~' || ch === '.' || ch === ':') f |= ID | ID_PCT;
  if (ch === '%') f |= ID_PCT;
  if (word || ch === '.' || ch === '%' || ch === '-') f |= SLASH_PART;
  if (word || ch === '-' || ch === '.') f |= SLUG | ASCII_ID;
  if (/[a-f0-9]/.test(ch)) f |= HEX_LOWER;
  if (/[a-fA-F0-9]/.test(ch)) f |= HEX_ANY;
  if (/[0-9]/.test(ch)) f |= DIGIT;
  ASCII[c] = f;
}

// BMP lookups are the common non-ASCII case (accented Latin, CJK...), so they get an O(1)
// bitmap; astral code points fall back to a binary search over the ranges.
const BMP_WORD = 1;
const BMP_DECIMAL = 2;
const BMP = new Uint8Array(0x10000);
fillBmp(WORD_RANGES, BMP_WORD);
fillBmp(DECIMAL_RANGES, BMP_DECIMAL);

function fillBmp(ranges: readonly number[], bit: number): void {
  for (let i = 0; i < ranges.length; i += 2) {
    const last = Math.min(ranges[i + 1], 0xffff);
    for (let c = ranges[i]; c <= last; c++) BMP[c] |= bit;
  }
}

function inRanges(ranges: readonly number[], cp: number): boolean {
  let lo = 0;
  let hi = (ranges.length >> 1) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < ranges[mid * 2]) hi = mid - 1;
    else if (cp > ranges[mid * 2 + 1]) lo = mid + 1;
    else return true;
  }
  return false;
}

function nonAsciiIn(cp: number, cls: number): boolean {
  if (cls & WORD_BASED) return cp < 0x10000 ? (BMP[cp] & BMP_WORD) !== 0 : inRanges(WORD_RANGES, cp);
  if (cls & DIGIT) return cp < 0x10000 ? (BMP[cp] & BMP_DECIMAL) !== 0 : inRanges(DECIMAL_RANGES, cp);
  return false;
}

/**
 * Index of the first UTF-16 unit at or after `i` (and before `end`) that starts a character
 * outside `cls`. Python sees code points, so a surrogate pair is tested as one character and a
 * lone surrogate as a character that is in no class.
 */
export function scanClass(s: string, i: number, end: number, cls: number): number {
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c < 128) {
      if ((ASCII[c] & cls) === 0) return i;
      i++;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        if (!nonAsciiIn(((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000, cls)) return i;
        i += 2;
        continue;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) return i;
    if (!nonAsciiIn(c, cls)) return i;
    i++;
  }
  return end;
}

/** True when s[start, end) is non-empty and entirely in `cls`. */
export function isAll(s: string, start: number, end: number, cls: number): boolean {
  return end > start && scanClass(s, start, end, cls) === end;
}

/**
 * Python's `re.match(r'^[...]+$', value)`: `$` also matches just before a final "\n", so a
 * value may end with one newline. The reference checks `lib:`/`lb:` fields this way.
 */
export function isAllDollar(s: string, start: number, end: number, cls: number): boolean {
  if (end > start && s.charCodeAt(end - 1) === 10) end--;
  return isAll(s, start, end, cls);
}
