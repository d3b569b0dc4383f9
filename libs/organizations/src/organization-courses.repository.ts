import { Injectable } from '@nestjs/common';
import { TenantContext, TenantScopedRepository, TenantTransactions } from '@mtl/tenancy';
import { OrganizationCourse } from './organization-course.entity';
import type { CourseLinkOutcome } from './organization.types';

/**
 * Organization–course links of the organization(s) in the tenant context. Callers name no
 * organization: reads see the readable ones, writes reach the writable one, and with no tenant
 * every call fails closed (row-level security refuses the same again in PostgreSQL).
 * Cross-organization reads and bulk writes go through CrossOrganizationAccess instead.
 */
@Injectable()
export class OrganizationCoursesRepository extends TenantScopedRepository<OrganizationCourse> {
  constructor(transactions: TenantTransactions, context: TenantContext) {
    super(OrganizationCourse, transactions, context);
  }

  /** Course ids of the active links, in link-creation order. */
  async listActiveCourseIds(): Promise<string[]> {
    const links = await this.find({
      where: { active: true },
      order: { id: 'ASC' },
      select: { courseId: true, id: true, organizationId: true },
    });
    return links.map((link) => link.courseId);
  }

  /**
   * Links the writable organization to `courseId`: created active, reactivated when inactive,
   * left alone when active. One statement, so two concurrent calls cannot both insert.
   */
  link(courseId: string): Promise<CourseLinkOutcome> {
    return this.use(async (repository) => {
      const organizationId = this.context.requireWritableOrganization('organization course links');
      const rows: { inserted: boolean }[] = await repository.query(
        `INSERT INTO organization_courses (organization_id, course_id, active) VALUES ($1, $2, true)
         ON CONFLICT (organization_id, course_id)
           DO UPDATE SET active = true, modified = now() WHERE NOT organization_courses.active
         RETURNING (xmax = 0) AS inserted`,
        [organizationId, courseId],
      );
      if (rows.length === 0) return 'unchanged';
      return rows[0].inserted ? 'created' : 'reactivated';
    });
  }

  /** Deactivates the active link to `courseId`, if any; returns whether one was. */
  async unlink(courseId: string): Promise<boolean> {
    return (await this.update({ courseId, active: true }, { active: false })) > 0;
  }

  /** Deactivates every active link of the writable organization (its soft deletion). */
  deactivateAll(): Promise<number> {
    return this.update({ active: true }, { active: false });
  }

  /** Reactivates every inactive link of the writable organization (its reactivation). */
  reactivateAll(): Promise<number> {
    return this.update({ active: false }, { active: true });
  }
}
