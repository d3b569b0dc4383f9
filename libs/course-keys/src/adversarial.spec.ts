import { InvalidKeyError } from './invalid-key.error';
import { formatKeyRow } from './key-row.format';
import { parseAnyKey, tryParseAnyKey, tryParseCourseKey, tryParseUsageKey } from './key.parser';
import { orgOf } from './org-of';

// Hostile or junk input must be answered correctly and only ever with InvalidKeyError. The
// parsers are single-pass scanners (no backtracking regex), so these 100 KB inputs cost linear
// time; timing is shown by the benchmark, not asserted here.
const K = 100_000;
const a = 'a'.repeat(K);

describe('adversarial input', () => {
  const invalid: Array<[string, string]> = [
    ['100 KB of +', '+'.repeat(K)],
    ['100 KB of a+', 'a+'.repeat(K / 2)],
    ['course-v1: + 100 KB of a', `course-v1:${a}`],
    ['course-v1: + 100 KB of a+', `course-v1:${'a+'.repeat(K / 2)}`],
    ['course-v1:a+b+ then 100 KB of branch@x+', `course-v1:a+b+c+${'branch@x+'.repeat(K / 9)}`],
    ['block-v1 with a 100 KB block id ending in a space', `block-v1:a+b+c+type@t+block@${a} `],
    ['100 KB of /', '/'.repeat(K)],
    ['100 KB of :', ':'.repeat(K)],
    ['lib: with 100 KB of :', `lib:${':'.repeat(K)}`],
    ['i4x:// with 100 KB of /', `i4x://${'/'.repeat(K)}`],
    ['i4x:// with 100 KB of @', `i4x://o/c/t/n${'@'.repeat(K)}`],
    ['aside v2 with 100 KB of $', `aside-usage-v2:${'$'.repeat(K + 1)}::x`],
    ['aside v2 with 100 KB of $:', `aside-usage-v2:${'$:'.repeat(K / 2)}::x`],
    ['aside v1 with 100 KB of ::', `aside-usage-v1:${'::'.repeat(K / 2)}`],
    ['nested aside prefixes', 'aside-usage-v2:'.repeat(K / 15)],
    ['100 KB of é with a space', `course-v1:${'é'.repeat(K)}+b+c d`],
    ['lone surrogates', `course-v1:a+b+${'\ud800'.repeat(K)}`],
    ['whitespace only', ' \t\r\n'],
    ['empty', ''],
    ['trailing newline', 'course-v1:a+b+c\n'],
    ['leading space', ' course-v1:a+b+c'],
  ];

  it.each(invalid)('rejects %s', (_, input) => {
    expect(tryParseAnyKey(input)).toBeNull();
    expect(orgOf(input)).toBeNull();
    expect(() => parseAnyKey(input)).toThrow(InvalidKeyError);
    expect(formatKeyRow(input).endsWith('\tINVALID\t\\N\t\\N\t\\N\t\\N')).toBe(true);
  });

  it('accepts 100 KB fields where the grammar allows them, whole', () => {
    const course = tryParseCourseKey(`course-v1:${a}+${a}+${a}`);
    expect(course?.run).toBe(a);
    expect(course?.toString().length).toBe(10 + 3 * K + 2);
    expect(orgOf(`${a}/${a}/`)).toBe(a);
    expect(tryParseUsageKey(`block-v1:a+b+c+type@t+block@${'é'.repeat(K)}`)?.blockId).toBe('é'.repeat(K));
    expect(tryParseUsageKey(`lb:o:${'s'.repeat(K)}:t:u`)?.slug).toBe('s'.repeat(K));
  });

  it('treats astral letters as word characters and lone surrogates as not', () => {
    expect(tryParseAnyKey('course-v1:𐐀+b+c')?.org).toBe('𐐀');
    expect(tryParseAnyKey('course-v1:\ud801+b+c')).toBeNull();
    expect(tryParseAnyKey('course-v1:a\u0301+b+c')).toBeNull(); // combining marks are not \w
    expect(tryParseAnyKey('ccx-v1:a+b+c+ccx@١٢')?.ccx).toBe('١٢'); // \d is Unicode in Python
  });
});
