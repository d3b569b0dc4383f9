// Aside usage keys (`aside-usage-v1:` / `aside-usage-v2:`) wrap another usage key and an aside
// type: `<encoded usage key>::<encoded aside type>`. The helpers mirror opaque-keys' asides.py
// string operations exactly; str.replace there is the same left-to-right, non-overlapping
// replacement as split/join here. The aside type itself is never validated.

function replace(s: string, from: string, to: string): string {
  return s.indexOf(from) < 0 ? s : s.split(from).join(to);
}

export function encodeV1(value: string): string {
  return replace(replace(value, '$', '$$'), '::', '$::');
}

function decodeV1(value: string): string | null {
  const decoded = replace(replace(value, '$::', '::'), '$$', '$');
  // v1 is ambiguous; the reference rejects any value that would not re-encode to itself.
  return encodeV1(decoded) === value ? decoded : null;
}

export function encodeV2(value: string): string {
  return replace(replace(value, '$', '$$'), ':', '$:');
}

function decodeV2(value: string): string | null {
  for (let i = value.indexOf(':'); i >= 0; i = value.indexOf(':', i + 1)) {
    if (i === 0 || value.charCodeAt(i - 1) !== 0x24) return null; // bare ':'
  }
  const colons = replace(value, '$:', ':');
  // A maximal run of '$' of odd length is an unescaped '$'.
  for (let i = 0; i < colons.length;) {
    if (colons.charCodeAt(i) !== 0x24) {
      i++;
      continue;
    }
    let j = i;
    while (j < colons.length && colons.charCodeAt(j) === 0x24) j++;
    if ((j - i) % 2 === 1) return null;
    i = j;
  }
  return replace(colons, '$$', '$');
}

/** [usage key string, aside type] of a v1 body (split at the first '::'), or null. */
export function splitAsideV1(body: string): [string, string] | null {
  const at = body.indexOf('::');
  const usage = decodeV1(at < 0 ? body : body.slice(0, at));
  const aside = decodeV1(at < 0 ? '' : body.slice(at + 2));
  return usage === null || aside === null ? null : [usage, aside];
}

/** [usage key string, aside type] of a v2 body (split at the last '::'), or null. */
export function splitAsideV2(body: string): [string, string] | null {
  const at = body.lastIndexOf('::');
  const usage = decodeV2(at < 0 ? '' : body.slice(0, at));
  const aside = decodeV2(at < 0 ? body : body.slice(at + 2));
  return usage === null || aside === null ? null : [usage, aside];
}
