import { Injectable } from '@nestjs/common';
import { TenantContext, TenantScopedRepository, TenantTransactions } from '@mtl/tenancy';
import { Enrollment } from './enrollment.entity';

/** Who is enrolled: an organization member (users) or an operator (operators). */
export interface Learner {
  kind: 'member' | 'operator';
  id: string;
}

/** An enrollment with its course's key, as the API shows it. */
export interface EnrollmentRow {
  organizationId: number;
  id: string;
  courseKey: string;
  mode: string;
  isActive: boolean;
  created: Date;
}

const LEARNER_COLUMN = { member: 'user_id', operator: 'operator_id' } as const;

const ROW =
  `e.organization_id AS "organizationId", e.id, c.course_key AS "courseKey", e.mode, ` +
  `e.is_active AS "isActive", e.created`;

/** Enrollments of the context's organizations; writes go to its writable one (RLS holds the same). */
@Injectable()
export class EnrollmentsRepository extends TenantScopedRepository<Enrollment> {
  constructor(transactions: TenantTransactions, context: TenantContext) {
    super(Enrollment, transactions, context);
  }

  /**
   * Enrolls, or reactivates an inactive enrollment, in one statement (no race between two
   * requests): null when the learner is already actively enrolled.
   */
  enrollOrReactivate(
    learner: Learner,
    courseRunId: string,
    mode: string,
  ): Promise<(Omit<EnrollmentRow, 'courseKey'> & { inserted: boolean }) | null> {
    return this.use(async (repository) => {
      const organizationId = this.context.requireWritableOrganization('an enrollment');
      const column = LEARNER_COLUMN[learner.kind];
      const [row] = await repository.query<(Omit<EnrollmentRow, 'courseKey'> & { inserted: boolean })[]>(
        `INSERT INTO enrollments AS e (organization_id, course_run_id, ${column}, mode) VALUES ($1, $2, $3, $4)
         ON CONFLICT (organization_id, ${column}, course_run_id) WHERE ${column} IS NOT NULL
         DO UPDATE SET is_active = true, modified = now() WHERE NOT e.is_active
         RETURNING e.organization_id AS "organizationId", e.id, e.mode, e.is_active AS "isActive", e.created, (e.xmax =
           0) AS inserted`,
        [organizationId, courseRunId, learner.id, mode],
      );
      return row ?? null;
    });
  }

  /** The learner's active enrollment in the course with this key, or null. */
  findActive(learner: Learner, courseKey: string): Promise<EnrollmentRow | null> {
    return this.use(async (repository, scope) => {
      const [row] = await repository.query<EnrollmentRow[]>(
        `SELECT ${ROW} FROM enrollments e
         JOIN course_runs c ON c.organization_id = e.organization_id AND c.id = e.course_run_id
         WHERE e.organization_id = ANY ($1) AND e.${LEARNER_COLUMN[learner.kind]} = $2 AND c.course_key = $3 AND
           e.is_active
         LIMIT 1`,
        [[...scope.readable], learner.id, courseKey],
      );
      return row ?? null;
    });
  }

  /** One page of the learner's active enrollments, newest first, with their count (one query). */
  listActivePage(learner: Learner, offset: number, limit: number): Promise<{ count: number; rows: EnrollmentRow[] }> {
    return this.use(async (repository, scope) => {
      const where = `e.organization_id = ANY ($1) AND e.${LEARNER_COLUMN[learner.kind]} = $2 AND e.is_active`;
      const rows = await repository.query<(EnrollmentRow & { total: string })[]>(
        `SELECT ${ROW}, count(*) OVER () AS total FROM enrollments e
         JOIN course_runs c ON c.organization_id = e.organization_id AND c.id = e.course_run_id
         WHERE ${where} ORDER BY e.created DESC, e.id DESC LIMIT $3 OFFSET $4`,
        [[...scope.readable], learner.id, limit, offset],
      );
      if (rows.length > 0 || offset === 0) return { count: rows.length > 0 ? Number(rows[0].total) : 0, rows };
      const [{ total }] = await repository.query<{ total: string }[]>(
        `SELECT count(*) AS total FROM enrollments e WHERE ${where}`,
        [[...scope.readable], learner.id],
      );
      return { count: Number(total), rows: [] };
    });
  }
}
