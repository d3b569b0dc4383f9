import { InvalidKeyError } from './invalid-key.error';
import {
  parseAnyKey,
  parseCourseKey,
  parseLearningContextKey,
  parseUsageKey,
  tryParseAnyKey,
  tryParseCourseKey,
  tryParseLearningContextKey,
  tryParseUsageKey,
} from './key.parser';

// Cases adapted from opaque-keys' and ccx-keys' own test suites (course, library, block,
// deprecated-location, ccx and is_course tests), restated here: each row is the string and
// what the reference answers for it.

const V = '519665f6223ebd6980884f2b';

/** [input, canonical string or null for invalid] as `parseAnyKey` sees them. */
const CANONICAL: Array<[string, string | null]> = [
  // course-v1: org+course+run, then optional branch then version
  ['course-v1:mit.eecs+6002x+2014_T2', 'course-v1:mit.eecs+6002x+2014_T2'],
  [
    'course-v1:mit.eecs+~6002x+2014_T2+branch@draft-1+version@' + V,
    'course-v1:mit.eecs+~6002x+2014_T2+branch@draft-1+version@' + V,
  ],
  ['course-v1:version@' + V, 'course-v1:version@' + V],
  ['course-v1:version@' + V + '+block@hw3', 'course-v1:version@' + V],
  ['course-v1:a.b:c+d~e+f-g_h', 'course-v1:a.b:c+d~e+f-g_h'],
  // the docstring example with branch but no run parses, and prints as its version only
  ['course-v1:mit.eecs+6002x+branch@published+version@' + V, 'course-v1:version@' + V],
  // a course key may carry a block part, which is dropped
  ['course-v1:org+course+run+type@problem+block@x', 'course-v1:org+course+run'],
  ['course-v1:org+course+run+version@' + V + '+branch@b', null], // version before branch
  ['course-v1:org+course+run+branch@', null],
  ['course-v1:org+course+run+version@' + V.slice(1), null], // not a 24-digit ObjectId
  ['course-v1:org+course+run+version@' + V.toUpperCase(), null], // upper-case hex only in CCX
  ['course-v1:org+course+run+', null],
  ['course-v1:org+course', null],
  ['course-v1:org+version@' + V, null], // an org needs a course after it, even with a version
  ['library-v1:org+version@' + V, null],
  ['course-v1:org+course+run+foo', null],
  ['course-v1: mit.eecs+test+2014_T2', null],
  ['course-v1:mit.eecs +test+2014_T2', null],
  ['course-v1:mit.ee,cs+test+2014_T2', null],
  ['course-v1:mit.ee&cs+test+2014_T2', null],
  ['course-v1:mit.ee()cs+test+2014_T2', null],
  ['course-v1:test+mit.eecs+branch@this+branch@that', null],
  ['course-v1:org+course+run\n', null], // no trailing newline, unlike `$`
  ['course-v1:', null],
  ['course-locator:org+course+run', null], // unknown namespace
  ['http:mit.eecs', null],
  // legacy `slashes:` namespace: same grammar, printed as course-v1
  ['slashes:org+course+run', 'course-v1:org+course+run'],
  // deprecated ORG/COURSE/RUN
  ['foo/bar/baz', 'foo/bar/baz'],
  ['foo/bar/', 'foo/bar/'],
  ['foo!/bar/baz', null],
  ['org/course/run/foo', null],
  ['org/course', null],
  ['a%20b/c/d', 'a%20b/c/d'],
  ['a~b/c/d', null],
  // library-v1
  ['library-v1:TestX+LibraryX', 'library-v1:TestX+LibraryX'],
  ['library-v1:TestX+lib+1', 'library-v1:TestX+lib'], // the third part is dropped
  ['library-v1:TestX+LibraryX+branch@b+version@' + V, 'library-v1:TestX+LibraryX+branch@b+version@' + V],
  ['library-v1:version@' + V, 'library-v1:version@' + V],
  ['library-v1:TestX', null],
  ['library-v1:Test X+LibraryX', null],
  // lib: (content libraries v2)
  ['lib:MITx:reallyhardproblems', 'lib:MITx:reallyhardproblems'],
  ['lib:hogwarts:p300-potions-exercises', 'lib:hogwarts:p300-potions-exercises'],
  ['lib:org:sλug', 'lib:org:sλug'], // Unicode slug
  ['lib:έψιλον:foobar', null], // but ASCII orgs only
  ['lib:not a valid org:foobar', null],
  ['lib::foobar', null],
  ['lib:org:', null],
  ['lib:org:a:b', null],
  // ccx-v1: case-insensitive prefixes and hex, printed lower case
  ['ccx-v1:edX+DemoX+2014_T2+ccx@1', 'ccx-v1:edX+DemoX+2014_T2+ccx@1'],
  ['ccx-v1:edX+DemoX+2014_T2+CCX@007', 'ccx-v1:edX+DemoX+2014_T2+ccx@007'],
  [
    'ccx-v1:edX+DemoX+2014_T2+Branch@b+VERSION@' + V.toUpperCase() + '+ccx@2',
    'ccx-v1:edX+DemoX+2014_T2+branch@b+version@' + V + '+ccx@2',
  ],
  ['ccx-v1:edX+DemoX+2014_T2', null],
  ['ccx-v1:edX+DemoX+2014_T2+ccx@x', null],
  ['course-v1:edX+DemoX+2014_T2+ccx@1', null],
  // block-v1 and friends
  ['block-v1:org+course+run+type@problem+block@abc', 'block-v1:org+course+run+type@problem+block@abc'],
  [
    'block-v1:org+course+run+branch@draft+type@html+block@intro',
    'block-v1:org+course+run+branch@draft+type@html+block@intro',
  ],
  ['block-v1:org+course+run+block@abc', 'block-v1:org+course+run+type@None+block@abc'],
  ['block-v1:version@' + V + '+type@html+block@b', 'block-v1:version@' + V + '+type@html+block@b'],
  ['block-v1:org+course+run+type@html+block@a:b~c', 'block-v1:org+course+run+type@html+block@a:b~c'],
  ['block-v1:org+course+run+type@html+block@a%20b', null], // '%' only in deprecated ids
  ['block-v1:org+course+run+type@problem', null],
  ['block-v1:org+course+run+type@html+block@b+', null],
  ['block-v1:org+course+run+type@html+block@b/', null],
  ['lib-block-v1:TestX+lib+type@problem+block@p1', 'lib-block-v1:TestX+lib+type@problem+block@p1'],
  ['lib-block-v1:TestX+lib+block@p1', null], // needs a type
  ['lb:MITx:reallyhardproblems:problem:problem1', 'lb:MITx:reallyhardproblems:problem:problem1'],
  ['lb:MITx:lib:problem', null],
  [
    'ccx-block-v1:edX+DemoX+2014_T2+ccx@1+type@problem+block@p1',
    'ccx-block-v1:edX+DemoX+2014_T2+ccx@1+type@problem+block@p1',
  ],
  ['ccx-block-v1:edX+DemoX+2014_T2+ccx@1+block@p1', 'ccx-block-v1:edX+DemoX+2014_T2+ccx@1+type@None+block@p1'],
  ['location:org+course+run+problem+p1', 'location:org+course+run+problem+p1'],
  ['location:org+course+run+problem', null],
  // deprecated i4x:// usage keys
  ['i4x://org/course/category/name', 'i4x://org/course/category/name'],
  ['i4x://org/course/category/name@revision', 'i4x://org/course/category/name@revision'],
  ['i4x://org/course/category/na%20me', 'i4x://org/course/category/na%20me'],
  ['i4x://org/course/cate gory/name', 'i4x://org/course/cate gory/name'], // category unchecked
  ['i4x://org/course/category/name/', null],
  ['i4x://org/course/category', null],
  ['i4x:/org/course/category/name', null],
  ['I4X://org/course/category/name', null],
  ['0i4x://org/course/category/name', null],
  // aside keys wrap a usage key
  [
    'aside-usage-v2:block-v1$:org+course+run+type@problem+block@p1::tag',
    'aside-usage-v2:block-v1$:org+course+run+type@problem+block@p1::tag',
  ],
  [
    'aside-usage-v1:block-v1:org+course+run+type@problem+block@p1::tag',
    'aside-usage-v1:block-v1:org+course+run+type@problem+block@p1::tag',
  ],
  ['aside-usage-v2:block-v1:org+course+run+type@problem+block@p1::tag', null], // bare ':'
  // not keys at all
  ['', null],
  [' ', null],
  ['not a key', null],
  ['asset-v1:org+course+run+type@asset+block@logo.png', null], // an AssetKey, not a usage key
];

describe('key grammar (cases from the reference test suites)', () => {
  it.each(CANONICAL)('%j -> %j', (input, canonical) => {
    const key = tryParseAnyKey(input);
    expect(key === null ? null : key.toString()).toBe(canonical);
  });

  it('extracts the fields of a full course-v1 key', () => {
    const key = parseCourseKey('course-v1:mit.eecs+~6002x+2014_T2+branch@draft-1+version@' + V);
    expect(key).toMatchObject({
      kind: 'course-v1',
      org: 'mit.eecs',
      course: '~6002x',
      run: '2014_T2',
      branch: 'draft-1',
      versionGuid: V,
      deprecated: false,
    });
  });

  it('has no org, course or run on a version-only key', () => {
    const key = parseCourseKey('course-v1:version@' + V);
    expect([key.org, key.course, key.run, key.versionGuid]).toEqual([null, null, null, V]);
  });

  it('marks the slash form as deprecated and keeps an empty run', () => {
    const key = parseCourseKey('foo/bar/');
    expect(key).toMatchObject({ kind: 'slash', org: 'foo', course: 'bar', run: '', deprecated: true });
  });

  it('gives a library-v1 key its library as course and no run', () => {
    expect(parseCourseKey('library-v1:TestX+lib+1')).toMatchObject({
      kind: 'library-v1',
      org: 'TestX',
      course: 'lib',
      run: null,
    });
  });

  it('lowers CCX version guids and keeps the ccx id as written', () => {
    const key = parseCourseKey(`ccx-v1:edX+DemoX+2014_T2+version@${V.toUpperCase()}+ccx@007`);
    expect([key.versionGuid, key.ccx]).toEqual([V, '007']);
  });

  it('reads block usage keys down to their course', () => {
    expect(parseUsageKey('block-v1:org+course+run+block@abc')).toMatchObject({
      kind: 'block-v1',
      org: 'org',
      course: 'course',
      run: 'run',
      blockType: null,
      blockId: 'abc',
    });
    expect(parseUsageKey('i4x://org/course/category/name@draft')).toMatchObject({
      kind: 'i4x',
      org: 'org',
      course: 'course',
      run: null,
      branch: 'draft',
      blockType: 'category',
      blockId: 'name',
      deprecated: true,
    });
    expect(parseUsageKey('lb:MITx:lib1:problem:p1')).toMatchObject({
      kind: 'lb',
      org: 'MITx',
      slug: 'lib1',
      blockType: 'problem',
      blockId: 'p1',
    });
    expect(parseUsageKey('aside-usage-v2:lb$:MITx$:lib1$:problem$:p1::tag')).toMatchObject({
      kind: 'aside-usage-v2',
      org: 'MITx',
      asideType: 'tag',
    });
  });

  describe('which entry point accepts what', () => {
    const course = 'course-v1:org+course+run';
    const slash = 'org/course/run';
    const library = 'library-v1:org+lib';
    const ccx = 'ccx-v1:org+course+run+ccx@1';
    const libV2 = 'lib:org:lib';
    const block = 'block-v1:org+course+run+type@html+block@b';

    it('CourseKey takes course, slash, library-v1 and ccx keys, but not lib: (edx-organizations)', () => {
      for (const key of [course, slash, library, ccx]) expect(tryParseCourseKey(key)?.toString()).toBe(key);
      expect(tryParseCourseKey(libV2)).toBeNull();
      expect(tryParseCourseKey(block)).toBeNull();
    });

    it('LearningContextKey also takes lib:', () => {
      for (const key of [course, slash, library, ccx, libV2]) {
        expect(tryParseLearningContextKey(key)?.toString()).toBe(key);
      }
      expect(tryParseLearningContextKey(block)).toBeNull();
    });

    it('UsageKey takes usage keys only', () => {
      expect(tryParseUsageKey(block)?.toString()).toBe(block);
      for (const key of [course, slash, library, ccx, libV2]) expect(tryParseUsageKey(key)).toBeNull();
    });

    it('throws InvalidKeyError carrying the input, and nothing else', () => {
      const attempts: Array<() => unknown> = [
        () => parseCourseKey(libV2),
        () => parseLearningContextKey(block),
        () => parseUsageKey(course),
        () => parseAnyKey(' course-v1:org+course+run'),
      ];
      for (const attempt of attempts) expect(attempt).toThrow(InvalidKeyError);
      try {
        parseCourseKey(libV2);
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidKeyError);
        expect((error as InvalidKeyError).input).toBe(libV2);
        expect((error as InvalidKeyError).family).toBe('CourseKey');
      }
      expect(() => parseAnyKey(undefined as unknown as string)).toThrow(InvalidKeyError);
      expect(tryParseAnyKey(42 as unknown as string)).toBeNull();
    });
  });
});
