import { Injectable } from '@nestjs/common';
import { TenantContext, TenantScopedRepository, TenantTransactions } from '@mtl/tenancy';
import { CourseRun } from '../course-run.entity';

export type CatalogOrder = 'course_key' | 'start_date';

export interface CatalogPageQuery {
  offset: number;
  limit: number;
  /** Matched case-insensitively against the display name and the course key. */
  q?: string;
  order: CatalogOrder;
}

/** The columns the catalog reads, under the entity's property names (what presentCourse reads). */
const COLUMNS = `c.organization_id AS "organizationId", c.id, c.course_key AS "courseKey",
  c.display_name AS "displayName", c.start, c."end", c.catalog_visibility AS "catalogVisibility", c.published`;

/**
 * Open edX's `sort_by_start_date` (lms/djangoapps/courseware/courses.py) sorts the key-ordered
 * list by `(course.has_ended(), course.start is None, course.start)`, a stable sort: courses not
 * yet ended (no end, or an end still ahead) first, then by start ascending, those without a start
 * last, ties in key order.
 */
const ORDER_BY: Record<CatalogOrder, string> = {
  course_key: `c.course_key`,
  start_date: `(c."end" IS NOT NULL AND c."end" < now()), c.start IS NULL, c.start, c.course_key`,
};

/** `%`, `_` and the escape character itself, taken literally in an ILIKE pattern. */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The LMS's reads of course runs. Like every tenant-scoped repository, it sees only the
 * organizations of the context, which on the LMS are the site's (its course_org_filter, or for the
 * main site the organizations no enabled site claims), and row-level security holds the same.
 */
@Injectable()
export class CatalogRepository extends TenantScopedRepository<CourseRun> {
  constructor(transactions: TenantTransactions, context: TenantContext) {
    super(CourseRun, transactions, context);
  }

  /**
   * One page of the listed courses (published, visibility `both`) and how many there are, in one
   * query: the count rides along as a window aggregate. A page past the end has no row to carry
   * it, so then (only) a second query counts.
   */
  listPage(query: CatalogPageQuery): Promise<{ count: number; courses: CourseRun[] }> {
    return this.use(async (repository, scope) => {
      const readable = [...scope.readable];
      const pattern = query.q ? containing(query.q) : null;
      // Listed courses of the readable organizations; `$q` is the search pattern's placeholder.
      const where = (q: string) =>
        `c.organization_id = ANY ($1) AND c.published AND c.catalog_visibility = 'both'` +
        (pattern === null ? '' : ` AND (c.display_name ILIKE ${q} OR c.course_key ILIKE ${q})`);
      const rows = await repository.query<(CourseRun & { total: string })[]>(
        `SELECT ${COLUMNS}, count(*) OVER () AS total FROM course_runs c WHERE ${where('$4')}
         ORDER BY ${ORDER_BY[query.order]} LIMIT $2 OFFSET $3`,
        pattern === null ? [readable, query.limit, query.offset] : [readable, query.limit, query.offset, pattern],
      );
      if (rows.length > 0 || query.offset === 0)
        return { count: rows.length > 0 ? Number(rows[0].total) : 0, courses: rows };
      const [{ total }] = await repository.query<{ total: string }[]>(
        `SELECT count(*) AS total FROM course_runs c WHERE ${where('$2')}`,
        pattern === null ? [readable] : [readable, pattern],
      );
      return { count: Number(total), courses: [] };
    });
  }

  /** The course run with this canonical key whose page is served: published, visibility `both` or `about`. */
  findServed(courseKey: string): Promise<CourseRun | null> {
    return this.use(async (repository, scope) => {
      const [row] = await repository.query<CourseRun[]>(
        `SELECT ${COLUMNS} FROM course_runs c
         WHERE c.organization_id = ANY ($1) AND c.course_key = $2 AND c.published AND c.catalog_visibility IN ('both',
           'about')
         ORDER BY c.organization_id LIMIT 1`,
        [[...scope.readable], courseKey],
      );
      return row ?? null;
    });
  }
}
