import { Injectable } from '@nestjs/common';
import { TenantContext } from '@mtl/tenancy';
import { CatalogService } from '../catalog/catalog.service';
import { canonicalCourseKey } from '../catalog/course-key-param';
import { EnrollmentsError, EnrollmentsErrorCode } from './enrollments.error';
import { EnrollmentRow, EnrollmentsRepository, Learner } from './enrollments.repository';

export const DEFAULT_ENROLLMENT_MODE = 'audit';

/**
 * Enrollment of the signed-in caller in the courses this site serves. A member enrolls in the
 * courses of their own organization (the row lives there, next to their account); an operator in
 * any course the site serves, the row then living in that course's organization. Unenrolling keeps
 * the row, inactive, and enrolling again reactivates it, as Open edX's CourseEnrollment does.
 */
@Injectable()
export class EnrollmentsService {
  constructor(
    private readonly context: TenantContext,
    private readonly catalog: CatalogService,
    private readonly enrollments: EnrollmentsRepository,
  ) {}

  /** Enrolls (201 in HTTP); AlreadyEnrolled when the caller already is, actively. */
  async enroll(courseKey: string): Promise<EnrollmentRow> {
    const learner = this.learner();
    // The course page's own rule: a course the site does not serve is the same 404 as none at all.
    const course = await this.catalog.get(courseKey, 'course_key');
    if (learner.kind === 'member') {
      if (this.context.principal!.organizationId !== course.organizationId) {
        throw new EnrollmentsError(
          EnrollmentsErrorCode.OTHER_ORGANIZATION,
          'Members enroll in courses of their own organization only',
        );
      }
    } else {
      // An operator has no organization of their own: the enrollment is written in the course's.
      this.context.grantWrite(course.organizationId);
    }
    const row = await this.enrollments.enrollOrReactivate(learner, course.id, DEFAULT_ENROLLMENT_MODE);
    if (!row)
      throw new EnrollmentsError(
        EnrollmentsErrorCode.ALREADY_ENROLLED,
        `already enrolled in ${course.courseKey}`,
        'course_key',
      );
    return { ...row, courseKey: course.courseKey };
  }

  /** Unenrolls: the enrollment stays, inactive. NotEnrolled when there is no active one. */
  async unenroll(courseKey: string): Promise<void> {
    const learner = this.learner();
    const key = canonicalCourseKey(courseKey, 'courseKey');
    const notEnrolled = () => new EnrollmentsError(EnrollmentsErrorCode.NOT_ENROLLED, `Not enrolled in ${key}`);
    // Not locked first: row-level security would let an operator lock nothing before the write is
    // granted. The update itself re-checks `isActive`, so of two concurrent unenrollments one is a 404.
    const row = await this.enrollments.findActive(learner, key);
    if (!row) throw notEnrolled();
    if (learner.kind === 'operator') this.context.grantWrite(row.organizationId);
    if ((await this.enrollments.update({ id: row.id, isActive: true }, { isActive: false })) === 0) throw notEnrolled();
  }

  /** The caller's active enrollment in this course on this site, or null (the course page asks). */
  async findMine(courseKey: string): Promise<EnrollmentRow | null> {
    return this.enrollments.findActive(this.learner(), canonicalCourseKey(courseKey, 'courseKey'));
  }

  /** The caller's active enrollments on this site, newest first. */
  async listMine(page: number, pageSize: number): Promise<{ count: number; rows: EnrollmentRow[] }> {
    const learner = this.learner();
    if ((this.context.scope?.readable.length ?? 0) === 0) {
      if (page > 1)
        throw new EnrollmentsError(EnrollmentsErrorCode.PAGE_NOT_FOUND, 'page is past the last page', 'page');
      return { count: 0, rows: [] };
    }
    const result = await this.enrollments.listActivePage(learner, (page - 1) * pageSize, pageSize);
    if (page > 1 && result.rows.length === 0)
      throw new EnrollmentsError(EnrollmentsErrorCode.PAGE_NOT_FOUND, 'page is past the last page', 'page');
    return result;
  }

  private learner(): Learner {
    const principal = this.context.principal;
    if (!principal) throw new EnrollmentsError(EnrollmentsErrorCode.NoLearner, 'No one is signed in');
    return principal.role === 'operator'
      ? { kind: 'operator', id: principal.userId }
      : { kind: 'member', id: principal.userId };
  }
}
