import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Studio refuses a course or library whose key differs from an existing one only in case
 * (`has_course(…, ignore_case=True)`, B-STUDIO-6): the database holds the same rule, so two
 * concurrent creations cannot both pass the check.
 */
export class CaseInsensitiveCourseKeys1796228781505 implements MigrationInterface {
  name = 'CaseInsensitiveCourseKeys1796228781505';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE UNIQUE INDEX course_runs_key_ci ON course_runs (organization_id, lower(course_key))`);
    await q.query(`CREATE UNIQUE INDEX libraries_key_ci ON libraries (organization_id, lower(library_key))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX libraries_key_ci, course_runs_key_ci`);
  }
}
