import { Injectable } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { tryParseCourseKey } from '@mtl/course-keys';
import { Organization, OrganizationsError, OrganizationsService } from '@mtl/organizations';
import { AuditTrail, CrossOrganizationAccess, TenantContext, TenantTransactions } from '@mtl/tenancy';
import { CatalogVisibility, CourseRun } from '../course-run.entity';
import { Library } from '../library.entity';
import {
  buildCourseKey,
  buildLibraryKey,
  optionalBoolean,
  optionalDate,
  optionalSearch,
  optionalVisibility,
  requireCourseKeyParam,
  requireDateOrder,
  requireKeyPart,
  requireOrg,
  requireSlug,
  requireTitle,
} from './authoring-input';
import {
  AuthoredCoursesRepository,
  AuthoredLibrariesRepository,
  Page,
  pageOfCourses,
  pageOfLibraries,
} from './authored-courses.repository';
import { AuthoringError } from './authoring.error';

export interface NewCourse {
  org: string;
  number: string;
  run: string;
  displayName: string;
  start?: Date | string | null;
  end?: Date | string | null;
}

export interface CourseChanges {
  displayName?: string;
  start?: Date | string | null;
  end?: Date | string | null;
  catalogVisibility?: CatalogVisibility;
  published?: boolean;
}

export interface NewLibrary {
  org: string;
  slug: string;
  title: string;
}

export interface PageRequest {
  page: number;
  pageSize: number;
}

/**
 * Studio's authoring of courses and libraries (product.md behaviour 5, B-STUDIO-*), for HTTP and
 * commands alike. A member acts in their own organization only: the tenant context already holds
 * it, and creating under another short name is ORGANIZATION_FORBIDDEN (checked before anything is
 * looked up or created). An operator, or a command with no principal, acts in any organization:
 * an unknown one is created when ORGANIZATIONS_AUTOCREATE is on and refused (400 naming `org`)
 * when it is off; each read and write then enters that one organization through
 * CrossOrganizationAccess (audited, refusals too), on the operators' path, which alone may write
 * the registry. A course is created with its organization–course link and its audit row, in one
 * transaction.
 */
@Injectable()
export class CourseAuthoringService {
  constructor(
    private readonly context: TenantContext,
    private readonly transactions: TenantTransactions,
    private readonly organizations: OrganizationsService,
    private readonly crossOrganization: CrossOrganizationAccess,
    private readonly courses: AuthoredCoursesRepository,
    private readonly libraries: AuthoredLibrariesRepository,
    private readonly auditTrail: AuditTrail,
  ) {}

  // ---------------------------------------------------------------------------------------------
  // Courses

  async createCourse(input: NewCourse): Promise<CourseRun> {
    const org = requireOrg(input?.org);
    const number = requireKeyPart('number', input.number);
    const run = requireKeyPart('run', input.run);
    const displayName = requireTitle('display_name', input.displayName);
    const start = optionalDate('start', input.start) ?? null;
    const end = optionalDate('end', input.end) ?? null;
    requireDateOrder(start, end);
    buildCourseKey(org, number, run); // the key as asked must be valid before any organization is touched
    return this.inTransaction(`studio: create course ${number}+${run} in ${org}`, async () => {
      const organization = await this.targetOrganization(org);
      // The key carries the organization's own spelling of its short name (docs/compat.md).
      const courseKey = buildCourseKey(organization.shortName, number, run);
      return this.within(organization.id, `studio: create course ${courseKey}`, async () => {
        if (await this.courses.findByKeyIgnoringCase(courseKey))
          throw AuthoringError.duplicate('course_key', courseKey);
        await this.courses
          .insert({ courseKey, displayName, start, end })
          .catch(rethrowDuplicate('course_key', courseKey));
        await this.organizations.addCourse(organization.id, courseKey);
        await this.auditTrail.record({ action: 'course.create', organizationId: organization.id, target: courseKey });
        return this.requireCourse(courseKey);
      });
    });
  }

  /** One page of the caller's organization's courses (an operator's: every organization's, audited). */
  async listCourses(page: PageRequest, q?: string): Promise<Page<CourseRun>> {
    const search = optionalSearch(q);
    const offset = (page.page - 1) * page.pageSize;
    if (this.actsInOwnOrganization()) return this.courses.page(search, offset, page.pageSize);
    return this.crossOrganization.acrossOrganizations(
      { actor: this.actor(), reason: 'studio: list the courses of every organization' },
      (manager) => pageOfCourses(manager.getRepository(CourseRun), null, search, offset, page.pageSize),
    );
  }

  /** The course with exactly this key, in the caller's reach; anything else is COURSE_NOT_FOUND. */
  async getCourse(courseKeyParam: string): Promise<CourseRun> {
    const courseKey = requireCourseKeyParam(courseKeyParam);
    const organizationId = await this.organizationOfKey(courseKey);
    return this.within(organizationId, `studio: read course ${courseKey}`, () => this.requireCourse(courseKey));
  }

  async updateCourse(courseKeyParam: string, changes: CourseChanges): Promise<CourseRun> {
    const courseKey = requireCourseKeyParam(courseKeyParam);
    const patch: Partial<CourseRun> = {};
    if (changes?.displayName !== undefined) patch.displayName = requireTitle('display_name', changes.displayName);
    const start = optionalDate('start', changes?.start);
    const end = optionalDate('end', changes?.end);
    if (start !== undefined) patch.start = start;
    if (end !== undefined) patch.end = end;
    const visibility = optionalVisibility(changes?.catalogVisibility);
    if (visibility !== undefined) patch.catalogVisibility = visibility;
    const published = optionalBoolean('published', changes?.published);
    if (published !== undefined) patch.published = published;
    if (Object.keys(patch).length === 0) {
      throw AuthoringError.invalid(
        'body',
        'must name at least one of display_name, start, end, catalog_visibility, published',
      );
    }
    return this.inTransaction(`studio: update course ${courseKey}`, async () => {
      const organizationId = await this.organizationOfKey(courseKey);
      return this.within(organizationId, `studio: update course ${courseKey}`, async () => {
        const course = await this.requireCourse(courseKey);
        requireDateOrder(
          patch.start !== undefined ? patch.start : course.start,
          patch.end !== undefined ? patch.end : course.end,
        );
        await this.courses.update({ id: course.id }, patch);
        await this.auditTrail.record({
          action: 'course.update',
          organizationId,
          target: courseKey,
          detail: `changed ${Object.keys(patch).sort().join(', ')}`,
        });
        return this.requireCourse(courseKey);
      });
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Libraries

  async createLibrary(input: NewLibrary): Promise<Library> {
    const org = requireOrg(input?.org);
    const slug = requireSlug(input.slug);
    const title = requireTitle('title', input.title);
    buildLibraryKey(org, slug);
    return this.inTransaction(`studio: create library ${slug} in ${org}`, async () => {
      const organization = await this.targetOrganization(org);
      const libraryKey = buildLibraryKey(organization.shortName, slug);
      return this.within(organization.id, `studio: create library ${libraryKey}`, async () => {
        if (await this.libraries.findByKeyIgnoringCase(libraryKey))
          throw AuthoringError.duplicate('library_key', libraryKey);
        // No organization–course link: libraries get none (B-STUDIO-7, B-BACKFILL-2).
        await this.libraries.insert({ libraryKey, title }).catch(rethrowDuplicate('library_key', libraryKey));
        await this.auditTrail.record({ action: 'library.create', organizationId: organization.id, target: libraryKey });
        const library = await this.libraries.findOneBy({ libraryKey });
        if (!library) throw new Error(`Library ${libraryKey} vanished after its insert`);
        return library;
      });
    });
  }

  async listLibraries(page: PageRequest): Promise<Page<Library>> {
    const offset = (page.page - 1) * page.pageSize;
    if (this.actsInOwnOrganization()) return this.libraries.page(offset, page.pageSize);
    return this.crossOrganization.acrossOrganizations(
      { actor: this.actor(), reason: 'studio: list the libraries of every organization' },
      (manager) => pageOfLibraries(manager.getRepository(Library), null, offset, page.pageSize),
    );
  }

  // ---------------------------------------------------------------------------------------------
  // Who acts where

  /** A member's context holds their organization; an operator's or a command's holds none. */
  private actsInOwnOrganization(): boolean {
    return this.context.principal?.organizationId != null || this.context.scope !== undefined;
  }

  /**
   * The organization a creation goes to: a member's own (any other short name is forbidden), or
   * for an operator the one named, created on demand or refused as ensureOrganization decides.
   */
  private async targetOrganization(org: string): Promise<Organization> {
    const scope = this.context.scope;
    if (this.actsInOwnOrganization()) {
      const own = scope?.writable ?? null;
      const organization = own === null ? null : await this.organizations.getById(own).catch(refusedAsNull);
      if (!organization || organization.shortName.toLowerCase() !== org.toLowerCase())
        throw AuthoringError.forbiddenOrganization(org);
      return organization;
    }
    return this.organizations.ensureOrganization(org);
  }

  /**
   * The organization a stored course of this key belongs to. A member's is their own (the
   * tenant scope finds nothing elsewhere); an operator's is the one the key names (its org
   * field, CS-50), and an organization that does not exist has no course either.
   */
  private async organizationOfKey(courseKey: string): Promise<number> {
    const own = this.context.scope?.writable;
    if (this.actsInOwnOrganization()) {
      if (own == null) throw AuthoringError.courseNotFound();
      return own;
    }
    const org = tryParseCourseKey(courseKey)?.org;
    if (!org) throw AuthoringError.courseNotFound();
    const organization = await this.organizations.getByShortName(org).catch(refusedAsNull);
    if (!organization) throw AuthoringError.courseNotFound();
    return organization.id;
  }

  /**
   * Runs `fn` in a child context entered for exactly this organization: a member's own (already
   * theirs) in their tenant transaction; for an operator or a command, through
   * CrossOrganizationAccess, audited as `reason`, a refused attempt too.
   */
  private within<T>(organizationId: number, reason: string, fn: () => Promise<T>): Promise<T> {
    if (!this.actsInOwnOrganization())
      return this.crossOrganization.withinOrganization(organizationId, { actor: this.actor(), reason }, fn);
    return this.context.runInChildContext(() => {
      this.context.enterOrganization(organizationId);
      return fn();
    });
  }

  /**
   * One transaction for a whole write: a member's tenant transaction; an operator's, the
   * cross-organization one (audited as `reason`), since it may create the organization, which only
   * that path may write, and the organization's rows must commit with it or not at all.
   */
  private inTransaction<T>(reason: string, fn: () => Promise<T>): Promise<T> {
    if (this.actsInOwnOrganization()) return this.transactions.run(fn);
    return this.crossOrganization.acrossOrganizations({ actor: this.actor(), reason }, () => fn());
  }

  private async requireCourse(courseKey: string): Promise<CourseRun> {
    const course = await this.courses.findOneBy({ courseKey });
    if (!course) throw AuthoringError.courseNotFound();
    return course;
  }

  private actor(): string {
    const principal = this.context.principal;
    return principal ? `${principal.role}:${principal.userId}` : 'system';
  }
}

/** A unique-key violation at insert time (a concurrent creation won the race) is the same 409. */
function rethrowDuplicate(field: 'course_key' | 'library_key', key: string): (error: unknown) => never {
  return (error) => {
    if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505')
      throw AuthoringError.duplicate(field, key);
    throw error;
  };
}

/**
 * An organization the registry refuses (none, inactive, a malformed name) is null to the caller;
 * any other failure, such as a lost database connection, is not a refusal and goes on up
 * (a 503, not a misleading 403 or 404: docs/adr/0012).
 */
function refusedAsNull(error: unknown): null {
  if (error instanceof OrganizationsError) return null;
  throw error;
}
