import { ASCII_ID, SLUG, isAllDollar } from './char-class';
import { S } from './locator-keys';
import { ParsedKey } from './parsed-key';

// `lib:ORG:SLUG` (LibraryLocatorV2) and `lb:ORG:SLUG:TYPE:ID` (LibraryUsageLocatorV2): the body
// is split on ':' into exactly 2 (or 4) parts, each checked with `re.match('^[...]+$')`. Orgs and
// block types are ASCII-only; slugs and usage ids allow Unicode `\w`. Because those checks end
// with `$`, each part may end with one "\n" (so `lib:org:slug\n` is valid): kept on purpose.

/** Offsets of the ':' separators after `from`, or null when there are not exactly `n`. */
function colons(s: string, from: number, n: number, out: number[]): boolean {
  let found = 0;
  for (let i = s.indexOf(':', from); i >= 0; i = s.indexOf(':', i + 1)) {
    if (found === n) return false;
    out[found++] = i;
  }
  return found === n;
}

const C = [0, 0, 0];

export function validLibraryV2(s: string, from: number): boolean {
  if (!colons(s, from, 1, C)) return false;
  if (!isAllDollar(s, from, C[0], ASCII_ID) || !isAllDollar(s, C[0] + 1, s.length, SLUG)) return false;
  S.org0 = from;
  S.org1 = C[0];
  return true;
}

export function buildLibraryV2(s: string, from: number): ParsedKey | null {
  if (!validLibraryV2(s, from)) return null;
  const org = s.slice(from, C[0]);
  const slug = s.slice(C[0] + 1);
  return new ParsedKey('lib', org, null, null, null, null, null, slug, null, null, null, false, s);
}

export function validLibraryV2Usage(s: string, from: number): boolean {
  if (!colons(s, from, 3, C)) return false;
  const ok =
    isAllDollar(s, from, C[0], ASCII_ID) &&
    isAllDollar(s, C[0] + 1, C[1], SLUG) &&
    isAllDollar(s, C[1] + 1, C[2], ASCII_ID) &&
    isAllDollar(s, C[2] + 1, s.length, SLUG);
  if (!ok) return false;
  S.org0 = from;
  S.org1 = C[0];
  return true;
}

export function buildLibraryV2Usage(s: string, from: number): ParsedKey | null {
  if (!validLibraryV2Usage(s, from)) return null;
  return new ParsedKey(
    'lb',
    s.slice(from, C[0]),
    null,
    null,
    null,
    null,
    null,
    s.slice(C[0] + 1, C[1]),
    s.slice(C[1] + 1, C[2]),
    s.slice(C[2] + 1),
    null,
    false,
    s,
  );
}
