import { inlineParameters, isPlainRead } from './scope-statements';

describe('scope statements', () => {
  it('writes parameters as quoted literals, as pg would bind them', () => {
    expect(inlineParameters('SELECT * FROM t WHERE a = $1 AND b = ANY ($2) LIMIT $3', ['x', [1, 2], 20])).toBe(
      `SELECT * FROM t WHERE a = 'x' AND b = ANY ('{"1","2"}') LIMIT '20'`,
    );
    expect(inlineParameters('SELECT $1, $2, $3', [null, undefined, true])).toBe(`SELECT NULL, NULL, 'true'`);
    expect(inlineParameters('SELECT $1', [{ a: "it's" }])).toBe(`SELECT '{"a":"it''s"}'`);
    expect(inlineParameters('SELECT $1', [Buffer.from([0, 255])])).toBe(`SELECT  E'\\\\x00ff'`);
    expect(
      inlineParameters(
        'SELECT $10, $1',
        Array.from({ length: 10 }, (_, i) => i),
      ),
    ).toBe(`SELECT '9', '0'`);
  });

  it('quotes what a caller sends, so that no value can end its literal', () => {
    expect(inlineParameters('SELECT * FROM users WHERE email = $1', ["x' OR '1'='1"])).toBe(
      `SELECT * FROM users WHERE email = 'x'' OR ''1''=''1'`,
    );
    expect(inlineParameters('SELECT $1', ['back\\slash'])).toBe(`SELECT  E'back\\\\slash'`);
  });

  it('leaves placeholders alone inside strings and identifiers', () => {
    expect(inlineParameters(`SELECT '$1', "a$1", x$1, $1 FROM t`, ['v'])).toBe(`SELECT '$1', "a$1", x$1, 'v' FROM t`);
    expect(inlineParameters(`SELECT 'it''s $1', $1`, ['v'])).toBe(`SELECT 'it''s $1', 'v'`);
  });

  it('gives up on what it cannot rewrite with certainty', () => {
    expect(inlineParameters(`SELECT E'\\'', $1`, ['v'])).toBeNull();
    expect(inlineParameters(`SELECT $1 -- $2`, ['v'])).toBeNull();
    expect(inlineParameters(`SELECT $1 /* $2 */`, ['v'])).toBeNull();
    expect(inlineParameters(`SELECT $tag$ $1 $tag$, $1`, ['v'])).toBeNull();
    expect(inlineParameters(`SELECT $2`, ['v'])).toBeNull();
    expect(inlineParameters(`SELECT 'unterminated`, ['v'])).toBeNull();
    expect(inlineParameters(`SELECT $1`, ['nul\u0000byte'])).toBeNull();
    expect(inlineParameters(`SELECT '$'`, [])).toBeNull();
    expect(inlineParameters(`SELECT 1`, [])).toBe('SELECT 1');
  });

  it('lets only plain reads run on their own', () => {
    expect(isPlainRead('SELECT "u"."id" FROM "users" "u" WHERE "u"."id" = $1 LIMIT 1')).toBe(true);
    expect(isPlainRead('  select count(*) from course_runs')).toBe(true);
    for (const sql of [
      'INSERT INTO t VALUES (1)',
      'UPDATE t SET a = 1',
      'WITH d AS (DELETE FROM t RETURNING *) SELECT * FROM d',
      'SELECT * FROM t FOR UPDATE',
      'SELECT * FROM t FOR NO KEY UPDATE',
      'SELECT * FROM t FOR SHARE',
      'SELECT * INTO copy FROM t',
      `SELECT set_config('mtl.cross_org', 'on', false)`,
      `SELECT pg_advisory_xact_lock(1)`,
      `SELECT nextval('s')`,
      'SAVEPOINT typeorm_1',
      'RESET ROLE',
    ])
      expect(isPlainRead(sql)).toBe(false);
  });
});
