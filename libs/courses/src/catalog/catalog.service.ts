import { Inject, Injectable } from '@nestjs/common';
import { platformConfig, PlatformSettings } from '@mtl/config';
import { isTruthy, SiteConfigurationHelpers } from '@mtl/sites';
import { TenantContext } from '@mtl/tenancy';
import type { CourseRun } from '../course-run.entity';
import { CourseView, presentCourse } from '../course.view';
import { CatalogCache } from './catalog-cache';
import { CatalogError, CatalogErrorCode, courseNotFound } from './catalog.error';
import { CatalogOrder, CatalogRepository } from './catalog.repository';
import { canonicalCourseKey } from './course-key-param';

/** One page of a catalog, in the product shape (presented once, then possibly served from memory). */
export interface CatalogPage {
  count: number;
  courses: readonly CourseView[];
}

/**
 * What a site's learners may see of its courses (product.md, behaviour 3). Which organizations a
 * site shows is decided once, when its site is resolved (its course_org_filter, case-insensitively;
 * the main site: the organizations no enabled site claims), and lives in the request's tenant
 * scope; this service adds what a learner may see of those organizations' courses.
 */
@Injectable()
export class CatalogService {
  constructor(
    private readonly courses: CatalogRepository,
    private readonly cache: CatalogCache,
    private readonly context: TenantContext,
    private readonly sites: SiteConfigurationHelpers,
    @Inject(platformConfig.KEY) private readonly platform: PlatformSettings,
  ) {}

  /** The site's catalog: published courses with visibility `both`, in the site's order. */
  async list(input: { page: number; pageSize: number; q?: string }): Promise<CatalogPage> {
    // A site that shows no organization (every one claimed elsewhere, or its own inactive) lists
    // nothing; without a scope the repository would rightly refuse to read at all.
    if (!this.showsAnyOrganization()) return this.pageOrNotFound(input.page, { count: 0, courses: [] });
    const q = input.q?.trim() || undefined;
    const order = this.order();
    const readable = this.context.scope!.readable;
    // Searches are too varied to be worth keeping; plain pages are what every visitor loads.
    const key = q === undefined ? this.cache.keyFor(readable, order, input.page, input.pageSize) : null;
    const cached = key === null ? undefined : this.cache.get(key);
    if (cached) return cached;
    const generation = this.cache.currentGeneration;
    const { count, courses } = await this.courses.listPage({
      offset: (input.page - 1) * input.pageSize,
      limit: input.pageSize,
      q,
      order,
    });
    const result = this.pageOrNotFound(input.page, { count, courses: courses.map(presentCourse) });
    if (key !== null) this.cache.set(key, readable, result, generation);
    return result;
  }

  /** A course's own page: published with visibility `both` or `about`, on this site; else 404. */
  async get(courseKey: string, field = 'courseKey'): Promise<CourseRun> {
    const key = canonicalCourseKey(courseKey, field);
    const course = this.showsAnyOrganization() ? await this.courses.findServed(key) : null;
    if (!course) throw courseNotFound();
    return course;
  }

  /**
   * `ENABLE_COURSE_SORTING_BY_START_DATE`: the site's value, else the setting, taken as Python
   * takes it (any truthy value).
   */
  order(): CatalogOrder {
    const enabled = this.sites.getValue(
      'ENABLE_COURSE_SORTING_BY_START_DATE',
      this.platform.ENABLE_COURSE_SORTING_BY_START_DATE,
    );
    return isTruthy(enabled) ? 'start_date' : 'course_key';
  }

  private showsAnyOrganization(): boolean {
    return (this.context.scope?.readable.length ?? 0) > 0;
  }

  private pageOrNotFound(page: number, result: CatalogPage): CatalogPage {
    // As the other lists (Django REST framework's "Invalid page"): past the last page is a 404.
    if (page > 1 && result.courses.length === 0)
      throw new CatalogError(
        CatalogErrorCode.PAGE_NOT_FOUND,
        'Invalid page: past the last page',
        'page',
        'is past the last page',
      );
    return result;
  }
}
