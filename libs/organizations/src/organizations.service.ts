import { Inject, Injectable, Logger } from '@nestjs/common';
import { platformConfig, type PlatformSettings } from '@mtl/config';
import { AuditTrail, CrossOrganizationAccess, TenantContext, TenantTransactions } from '@mtl/tenancy';
import { OrganizationCourse } from './organization-course.entity';
import { OrganizationCoursesRepository } from './organization-courses.repository';
import { Organization } from './organization.entity';
import {
  courseIdOrNull,
  optionalDescription,
  optionalLogoUrl,
  requireCourseId,
  requireId,
  requireName,
  requireShortName,
} from './organization-input';
import type {
  BulkAddCoursesResult,
  BulkAddResult,
  BulkCourseOptions,
  BulkOptions,
  CourseLinkOutcome,
  OrganizationChanges,
  OrganizationCoursePair,
  OrganizationInput,
} from './organization.types';
import { OrganizationsBulkService } from './organizations-bulk.service';
import { OrganizationsErrorCode, OrganizationsError } from './organizations.error';
import { actorOf } from './organizations-actor';
import { OrganizationsRepository } from './organizations.repository';
import { shortNameProblem } from './short-name.util';

/**
 * Organizations and their course links, one at a time, with the behaviour of edx-organizations'
 * Python API (docs/behaviours.md, B-ORGAPI) and its bugs fixed (docs/compat.md). Input checks are
 * in organization-input.ts, bulk work in OrganizationsBulkService.
 *
 * Data access follows the tenancy rules (docs/adr): the registry (`organizations`) is global and
 * goes through OrganizationsRepository; it is read in the caller's transaction and written only
 * on the audited cross-organization path (the request role may not write it, docs/adr/0013).
 * One organization's links go through OrganizationCoursesRepository inside a child context
 * entered for that organization when the caller is limited to it; an unscoped caller (an
 * operator, the CLI) enters it only through CrossOrganizationAccess.withinOrganization, audited,
 * refusals included. Short names are compared case-insensitively everywhere.
 */
@Injectable()
export class OrganizationsService {
  private readonly logger = new Logger('OrganizationsService');

  constructor(
    private readonly transactions: TenantTransactions,
    private readonly context: TenantContext,
    private readonly crossOrganization: CrossOrganizationAccess,
    private readonly registry: OrganizationsRepository,
    private readonly links: OrganizationCoursesRepository,
    private readonly bulk: OrganizationsBulkService,
    private readonly auditTrail: AuditTrail,
    @Inject(platformConfig.KEY) private readonly platform: PlatformSettings,
  ) {}

  // ---------------------------------------------------------------------------------------------
  // Organizations

  /**
   * Creates the organization, or returns the existing one (matched case-insensitively) unchanged,
   * or reactivates an inactive one together with its course links (B-ORGAPI-3; B-ORGAPI-4 fixed).
   */
  async add(input: OrganizationInput): Promise<Organization> {
    const shortName = requireShortName(input?.shortName);
    const name = requireName(input.name);
    const description = optionalDescription(input.description) ?? '';
    const logoUrl = optionalLogoUrl(input.logoUrl);
    return this.writeRegistry(`organizations: add ${shortName}`, async () => {
      const { organization, created } = await this.registry.insertIfAbsent({ shortName, name, description, logoUrl });
      if (created) await this.record('organization.create', organization);
      if (organization.active) return organization;
      const reactivated = await this.reactivateWithLinks(organization.id);
      await this.record('organization.update', reactivated, 'reactivated');
      return reactivated;
    });
  }

  /** The active organization with this id (B-ORGAPI-7); inactive or unknown → ORGANIZATION_NOT_FOUND. */
  async getById(id: number): Promise<Organization> {
    requireId(id);
    const organization = await this.registry.findById(id);
    if (!organization) throw OrganizationsError.notFound(`with id ${id}`);
    return organization;
  }

  /** The active organization with this short name, compared case-insensitively (B-ORGAPI-7). */
  async getByShortName(shortName: string): Promise<Organization> {
    if (typeof shortName !== 'string' || shortName === '')
      throw OrganizationsError.invalidOrganization('short_name', 'is required');
    // A name that breaks the rules cannot be stored, so it needs no query to be not found.
    const organization = shortNameProblem(shortName) === null ? await this.registry.findByShortName(shortName) : null;
    if (!organization) throw OrganizationsError.notFound(`with short_name '${shortName}'`);
    return organization;
  }

  /** Every active organization, by id (B-ORGAPI-7 `get_organizations`). */
  listActive(): Promise<Organization[]> {
    return this.registry.listActive();
  }

  /** One page of the active organizations, by id, and how many there are in all (the REST list). */
  async listActivePage(offset: number, limit: number): Promise<{ count: number; organizations: Organization[] }> {
    if (!Number.isInteger(offset) || offset < 0)
      throw OrganizationsError.invalidOrganization('offset', 'must be a non-negative integer');
    if (!Number.isInteger(limit) || limit < 1)
      throw OrganizationsError.invalidOrganization('limit', 'must be a positive integer');
    return this.registry.listActivePage(offset, limit);
  }

  /**
   * The REST API's PUT (B-ORGREST-5, docs/compat.md): when an organization with this short name
   * exists (case-insensitively, active or not), sets its name and the short_name's spelling, and
   * its description and logo URL when given (left out → kept, null → cleared), and reactivates it
   * with its links if inactive; otherwise creates it active (a missing description is stored as
   * null, as the original's REST create does). `created` says which happened.
   */
  async createOrUpdate(input: OrganizationInput): Promise<{ organization: Organization; created: boolean }> {
    const shortName = requireShortName(input?.shortName);
    const name = requireName(input.name);
    const description = optionalDescription(input.description);
    const logoUrl = input.logoUrl === undefined ? undefined : optionalLogoUrl(input.logoUrl);
    return this.writeRegistry(`organizations: create or update ${shortName}`, async () => {
      const stored = await this.registry.insertIfAbsent({
        shortName,
        name,
        description: description ?? null,
        logoUrl: logoUrl ?? null,
      });
      if (stored.created) {
        await this.record('organization.create', stored.organization);
        return stored;
      }
      const existing = stored.organization;
      this.assertMayActOn(existing.id);
      const patch: Partial<Organization> = { shortName, name };
      if (description !== undefined) patch.description = description;
      if (logoUrl !== undefined) patch.logoUrl = logoUrl;
      const updated = await this.registry.update(existing.id, patch);
      const organization = existing.active ? updated : await this.reactivateWithLinks(existing.id);
      await this.record('organization.update', organization, existing.active ? null : 'reactivated');
      return { organization, created: false };
    });
  }

  /**
   * Changes name, description, logo URL and (for the REST PUT) short_name of an existing
   * organization, active or not, and persists them (the original never saves, B-ORGAPI-6).
   * `active` is not changed here: deactivate and reactivate do that, links included.
   */
  async update(id: number, changes: OrganizationChanges): Promise<Organization> {
    requireId(id);
    const patch: Partial<Organization> = {};
    if (changes?.shortName !== undefined) patch.shortName = requireShortName(changes.shortName);
    if (changes?.name !== undefined) patch.name = requireName(changes.name);
    if (changes?.description !== undefined) patch.description = optionalDescription(changes.description) ?? null;
    if (changes?.logoUrl !== undefined) patch.logoUrl = optionalLogoUrl(changes.logoUrl);
    this.assertMayActOn(id);
    return this.writeRegistry(`organizations: update organization ${id}`, async () => {
      const organization = await this.registry.findById(id, { includeInactive: true });
      if (!organization) throw OrganizationsError.notFound(`with id ${id}`);
      if (patch.shortName !== undefined) {
        const holder = await this.registry.findByShortName(patch.shortName, { includeInactive: true });
        if (holder && holder.id !== id) throw OrganizationsError.duplicateShortName(patch.shortName);
      }
      if (Object.keys(patch).length === 0) return organization;
      const updated = await this.registry.update(id, patch);
      await this.record('organization.update', updated, `changed ${Object.keys(patch).sort().join(', ')}`);
      return updated;
    });
  }

  /**
   * Soft-deletes: deactivates the organization's active links, then the organization
   * (B-ORGAPI-8). An inactive or unknown id is a silent no-op, as in the original.
   */
  async deactivate(id: number): Promise<void> {
    requireId(id);
    this.assertMayActOn(id);
    await this.writeRegistry(`organizations: deactivate organization ${id}`, async () => {
      if (!(await this.registry.lockById(id))) return;
      await this.setEveryLinkActive(id, false);
      await this.record('organization.update', await this.registry.update(id, { active: false }), 'deactivated');
    });
  }

  /** Reactivates an organization and all of its inactive links; an active one is returned as it is. */
  async reactivate(id: number): Promise<Organization> {
    requireId(id);
    this.assertMayActOn(id);
    return this.writeRegistry(`organizations: reactivate organization ${id}`, async () => {
      const organization = await this.registry.findById(id, { includeInactive: true });
      if (!organization) throw OrganizationsError.notFound(`with id ${id}`);
      if (organization.active) return organization;
      const reactivated = await this.reactivateWithLinks(id);
      await this.record('organization.update', reactivated, 'reactivated');
      return reactivated;
    });
  }

  /** See OrganizationsBulkService.bulkAdd (B-ORGAPI-5). */
  bulkAdd(items: readonly OrganizationInput[], options: BulkOptions = {}): Promise<BulkAddResult> {
    return this.bulk.bulkAdd(items, options);
  }

  /**
   * The active organization with this short name; when there is none, creates it (name = short
   * name) or reactivates the inactive one if ORGANIZATIONS_AUTOCREATE is on, else refuses with
   * UNKNOWN_ORGANIZATION (B-ORGAPI-13). Short-name rules apply in both modes.
   */
  async ensureOrganization(shortName: string): Promise<Organization> {
    requireShortName(shortName);
    try {
      return await this.getByShortName(shortName);
    } catch (error) {
      if (!(error instanceof OrganizationsError) || error.code !== OrganizationsErrorCode.ORGANIZATION_NOT_FOUND)
        throw error;
    }
    if (!this.isAutocreateEnabled()) throw OrganizationsError.unknownOrganizations([shortName], 'org');
    this.logger.log(`Automatically creating new organization '${shortName}'`);
    return this.add({ shortName, name: shortName });
  }

  /** ORGANIZATIONS_AUTOCREATE as configured (unset → true; '', 0, false → strict; B-ORGAPI-14). */
  isAutocreateEnabled(): boolean {
    return this.platform.ORGANIZATIONS_AUTOCREATE;
  }

  // ---------------------------------------------------------------------------------------------
  // Organization–course links

  /**
   * Links a course key to an organization (B-ORGAPI-9): created active, reactivated when
   * inactive, unchanged when active. The key must parse as a CourseKey (`lib:` keys do not) and
   * is stored as its canonical string; the organization must exist (active or not).
   */
  async addCourse(organizationId: number, courseKey: string): Promise<CourseLinkOutcome> {
    const courseId = requireCourseId(courseKey);
    requireId(organizationId);
    this.assertMayActOn(organizationId);
    return this.transactions.run(async () => {
      if (!(await this.registry.existsById(organizationId)))
        throw OrganizationsError.notFound(`with id ${organizationId}`);
      return this.withinOrganization(organizationId, `organizations: link course ${courseId}`, () =>
        this.links.link(courseId),
      );
    });
  }

  /** Deactivates the organization's active link to the course, if any (B-ORGAPI-12); true when one was. */
  async removeCourse(organizationId: number, courseKey: string): Promise<boolean> {
    const courseId = requireCourseId(courseKey);
    requireId(organizationId);
    return this.transactions.run(() =>
      this.withinOrganization(organizationId, `organizations: unlink course ${courseId}`, () =>
        this.links.unlink(courseId),
      ),
    );
  }

  /**
   * Course ids of the organization's active links, in link order (B-ORGAPI-11). An organization
   * the context may not read gives nothing, exactly like one that does not exist.
   */
  async listCoursesOfOrganization(organizationId: number): Promise<string[]> {
    requireId(organizationId);
    const scope = this.context.scope;
    if (scope && !scope.readable.includes(organizationId)) return [];
    if (!scope)
      return this.crossOrganization.withinOrganization(
        organizationId,
        { actor: actorOf(this.context), reason: `organizations: courses of organization ${organizationId}` },
        () => this.links.listActiveCourseIds(),
      );
    return this.context.runInChildContext(() => {
      this.context.restrictReadTo([organizationId]);
      return this.links.listActiveCourseIds();
    });
  }

  /**
   * Organizations with an active link to exactly this course id string, in link-creation order
   * (B-ORGAPI-11). Reads every organization's links, so it goes through the audited
   * cross-organization path.
   */
  async listOrganizationsOfCourse(courseKey: string, actor?: string): Promise<Organization[]> {
    const courseId = courseIdOrNull(courseKey);
    if (courseId === null) return []; // no stored link can carry a key that does not parse
    return this.crossOrganization.acrossOrganizations(
      { actor: actorOf(this.context, actor), reason: `organizations: organizations linked to course ${courseId}` },
      (manager) =>
        manager
          .getRepository(Organization)
          .createQueryBuilder('o')
          .innerJoin(OrganizationCourse, 'oc', 'oc.organizationId = o.id')
          .where('oc.courseId = :courseId AND oc.active = true', { courseId })
          .orderBy('oc.id', 'ASC')
          .getMany(),
    );
  }

  /** The first organization linked to the course, or null (B-ORGAPI-11). */
  async getCourseOrganization(courseKey: string, actor?: string): Promise<Organization | null> {
    return (await this.listOrganizationsOfCourse(courseKey, actor))[0] ?? null;
  }

  /** The id of the first organization linked to the course, or null (B-ORGAPI-11). */
  async getCourseOrganizationId(courseKey: string, actor?: string): Promise<number | null> {
    return (await this.getCourseOrganization(courseKey, actor))?.id ?? null;
  }

  /** Deactivates every active link to the course, whatever its organization (B-ORGAPI-12); returns how many. */
  async removeCourseReferences(courseKey: string, actor?: string): Promise<number> {
    const courseId = courseIdOrNull(courseKey);
    if (courseId === null) return 0;
    return this.crossOrganization.acrossOrganizations(
      { actor: actorOf(this.context, actor), reason: `organizations: deactivate every link to course ${courseId}` },
      async (manager) => {
        const [, affected]: [unknown, number] = await manager.query(
          `UPDATE organization_courses SET active = false, modified = now() WHERE course_id = $1 AND active`,
          [courseId],
        );
        return affected;
      },
    );
  }

  /** See OrganizationsBulkService.bulkAddCourses (B-ORGAPI-10). */
  bulkAddCourses(
    pairs: readonly OrganizationCoursePair[],
    options: BulkCourseOptions = {},
  ): Promise<BulkAddCoursesResult> {
    return this.bulk.bulkAddCourses(pairs, options);
  }

  // ---------------------------------------------------------------------------------------------
  // Tenancy helpers

  /**
   * A context already limited to an organization (an author's or learner's request, a tenant
   * job) may act on that one only; an unscoped one (an operator, the CLI) on any. "Not yours"
   * answers exactly like "does not exist", so another organization's existence never leaks.
   */
  private assertMayActOn(organizationId: number): void {
    const scope = this.context.scope;
    if (scope && scope.writable !== organizationId) throw OrganizationsError.notFound(`with id ${organizationId}`);
  }

  /**
   * Runs `fn` (a link step) in a child context entered for exactly this organization, the
   * caller's own context untouched afterwards. A caller limited to an organization stays in its
   * tenant transaction (TenantContext refuses to widen it to another); an unscoped one (an
   * operator, the CLI) enters it through CrossOrganizationAccess, audited as `reason`, a refused
   * attempt too.
   */
  private withinOrganization<T>(organizationId: number, reason: string, fn: () => Promise<T>): Promise<T> {
    this.assertMayActOn(organizationId);
    if (!this.context.scope)
      return this.crossOrganization.withinOrganization(organizationId, { actor: actorOf(this.context), reason }, fn);
    return this.context.runInChildContext(() => {
      this.context.enterOrganization(organizationId);
      return fn();
    });
  }

  /**
   * Runs `fn`, which writes the registry, on the audited cross-organization path: the global
   * tables are written by operators only, through mtl_cross_org (docs/adr/0013). Nested in a use
   * already open (an operator's request that wraps its work), it joins that transaction.
   */
  private writeRegistry<T>(reason: string, fn: () => Promise<T>): Promise<T> {
    return this.crossOrganization.acrossOrganizations({ actor: actorOf(this.context), reason }, () => fn());
  }

  /** The audit row of a change to the registry, in the cross-organization transaction that made it. */
  private record(
    action: 'organization.create' | 'organization.update',
    organization: Organization,
    detail: string | null = null,
  ): Promise<void> {
    return this.auditTrail.record({ action, organizationId: organization.id, target: organization.shortName, detail });
  }

  /**
   * Sets every link of one organization active or inactive: inside its own tenant when the caller
   * is limited to it; from an unscoped caller (an operator's PUT, the CLI) it is a write into an
   * organization the caller does not belong to, so it is entered through the audited path.
   */
  private async setEveryLinkActive(organizationId: number, active: boolean): Promise<void> {
    await this.withinOrganization(
      organizationId,
      `organizations: ${active ? 'reactivate' : 'deactivate'} every link of organization ${organizationId}`,
      () => (active ? this.links.reactivateAll() : this.links.deactivateAll()),
    );
  }

  /** Reactivates the organization, then its inactive links (the order B-ORGAPI-4 got wrong). */
  private async reactivateWithLinks(organizationId: number): Promise<Organization> {
    await this.registry.update(organizationId, { active: true });
    await this.setEveryLinkActive(organizationId, true);
    return this.registry.findById(organizationId, { includeInactive: true }) as Promise<Organization>;
  }
}
