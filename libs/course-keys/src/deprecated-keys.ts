import { ID_PCT, SLASH_PART, isAll } from './char-class';
import { S } from './locator-keys';
import { ParsedKey } from './parsed-key';

// Deprecated `ORG/COURSE/RUN` (CourseLocator._from_deprecated_string): exactly two '/', each
// part only `[\w.%-]`; org and course non-empty, run may be empty. Serialises unchanged.

export function validSlash(s: string): boolean {
  const a = s.indexOf('/');
  if (a < 0) return false;
  const b = s.indexOf('/', a + 1);
  if (b < 0 || s.indexOf('/', b + 1) >= 0) return false;
  const ok =
    isAll(s, 0, a, SLASH_PART) &&
    isAll(s, a + 1, b, SLASH_PART) &&
    (b + 1 === s.length || isAll(s, b + 1, s.length, SLASH_PART));
  if (!ok) return false;
  S.org0 = 0;
  S.org1 = a;
  S.course0 = a + 1;
  S.course1 = b;
  return true;
}

export function buildSlash(s: string): ParsedKey | null {
  if (!validSlash(s)) return null;
  return new ParsedKey(
    'slash',
    s.slice(0, S.org1),
    s.slice(S.course0, S.course1),
    s.slice(S.course1 + 1),
    null,
    null,
    null,
    null,
    null,
    null,
    null,
    true,
    s,
  );
}

// Deprecated usage key `i4x://ORG/COURSE/CATEGORY/NAME[@REVISION]` (BlockUsageLocator's
// DEPRECATED_URL_RE): org, course, category run to the next '/'; the name runs to the first
// '@' (it may contain '/'), the revision is the rest and may not contain '/'. Then org and
// course must be `[\w.%-]`, name and revision `[\w\-~.:%]`; the category is never checked
// (any character but '/', even a space or newline): kept on purpose.

const I4X = 'i4x://';
let categoryEnd = 0;
let nameEnd = 0;

export function validI4x(s: string): boolean {
  if (!s.startsWith(I4X)) return false;
  const o = 6;
  const c = s.indexOf('/', o);
  if (c <= o) return false;
  const k = s.indexOf('/', c + 1);
  if (k <= c + 1) return false;
  const n = s.indexOf('/', k + 1);
  if (n <= k + 1) return false;
  const at = s.indexOf('@', n + 1);
  const end = at < 0 ? s.length : at;
  if (end === n + 1) return false;
  if (at >= 0 && (at + 1 === s.length || s.indexOf('/', at + 1) >= 0)) return false;
  const ok =
    isAll(s, o, c, SLASH_PART) &&
    isAll(s, c + 1, k, SLASH_PART) &&
    isAll(s, n + 1, end, ID_PCT) &&
    (at < 0 || isAll(s, at + 1, s.length, ID_PCT));
  if (!ok) return false;
  S.org0 = o;
  S.org1 = c;
  S.course0 = c + 1;
  S.course1 = k;
  categoryEnd = n;
  nameEnd = end;
  return true;
}

export function buildI4x(s: string): ParsedKey | null {
  if (!validI4x(s)) return null;
  return new ParsedKey(
    'i4x',
    s.slice(S.org0, S.org1),
    s.slice(S.course0, S.course1),
    null,
    nameEnd < s.length ? s.slice(nameEnd + 1) : null,
    null,
    null,
    null,
    s.slice(S.course1 + 1, categoryEnd),
    s.slice(categoryEnd + 1, nameEnd),
    null,
    true,
    s,
  );
}
