import { findInputProblem, MAX_BODY_DEPTH, requestInputProblem, stringProblem } from './input-guard';

describe('input guard', () => {
  it('refuses NUL and lone surrogates, accepts any other text', () => {
    expect(stringProblem('a\u0000b')).toMatch(/NUL/);
    expect(stringProblem('x\ud800y')).toMatch(/lone surrogate/);
    expect(stringProblem('x\udc00')).toMatch(/lone surrogate/);
    expect(stringProblem('emoji 😀 and é, 中文')).toBeNull();
    expect(stringProblem('')).toBeNull();
  });

  it('names the field as validation errors do, however deep', () => {
    expect(findInputProblem({ a: { b: [1, 'ok', 'b\u0000d'] } }, 'body')).toEqual({
      field: 'a.b[2]',
      reason: 'must not contain NUL characters',
    });
    expect(findInputProblem('x\u0000', 'body')).toEqual({ field: 'body', reason: 'must not contain NUL characters' });
    expect(findInputProblem({ ['k\u0000']: 1 }, 'body')).toEqual({
      field: 'k\\u0000',
      reason: 'is a field name that must not contain NUL characters',
    });
  });

  it('refuses nesting past the limit without recursing', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(findInputProblem(deep, 'body')).toEqual({
      field: 'body',
      reason: `nests deeper than ${MAX_BODY_DEPTH} levels`,
    });
    let ok: unknown = 1;
    for (let i = 0; i < MAX_BODY_DEPTH; i++) ok = { a: ok };
    expect(findInputProblem(ok, 'body')).toBeNull();
  });

  it('checks path, query and body in that order', () => {
    expect(
      requestInputProblem({ params: { domain: '\u0000' }, query: { page: '\u0000' }, body: undefined })?.field,
    ).toBe('domain');
    expect(requestInputProblem({ params: {}, query: { page: '1\u0000' }, body: { name: '\u0000' } })?.field).toBe(
      'page',
    );
    expect(requestInputProblem({ params: {}, query: {}, body: null })).toBeNull();
  });
});
