import { isPlainRead } from './scope-statements';

describe('scope statements', () => {
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
