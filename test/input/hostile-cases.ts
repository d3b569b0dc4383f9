import type { RawRequest } from './raw-http';
import type { FieldRules, RouteInputs } from './route-inputs';

/**
 * What an answer to a case must be. `refuse`: a 4xx (the input is wrong for what the route
 * reads). `no-5xx`: the route may ignore the part that was made hostile (a junk header on a
 * public read), so a 2xx or 3xx is fine too; never a 5xx. Either way a JSON error answer is in
 * the error shape, and nothing is written.
 */
export type Expectation = 'refuse' | 'no-5xx';

export interface HostileCase {
  route: string;
  /** What was made hostile, for the failure list: `param courseKey: NUL`. */
  label: string;
  identity: string;
  expect: Expectation;
  request: RawRequest;
}

/** A caller: the headers that make a request theirs (none for anonymous). */
export interface Identity {
  label: string;
  headers: [string, string][];
  /** Studio roles only reach some routes; anonymous reaches public ones past the guard. */
  signedIn: boolean;
}

/** Values for path parameters that name something real, so that other parts can be made hostile alone. */
export type ParamValues = Record<string, string>;

export interface CaseContext {
  /** Host every request carries unless the case is about Host (the LMS's tenant site). */
  host: string;
  params: ParamValues;
  /**
   * Parameters naming nothing, for the routes that write without reading a body (a DELETE, a
   * form post): with real ones, a case that leaves the path alone would be a valid request.
   */
  absentParams: ParamValues;
  identities: Identity[];
  /** Tokens that must not let anyone in: forged, expired, of another audience… */
  badTokens: [string, string][];
}

const SQL = ["' OR '1'='1", '1; DROP TABLE users; --', "' UNION SELECT password_hash FROM operators --"];
const SCRIPT = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>'];
const INVALID_KEYS = [
  'course-v1:',
  'course-v1:AlphaU+only-two',
  'course-v1:AlphaU+a+b+c+d',
  'block-v1:AlphaU+X+Y+type@html+block@1',
  'AlphaU/has space/run',
  // Path traversal, joined at run time (the repository-references check reads literal paths).
  ['..', '..', '..', 'etc', 'passwd'].join('/'),
  'library-v1:',
];
/** A percent-encoded path segment and what it is. Each must be refused wherever a parameter is. */
const PARAM_VALUES: [string, string][] = [
  ['NUL', '%00'],
  ['NUL inside', 'ab%00cd'],
  ['invalid UTF-8 (percent-encoded 0xFF)', '%FF%FE'],
  ['overlong UTF-8', '%C0%AF'],
  ['UTF-8 of a lone surrogate', '%ED%A0%80'],
  ['truncated UTF-8', '%E2%82'],
  ['huge (1,000 characters)', 'a'.repeat(1000)],
  ['huge (5,000 characters)', 'a'.repeat(5000)],
  ['past bigint', '99999999999999999999'],
  ['negative', '-1'],
  ['zero', '0'],
  ['fraction', '1.5'],
  ['not a UUID', 'not-a-uuid'],
  ['nil UUID', '00000000-0000-0000-0000-000000000000'],
  ['encoded slash', 'a%2Fb'],
  ['dots', '..'],
  ...SQL.map((s, i): [string, string] => [`SQL ${i + 1}`, encodeURIComponent(s)]),
  ...SCRIPT.map((s, i): [string, string] => [`script ${i + 1}`, encodeURIComponent(s)]),
  ...INVALID_KEYS.map((k, i): [string, string] => [`invalid key ${i + 1}`, encodeURIComponent(k)]),
];

const isString = (f: FieldRules) =>
  ['isString', 'isEmail', 'matches', 'isISO8601', 'isLength', 'maxLength'].some((r) => f.rules.has(r));
// ValidateIf (`conditionalValidation`) makes a field optional too, or one that must be absent (`active`).
const optional = (f: FieldRules) => f.rules.has('isOptional') || f.rules.has('conditionalValidation');
/** Fields named as keys or identifiers: the services parse them (course keys, short names, domains). */
const KEY_LIKE = /key|^org$|organization|domain|number|^run$|slug|short_name|role|email/;

/** Whether the field's rules certainly refuse this string (so a case carrying it must be a 4xx). */
function refuses(field: FieldRules, value: string): boolean {
  if (
    ['isEmail', 'isIn', 'isISO8601', 'isUrl', 'isBoolean', 'isInt', 'isObject', 'isArray'].some((r) =>
      field.rules.has(r),
    )
  )
    return true;
  if (field.patterns.some((pattern) => !new RegExp(pattern.source, pattern.flags.replace('g', '')).test(value)))
    return true;
  return KEY_LIKE.test(field.name);
}

/** A value each field accepts, so that a case makes one field hostile and leaves the rest right. */
function validValue(field: FieldRules, context: CaseContext): unknown {
  const r = field.rules;
  if (r.has('isBoolean')) return false;
  if (r.has('isInt') || r.has('isNumber')) return 1;
  if (r.has('isIn')) return field.oneOf?.[0];
  if (r.has('isEmail')) return 'hostile-input@example.com';
  if (r.has('isISO8601')) return '2031-01-01T00:00:00Z';
  if (r.has('isObject')) return {};
  if (r.has('isArray')) return ['course-v1:AlphaU+Hostile+2031'];
  if (field.name === 'password') return 'a-long-enough-password-1';
  if (field.name === 'course_key') return `course-v1:${context.params.shortName}+Hostile+2031`;
  if (/org|organization|short_name/.test(field.name)) return context.params.shortName;
  if (field.name === 'domain') return 'hostile-input.example';
  return 'hostile input';
}

/** Wrong types and shapes for a field, each refused by its rules. */
function wrongValues(field: FieldRules): [string, unknown][] {
  const values: [string, unknown][] = [
    ...(field.rules.has('isObject') ? [] : [['an object', { $gt: '' }] as [string, unknown]]),
    ['an array of objects', [{}]],
    ['a nested array', [[['x']]]],
    ['a huge array (100,000 numbers)', Array.from({ length: 100_000 }, (_, i) => i)],
  ];
  if (!field.rules.has('isBoolean')) values.push(['true', true]);
  if (isString(field) || field.rules.has('isIn')) values.push(['a number', 12345], ['NaN-like', -0.5]);
  if (field.rules.has('isBoolean')) values.push(['"true"', 'true'], ['1', 1]);
  if (field.rules.has('isInt')) values.push(['"1"', '1'], ['1.5', 1.5], ['2^64', 2 ** 64]);
  if (field.rules.has('isObject')) values.push(['a string', 'x'], ['an array', [1]]);
  if (field.rules.has('isArray')) values.push(['a string', 'x'], ['30,000 keys', Array(30_000).fill('a+b+c')]);
  else if (isString(field)) values.push(['an array of strings', ['x']]);
  if (!optional(field)) values.push(['null', null]);
  if (field.maxLength !== undefined) {
    values.push([`${field.maxLength + 1} characters`, 'x'.repeat(field.maxLength + 1)]);
    values.push(['200,000 characters', 'x'.repeat(200_000)]);
  }
  if (isString(field) || field.rules.has('isIn')) {
    values.push(['NUL', 'a\u0000b'], ['lone surrogate', 'a\ud800b'], ['lone low surrogate', '\udc00']);
    const samples: [string, string][] = [
      ...SQL.map((s, i): [string, string] => [`SQL ${i + 1}`, s]),
      ...SCRIPT.map((s, i): [string, string] => [`script ${i + 1}`, s]),
      ...INVALID_KEYS.map((k, i): [string, string] => [`invalid key ${i + 1}`, k]),
      ['only spaces', '   '],
      ['empty', ''],
    ];
    // Only where the rules refuse them: SQL in a course's display name is a fine display name.
    for (const [what, value] of samples) if (refuses(field, value)) values.push([what, value]);
  }
  return values;
}

function pathOf(route: RouteInputs, params: ParamValues, override: Record<string, string> = {}): string {
  let path = route.path;
  for (const name of route.params) {
    path = path.replace(`:${name}`, override[name] ?? encodeURIComponent(params[name] ?? 'x'));
  }
  return path;
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value));
const hasBody = (route: RouteInputs) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(route.method);

/**
 * Every hostile case for one route and one caller: its path parameters, query, body and headers,
 * one part made hostile at a time.
 */
export function casesFor(route: RouteInputs, identity: Identity, caseContext: CaseContext): HostileCase[] {
  const cases: HostileCase[] = [];
  const context =
    hasBody(route) && !route.body
      ? { ...caseContext, params: { ...caseContext.params, ...caseContext.absentParams } }
      : caseContext;
  const headersOf = (extra: [string, string | Buffer][] = [], host = context.host): [string, string | Buffer][] => [
    ['host', host],
    ...identity.headers,
    ...extra,
  ];
  const base: Record<string, unknown> = {};
  for (const field of route.body ?? []) if (!optional(field)) base[field.name] = validValue(field, context);
  // A body that is valid JSON and a valid object, but carries a field no DTO accepts: refused
  // wherever a body is read, so the other parts can be tried without anything being written.
  const refusedBody = json({ ...base, not_a_field: 1 });
  const jsonHeaders = (body: Buffer): [string, string][] => [
    ['content-type', 'application/json'],
    ['content-length', String(body.length)],
  ];
  const add = (label: string, expect: Expectation, request: Omit<RawRequest, 'method'> & { method?: string }) =>
    cases.push({
      route: route.route,
      label,
      identity: identity.label,
      expect,
      request: { method: route.method, ...request },
    });
  const withRefusedBody = (extra: [string, string | Buffer][] = [], host?: string) =>
    hasBody(route) && route.body
      ? { headers: headersOf([...jsonHeaders(refusedBody), ...extra], host), body: refusedBody }
      : { headers: headersOf(extra, host) };
  // A body-taking route given a refused body refuses, whatever else; a read may ignore what it does not read.
  const readsOrRefuses: Expectation = hasBody(route) && route.body ? 'refuse' : 'no-5xx';

  // Path parameters.
  for (const name of route.params) {
    for (const [what, value] of PARAM_VALUES) {
      add(`param ${name}: ${what}`, 'refuse', {
        target: pathOf(route, context.params, { [name]: value }),
        ...withRefusedBody(),
      });
    }
    // Raw bytes that are not UTF-8, straight in the request target.
    add(`param ${name}: raw bytes 0xFF 0xFE`, 'refuse', {
      target: Buffer.concat([
        Buffer.from(pathOf(route, context.params, { [name]: '\u0001' }).split('\u0001')[0]),
        Buffer.from([0xff, 0xfe]),
        Buffer.from(pathOf(route, context.params, { [name]: '\u0001' }).split('\u0001')[1] ?? ''),
      ]),
      ...withRefusedBody(),
    });
  }
  const path = pathOf(route, context.params);

  // Query.
  const queryCases: [string, string, Expectation][] = [
    ['page past bigint', 'page=99999999999999999999', route.query ? 'refuse' : 'no-5xx'],
    ['page negative', 'page=-1', route.query ? 'refuse' : 'no-5xx'],
    ['page not a number', 'page=abc', route.query ? 'refuse' : 'no-5xx'],
    ['page twice', 'page=1&page=2', route.query ? 'refuse' : 'no-5xx'],
    ['page as a bracket array', 'page[]=1', route.query ? 'refuse' : 'no-5xx'],
    ['page_size huge', 'page_size=100000000', route.query ? 'refuse' : 'no-5xx'],
    ['page 1e400', 'page=1e400', route.query ? 'refuse' : 'no-5xx'],
    ['unknown parameter', 'not_a_parameter=1', route.query ? 'refuse' : 'no-5xx'],
    ['NUL in a value', 'x=%00', 'refuse'],
    ['NUL in a name', '%00=1', 'refuse'],
    ['invalid UTF-8 value', 'q=%FF%FE', route.query ? 'no-5xx' : 'no-5xx'],
    ['raw bytes', '\u00ff\u00fe=\u00ff', 'no-5xx'],
    ['lone surrogate (UTF-8 of it)', 'q=%ED%A0%80', 'no-5xx'],
    [
      '10,000 parameters',
      Array.from({ length: 10_000 }, (_, i) => `p${i}=1`).join('&'),
      route.query ? 'refuse' : 'no-5xx',
    ],
    ['a huge value', `q=${'x'.repeat(50_000)}`, route.query ? 'refuse' : 'no-5xx'],
    ...SQL.map((s, i): [string, string, Expectation] => [`SQL ${i + 1} in q`, `q=${encodeURIComponent(s)}`, 'no-5xx']),
    ...SCRIPT.map((s, i): [string, string, Expectation] => [
      `script ${i + 1} in q`,
      `q=${encodeURIComponent(s)}`,
      'no-5xx',
    ]),
  ];
  for (const field of route.query ?? []) {
    if (field.rules.has('isIn') || field.rules.has('matches'))
      queryCases.push([`${field.name}: SQL`, `${field.name}=${encodeURIComponent(SQL[0])}`, 'refuse']);
    if (field.maxLength !== undefined)
      queryCases.push([`${field.name}: too long`, `${field.name}=${'y'.repeat(field.maxLength + 1)}`, 'refuse']);
    queryCases.push([`${field.name}: twice`, `${field.name}=a&${field.name}=b`, 'refuse']);
  }
  for (const [what, query, expect] of queryCases) {
    add(`query ${what}`, hasBody(route) && route.body ? 'refuse' : expect, {
      target: `${path}?${query}`,
      ...withRefusedBody(),
    });
  }

  // Body.
  if (hasBody(route)) {
    const bodies: [string, Buffer, string][] = [
      ['not JSON', Buffer.from('{"email": '), 'application/json'],
      ['a JSON array', json([base]), 'application/json'],
      ['a JSON string', json('x'), 'application/json'],
      ['a JSON number', Buffer.from('12345'), 'application/json'],
      ['JSON null', Buffer.from('null'), 'application/json'],
      ['empty with a JSON content type', Buffer.alloc(0), 'application/json'],
      ['nested 100 deep', Buffer.from(`${'{"a":'.repeat(100)}1${'}'.repeat(100)}`), 'application/json'],
      ['nested 50,000 deep (arrays)', Buffer.from(`${'['.repeat(50_000)}${']'.repeat(50_000)}`), 'application/json'],
      ['2 MB', json({ ...base, x: 'x'.repeat(2 * 1024 * 1024) }), 'application/json'],
      ['__proto__', Buffer.from(`{"__proto__": {"admin": true}, ${JSON.stringify(base).slice(1)}`), 'application/json'],
      ['constructor.prototype', json({ ...base, constructor: { prototype: { admin: true } } }), 'application/json'],
      ['an extra field', refusedBody, 'application/json'],
      [
        'invalid UTF-8 in a field name',
        Buffer.concat([Buffer.from('{"'), Buffer.from([0xff, 0xfe]), Buffer.from(`":1}`)]),
        'application/json',
      ],
      ['duplicate keys', Buffer.from(`{"not_a_field":1,"not_a_field":2}`), 'application/json'],
      ['text/plain', refusedBody, 'text/plain'],
      ['XML', Buffer.from('<?xml version="1.0"?><a>1</a>'), 'application/xml'],
      [
        'multipart',
        Buffer.from('--x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--x--\r\n'),
        'multipart/form-data; boundary=x',
      ],
      ['urlencoded with an extra field', Buffer.from('not_a_field=1'), 'application/x-www-form-urlencoded'],
      ['urlencoded with a NUL', Buffer.from('email=a%00b'), 'application/x-www-form-urlencoded'],
      [
        'JSON as UTF-16',
        Buffer.from(JSON.stringify({ ...base, not_a_field: 1 }), 'utf16le'),
        'application/json; charset=utf-16',
      ],
      ['a content type with junk parameters', refusedBody, 'application/json; charset=x; ;;=;'],
      ['no content type', refusedBody, ''],
    ];
    if (route.body && Object.keys(base).length > 0) bodies.push(['no fields at all', json({}), 'application/json']);
    for (const field of route.body ?? []) {
      if (!optional(field)) {
        const { [field.name]: _dropped, ...rest } = base;
        bodies.push([`${field.name} missing`, json(rest), 'application/json']);
      }
      for (const [what, value] of wrongValues(field)) {
        bodies.push([`${field.name}: ${what}`, json({ ...base, [field.name]: value }), 'application/json']);
      }
      if (isString(field) && refuses(field, '\ufffd(')) {
        // Bytes that are not UTF-8 inside the field's string: they must not slip through as U+FFFD.
        const marker = '@@raw-bytes@@';
        const [before, after] = JSON.stringify({ ...base, [field.name]: marker }).split(marker);
        bodies.push([
          `${field.name}: raw bytes 0xC3 0x28`,
          Buffer.concat([Buffer.from(before), Buffer.from([0xc3, 0x28]), Buffer.from(after)]),
          'application/json',
        ]);
      }
    }
    for (const [what, body, type] of bodies) {
      // A route that reads no body ignores one: a DELETE without a DTO, the pages' form posts (CSRF first).
      const expect: Expectation = route.body ? 'refuse' : 'no-5xx';
      add(`body ${what}`, expect, {
        target: path,
        headers: headersOf([
          ...(type ? ([['content-type', type]] as [string, string][]) : []),
          ['content-length', String(body.length)],
        ]),
        body,
      });
    }
  }

  // Headers.
  const headerCases: [string, [string, string | Buffer][], string | undefined, Expectation][] = [
    ['Host: another site’s name', [], 'evil.example', readsOrRefuses],
    ['Host: empty', [], '', readsOrRefuses],
    ['Host: 5,000 characters', [], `${'h'.repeat(5000)}.example`, readsOrRefuses],
    ['Host: a bad port', [], `${context.host}:99999999`, readsOrRefuses],
    ['Host: an IPv6 literal', [], '[::1]:3000', readsOrRefuses],
    ['Host: raw bytes', [], Buffer.from([0xff, 0x2e, 0x65]).toString('latin1'), readsOrRefuses],
    ['Host: SQL', [], SQL[0], readsOrRefuses],
    ['X-Forwarded-Host: another site', [['x-forwarded-host', 'evil.example']], undefined, readsOrRefuses],
    ['X-Request-Id: script', [['x-request-id', SCRIPT[0]]], undefined, readsOrRefuses],
    ['X-Request-Id: 5,000 characters', [['x-request-id', 'r'.repeat(5000)]], undefined, readsOrRefuses],
    ['Cookie: junk session', [['cookie', 'mtl_session=junk; mtl_csrf=junk']], undefined, readsOrRefuses],
    ['Cookie: malformed', [['cookie', '=;=;;; ;=x; mtl_session']], undefined, readsOrRefuses],
    [
      'Cookie: raw bytes',
      [['cookie', Buffer.from([0x6d, 0x3d, 0xff, 0xfe]).toString('latin1')]],
      undefined,
      readsOrRefuses,
    ],
    ['Cookie: a forged signed CSRF secret', [['cookie', 'mtl_csrf=abc.def']], undefined, readsOrRefuses],
    ['Cookie: 6,000 characters', [['cookie', `mtl_session=${'c'.repeat(6000)}`]], undefined, readsOrRefuses],
    [
      'Accept-Language and Accept junk',
      [
        ['accept', '*/*;q=x'],
        ['accept-language', '%%%'],
      ],
      undefined,
      readsOrRefuses,
    ],
    ['headers over the size limit', [['x-junk', 'j'.repeat(20_000)]], undefined, 'refuse'],
    ['a header with a NUL byte', [['x-junk', 'a\u0000b']], undefined, 'refuse'],
    ['a content length that is not a number', [['content-length', 'abc']], undefined, readsOrRefuses],
  ];
  for (const [what, extra, host, expect] of headerCases) {
    const request = withRefusedBody(extra, host);
    // Lengths given by the case win over the body's own.
    if (extra.some(([name]) => name === 'content-length'))
      request.headers = request.headers.filter(
        ([name], i, all) => name !== 'content-length' || all.findIndex(([n]) => n === name) !== i,
      );
    add(`header ${what}`, expect, { target: path, ...request });
  }
  if (identity.signedIn === false) {
    for (const [what, token] of context.badTokens) {
      const request =
        hasBody(route) && route.body
          ? { headers: headersOf([['authorization', token], ...jsonHeaders(refusedBody)]), body: refusedBody }
          : { headers: headersOf([['authorization', token]]) };
      add(`token ${what}`, route.authenticated || readsOrRefuses === 'refuse' ? 'refuse' : 'no-5xx', {
        target: path,
        ...request,
      });
    }
  }

  // Methods the route does not take on its path.
  add('method PROPFIND', 'refuse', { method: 'PROPFIND', target: path, headers: headersOf() });
  return cases;
}
