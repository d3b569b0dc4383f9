import { Inject, Injectable, Logger } from '@nestjs/common';
import { EntityManager, QueryFailedError, Repository } from 'typeorm';
import { platformConfig, type PlatformSettings } from '@mtl/config';
import { tryParseCourseKey } from '@mtl/course-keys';
import { CrossOrganizationAccess, TenantContext, TenantTransactions } from '@mtl/tenancy';
import { OrganizationCourse } from './organization-course.entity';
import { OrganizationCoursesRepository } from './organization-courses.repository';
import { Organization } from './organization.entity';
import type {
  BulkAddCoursesResult,
  BulkAddResult,
  BulkCourseOptions,
  BulkOptions,
  CourseLinkOutcome,
  OrganizationChanges,
  OrganizationCourseKey,
  OrganizationCoursePair,
  OrganizationInput,
} from './organization.types';
import { OrganizationsErrorCode, OrganizationsException } from './organizations.exception';
import { shortNameProblem } from './short-name.util';

/** Column limits of the `organizations` table (name, logo_url; short_name in short-name.util). */
const NAME_MAX_LENGTH = 255;
const LOGO_URL_MAX_LENGTH = 255;
/** Largest PostgreSQL `integer`: an id beyond it cannot exist and would make the query fail. */
const MAX_ID = 2_147_483_647;
/** Rows per statement in bulk work: large enough to be fast, small enough for one parameter array. */
const BULK_CHUNK = 5_000;

/** Constraint names from migration CreateTenancyCore, mapped to domain errors. */
const SHORT_NAME_UNIQUE_INDEX = 'organizations_short_name_ci';
const SHORT_NAME_CHARS_CHECK = 'organizations_short_name_chars';

/**
 * Organizations and their course links, with the behaviour of edx-organizations' Python API
 * (docs/behaviours.md, B-ORGAPI) and its bugs fixed (docs/compat.md).
 *
 * Data access follows the tenancy rules (docs/adr): the registry (`organizations`) is global and
 * is read and written through TenantTransactions, in the caller's transaction under the runtime
 * role; one organization's links go through OrganizationCoursesRepository inside a child context
 * entered for that organization; reads and writes over many organizations' links go through the
 * audited CrossOrganizationAccess. Short names are compared case-insensitively everywhere.
 */
@Injectable()
export class OrganizationsService {
  private readonly logger = new Logger('OrganizationsService');

  constructor(
    private readonly transactions: TenantTransactions,
    private readonly context: TenantContext,
    private readonly crossOrganization: CrossOrganizationAccess,
    private readonly links: OrganizationCoursesRepository,
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
    return this.transactions.run(async (manager) => {
      const organizations = manager.getRepository(Organization);
      // Bounded retry: an insert that loses a race with a concurrent add of the same short_name
      // does nothing (ON CONFLICT), and the next pass finds what the other one stored.
      for (let attempt = 0; attempt < 3; attempt++) {
        const existing = await findByShortName(organizations, shortName);
        if (existing?.active) return existing;
        if (existing) return this.reactivateRow(manager, existing);
        const rows = await manager
          .query<{ id: number }[]>(
            `INSERT INTO organizations (short_name, name, description, logo_url, active) VALUES ($1, $2, $3, $4, true)
             ON CONFLICT DO NOTHING RETURNING id`,
            [shortName, name, description, logoUrl],
          )
          .catch(rethrowAsDomainError(shortName));
        if (rows.length > 0) return organizations.findOneByOrFail({ id: rows[0].id });
      }
      throw new Error(`Could not create or find organization '${shortName}'`);
    });
  }

  /** The active organization with this id (B-ORGAPI-7); inactive or unknown → ORGANIZATION_NOT_FOUND. */
  async getById(id: number): Promise<Organization> {
    requireId(id);
    const organization = await this.transactions.run((manager) => manager.getRepository(Organization).findOneBy({ id, active: true }));
    if (!organization) throw OrganizationsException.notFound(`with id ${id}`);
    return organization;
  }

  /** The active organization with this short name, compared case-insensitively (B-ORGAPI-7). */
  async getByShortName(shortName: string): Promise<Organization> {
    if (typeof shortName !== 'string' || shortName === '') throw OrganizationsException.invalidOrganization('short_name', 'is required');
    // A name that breaks the rules cannot be stored, so it needs no query to be not found.
    const organization =
      shortNameProblem(shortName) === null
        ? await this.transactions.run((manager) => findByShortName(manager.getRepository(Organization), shortName))
        : null;
    if (!organization?.active) throw OrganizationsException.notFound(`with short_name '${shortName}'`);
    return organization;
  }

  /** Every active organization, by id (B-ORGAPI-7 `get_organizations`). */
  listActive(): Promise<Organization[]> {
    return this.transactions.run((manager) => manager.getRepository(Organization).find({ where: { active: true }, order: { id: 'ASC' } }));
  }

  /** One page of the active organizations, by id, and how many there are in all (the REST list). */
  async listActivePage(offset: number, limit: number): Promise<{ count: number; organizations: Organization[] }> {
    if (!Number.isInteger(offset) || offset < 0) throw OrganizationsException.invalidOrganization('offset', 'must be a non-negative integer');
    if (!Number.isInteger(limit) || limit < 1) throw OrganizationsException.invalidOrganization('limit', 'must be a positive integer');
    const [organizations, count] = await this.transactions.run((manager) =>
      manager.getRepository(Organization).findAndCount({ where: { active: true }, order: { id: 'ASC' }, skip: offset, take: limit }),
    );
    return { count, organizations };
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
    return this.transactions.run(async (manager) => {
      const organizations = manager.getRepository(Organization);
      // As in `add`: an insert that loses a race does nothing, and the next pass updates the winner's row.
      for (let attempt = 0; attempt < 3; attempt++) {
        const existing = await findByShortName(organizations, shortName);
        if (existing) {
          this.assertMayActOn(existing.id);
          const patch: Partial<Organization> = { shortName, name };
          if (description !== undefined) patch.description = description;
          if (logoUrl !== undefined) patch.logoUrl = logoUrl;
          await organizations.update({ id: existing.id }, patch).catch(rethrowAsDomainError(shortName));
          const organization = existing.active ? await organizations.findOneByOrFail({ id: existing.id }) : await this.reactivateRow(manager, existing);
          return { organization, created: false };
        }
        const rows = await manager
          .query<{ id: number }[]>(
            `INSERT INTO organizations (short_name, name, description, logo_url, active) VALUES ($1, $2, $3, $4, true)
             ON CONFLICT DO NOTHING RETURNING id`,
            [shortName, name, description ?? null, logoUrl ?? null],
          )
          .catch(rethrowAsDomainError(shortName));
        if (rows.length > 0) return { organization: await organizations.findOneByOrFail({ id: rows[0].id }), created: true };
      }
      throw new Error(`Could not create or find organization '${shortName}'`);
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
    return this.transactions.run(async (manager) => {
      const organizations = manager.getRepository(Organization);
      const organization = await organizations.findOneBy({ id });
      if (!organization) throw OrganizationsException.notFound(`with id ${id}`);
      if (patch.shortName !== undefined) {
        const holder = await findByShortName(organizations, patch.shortName);
        if (holder && holder.id !== id) throw OrganizationsException.duplicateShortName(patch.shortName);
      }
      if (Object.keys(patch).length === 0) return organization;
      await organizations.update({ id }, patch).catch(rethrowAsDomainError(patch.shortName ?? organization.shortName));
      return organizations.findOneByOrFail({ id });
    });
  }

  /**
   * Soft-deletes: deactivates the organization's active links, then the organization
   * (B-ORGAPI-8). An inactive or unknown id is a silent no-op, as in the original.
   */
  async deactivate(id: number): Promise<void> {
    requireId(id);
    this.assertMayActOn(id);
    await this.transactions.run(async (manager) => {
      const organizations = manager.getRepository(Organization);
      const organization = await organizations.findOne({ where: { id, active: true }, lock: { mode: 'pessimistic_write' } });
      if (!organization) return;
      await this.withinOrganization(id, () => this.links.deactivateAll());
      await organizations.update({ id }, { active: false });
    });
  }

  /** Reactivates an organization and all of its inactive links; an active one is returned as it is. */
  async reactivate(id: number): Promise<Organization> {
    requireId(id);
    this.assertMayActOn(id);
    return this.transactions.run(async (manager) => {
      const organization = await manager.getRepository(Organization).findOneBy({ id });
      if (!organization) throw OrganizationsException.notFound(`with id ${id}`);
      return organization.active ? organization : this.reactivateRow(manager, organization);
    });
  }

  /**
   * Adds many organizations at once (B-ORGAPI-5): items de-duplicated by lower-cased short_name,
   * first wins; existing ones matched case-insensitively and never modified, except that inactive
   * ones are reactivated when `activate` (links untouched: bulkAddCourses handles those); missing
   * ones created with `active = activate`. Everything is validated before anything is written.
   */
  async bulkAdd(items: readonly OrganizationInput[], options: BulkOptions = {}): Promise<BulkAddResult> {
    const activate = options.activate ?? true;
    const wanted = new Map<string, { shortName: string; name: string; description: string; logoUrl: string | null }>();
    items.forEach((item, index) => {
      const field = (name: string) => `[${index}].${name}`;
      const shortName = requireShortName(item?.shortName, field('short_name'));
      const name = item.name === undefined ? shortName : requireName(item.name, field('name'));
      const description = optionalDescription(item.description, field('description')) ?? '';
      const logoUrl = optionalLogoUrl(item.logoUrl, field('logo_url'));
      const key = shortName.toLowerCase();
      if (wanted.has(key)) this.logger.debug(`bulkAdd: dropping duplicate short_name '${shortName}'`);
      else wanted.set(key, { shortName, name, description, logoUrl });
    });
    if (wanted.size === 0) return { created: [], reactivated: [] };

    return this.transactions.run(async (manager) => {
      const existing = new Map<string, { id: number; short_name: string; active: boolean }>();
      for (const keys of chunks([...wanted.keys()])) {
        const rows: { id: number; short_name: string; active: boolean }[] = await manager.query(
          `SELECT id, short_name, active FROM organizations WHERE lower(short_name) = ANY ($1::text[])`,
          [keys],
        );
        for (const row of rows) existing.set(row.short_name.toLowerCase(), row);
      }
      const missing = [...wanted.entries()].filter(([key]) => !existing.has(key)).map(([, item]) => item);
      const inactive = activate ? [...wanted.keys()].flatMap((key) => (existing.get(key)?.active === false ? [existing.get(key)!] : [])) : [];
      if (options.dryRun) return { created: missing.map((item) => item.shortName), reactivated: inactive.map((row) => row.short_name) };

      const inserted = new Set<string>();
      for (const batch of chunks(missing)) {
        const rows: { short_name: string }[] = await manager.query(
          `INSERT INTO organizations (short_name, name, description, logo_url, active)
           SELECT s, n, d, l, $5 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS u(s, n, d, l)
           ON CONFLICT DO NOTHING RETURNING short_name`,
          [batch.map((i) => i.shortName), batch.map((i) => i.name), batch.map((i) => i.description), batch.map((i) => i.logoUrl), activate],
        );
        for (const row of rows) inserted.add(row.short_name);
      }
      const reactivated: string[] = [];
      for (const batch of chunks(inactive)) {
        // TypeORM answers an UPDATE with [returned rows, affected count].
        const [rows]: [{ short_name: string }[], number] = await manager.query(
          `UPDATE organizations SET active = true, modified = now() WHERE id = ANY ($1::int[]) AND NOT active RETURNING short_name`,
          [batch.map((row) => row.id)],
        );
        const done = new Set(rows.map((row) => row.short_name));
        reactivated.push(...batch.filter((row) => done.has(row.short_name)).map((row) => row.short_name));
      }
      // A concurrent writer may have created some of the missing ones first: report only ours.
      return { created: missing.filter((item) => inserted.has(item.shortName)).map((item) => item.shortName), reactivated };
    });
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
      if (!(error instanceof OrganizationsException) || error.code !== OrganizationsErrorCode.ORGANIZATION_NOT_FOUND) throw error;
    }
    if (!this.isAutocreateEnabled()) throw OrganizationsException.unknownOrganizations([shortName], 'org');
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
    return this.transactions.run(async (manager) => {
      if (!(await manager.getRepository(Organization).existsBy({ id: organizationId }))) {
        throw OrganizationsException.notFound(`with id ${organizationId}`);
      }
      return this.withinOrganization(organizationId, () => this.links.link(courseId));
    });
  }

  /** Deactivates the organization's active link to the course, if any (B-ORGAPI-12); true when one was. */
  async removeCourse(organizationId: number, courseKey: string): Promise<boolean> {
    const courseId = requireCourseId(courseKey);
    requireId(organizationId);
    return this.transactions.run(() => this.withinOrganization(organizationId, () => this.links.unlink(courseId)));
  }

  /**
   * Course ids of the organization's active links, in link order (B-ORGAPI-11). An organization
   * the context may not read gives nothing, exactly like one that does not exist.
   */
  async listCoursesOfOrganization(organizationId: number): Promise<string[]> {
    requireId(organizationId);
    const scope = this.context.scope;
    if (scope && !scope.readable.includes(organizationId)) return [];
    return this.context.runInChildContext(() => {
      this.context.restrictReadTo([organizationId]);
      return this.links.listActiveCourseIds();
    });
  }

  /**
   * Organizations with an active link to exactly this course id string, in link-creation order
   * (B-ORGAPI-11). Reads every organization's links, so it goes
   * through the audited cross-organization path.
   */
  async listOrganizationsOfCourse(courseKey: string, actor?: string): Promise<Organization[]> {
    const courseId = courseIdOrNull(courseKey);
    if (courseId === null) return []; // no stored link can carry a key that does not parse
    return this.crossOrganization.acrossOrganizations(
      { actor: this.actor(actor), reason: `organizations: organizations linked to course ${courseId}` },
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
      { actor: this.actor(actor), reason: `organizations: deactivate every link to course ${courseId}` },
      async (manager) => {
        const [, affected]: [unknown, number] = await manager.query(
          `UPDATE organization_courses SET active = false, modified = now() WHERE course_id = $1 AND active`,
          [courseId],
        );
        return affected;
      },
    );
  }

  /**
   * Links many (organization, course) pairs at once (B-ORGAPI-10): validated first (nothing is
   * written if one fails), normalised to (lower-cased short_name, course id) and de-duplicated,
   * compared with every existing link; new ones created with `active = activate`, inactive ones
   * named in the request reactivated only when `activate`. An organization that does not exist
   * is an UNKNOWN_ORGANIZATION error, in a dry run too, so a dry run predicts the real one.
   */
  async bulkAddCourses(pairs: readonly OrganizationCoursePair[], options: BulkCourseOptions = {}): Promise<BulkAddCoursesResult> {
    const activate = options.activate ?? true;
    const wanted = new Map<string, { shortName: string; courseId: string }>();
    pairs.forEach((pair, index) => {
      const shortName = requireShortName(pair?.shortName, `[${index}].short_name`).toLowerCase();
      const courseId = requireCourseId(pair.courseKey, `[${index}].course_id`);
      wanted.set(`${shortName}\n${courseId}`, { shortName, courseId });
    });
    if (wanted.size === 0) return { created: [], reactivated: [] };
    const names = [...new Set([...wanted.values()].map((pair) => pair.shortName))];

    return this.crossOrganization.acrossOrganizations(
      {
        actor: this.actor(options.actor),
        reason: `organizations: bulk add ${wanted.size} organization-course link(s)${options.dryRun ? ' (dry run)' : ''}`,
      },
      async (manager) => {
        const orgIds = new Map<string, number>();
        for (const batch of chunks(names)) {
          const rows: { id: number; key: string }[] = await manager.query(
            `SELECT id, lower(short_name) AS key FROM organizations WHERE lower(short_name) = ANY ($1::text[])`,
            [batch],
          );
          for (const row of rows) orgIds.set(row.key, row.id);
        }
        const unknown = names.filter((name) => !orgIds.has(name));
        if (unknown.length > 0) throw OrganizationsException.unknownOrganizations(unknown);

        const linked = new Map<string, boolean>(); // `${orgId}\n${courseId}` → active
        const all = [...wanted.values()].map((pair) => ({ ...pair, organizationId: orgIds.get(pair.shortName)! }));
        for (const batch of chunks(all)) {
          const rows: { organization_id: number; course_id: string; active: boolean }[] = await manager.query(
            `SELECT oc.organization_id, oc.course_id, oc.active
               FROM organization_courses oc
               JOIN unnest($1::int[], $2::text[]) AS u(organization_id, course_id)
                 ON oc.organization_id = u.organization_id AND oc.course_id = u.course_id`,
            [batch.map((p) => p.organizationId), batch.map((p) => p.courseId)],
          );
          for (const row of rows) linked.set(`${row.organization_id}\n${row.course_id}`, row.active);
        }
        const state = (p: (typeof all)[number]) => linked.get(`${p.organizationId}\n${p.courseId}`);
        const toCreate = all.filter((p) => state(p) === undefined);
        const toReactivate = activate ? all.filter((p) => state(p) === false) : [];
        const pairOf = (p: (typeof all)[number]): OrganizationCourseKey => [p.shortName, p.courseId];
        if (options.dryRun) return { created: toCreate.map(pairOf), reactivated: toReactivate.map(pairOf) };

        for (const batch of chunks(toCreate)) {
          await manager.query(
            `INSERT INTO organization_courses (organization_id, course_id, active)
             SELECT o, c, $3 FROM unnest($1::int[], $2::text[]) AS u(o, c)
             ON CONFLICT (organization_id, course_id) DO NOTHING`,
            [batch.map((p) => p.organizationId), batch.map((p) => p.courseId), activate],
          );
        }
        for (const batch of chunks(toReactivate)) {
          await manager.query(
            `UPDATE organization_courses oc SET active = true, modified = now()
               FROM unnest($1::int[], $2::text[]) AS u(organization_id, course_id)
              WHERE oc.organization_id = u.organization_id AND oc.course_id = u.course_id AND NOT oc.active`,
            [batch.map((p) => p.organizationId), batch.map((p) => p.courseId)],
          );
        }
        return { created: toCreate.map(pairOf), reactivated: toReactivate.map(pairOf) };
      },
    );
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
    if (scope && scope.writable !== organizationId) throw OrganizationsException.notFound(`with id ${organizationId}`);
  }

  /**
   * Runs `fn` (a link step) in a child context entered for exactly this organization: an
   * operator-level call enters it explicitly, the caller's own context is untouched afterwards,
   * and TenantContext refuses to widen a context limited to another organization.
   */
  private withinOrganization<T>(organizationId: number, fn: () => Promise<T>): Promise<T> {
    this.assertMayActOn(organizationId);
    return this.context.runInChildContext(() => {
      this.context.enterOrganization(organizationId);
      return fn();
    });
  }

  /** Reactivates the organization, then its inactive links (the order B-ORGAPI-4 got wrong). */
  private async reactivateRow(manager: EntityManager, organization: Organization): Promise<Organization> {
    const organizations = manager.getRepository(Organization);
    await organizations.update({ id: organization.id }, { active: true });
    await this.withinOrganization(organization.id, () => this.links.reactivateAll());
    return organizations.findOneByOrFail({ id: organization.id });
  }

  /** Who a cross-organization access is audited as: the caller's word, else the principal. */
  private actor(explicit?: string): string {
    if (explicit?.trim()) return explicit;
    const principal = this.context.principal;
    return principal ? `${principal.role}:${principal.userId}` : 'system';
  }
}

// -----------------------------------------------------------------------------------------------
// Validation (every check runs before any query, so bad input writes nothing)

function requireShortName(value: unknown, field = 'short_name'): string {
  const problem = shortNameProblem(value);
  if (problem !== null) throw OrganizationsException.invalidOrganization(field, problem);
  return value as string;
}

function requireName(value: unknown, field = 'name'): string {
  if (typeof value !== 'string' || value === '') throw OrganizationsException.invalidOrganization(field, 'is required');
  if (value.length > NAME_MAX_LENGTH) throw OrganizationsException.invalidOrganization(field, `must be at most ${NAME_MAX_LENGTH} characters`);
  return value;
}

function optionalDescription(value: unknown, field = 'description'): string | null | undefined {
  if (value === undefined || value === null || typeof value === 'string') return value;
  throw OrganizationsException.invalidOrganization(field, 'must be a string');
}

function optionalLogoUrl(value: unknown, field = 'logo_url'): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw OrganizationsException.invalidOrganization(field, 'must be a string');
  if (value.length > LOGO_URL_MAX_LENGTH) throw OrganizationsException.invalidOrganization(field, `must be at most ${LOGO_URL_MAX_LENGTH} characters`);
  return value;
}

function requireId(value: unknown): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_ID) {
    throw OrganizationsException.invalidOrganization('id', 'must be a positive integer');
  }
}

/** The course id string a key is stored as: `str(CourseKey.from_string(key))`, as Open edX stores it. */
function requireCourseId(courseKey: unknown, field = 'course_id'): string {
  const courseId = typeof courseKey === 'string' ? courseIdOrNull(courseKey) : null;
  if (courseId === null) throw OrganizationsException.invalidCourseKey(courseKey, field);
  return courseId;
}

function courseIdOrNull(courseKey: string): string | null {
  return tryParseCourseKey(courseKey)?.toString() ?? null;
}

function findByShortName(organizations: Repository<Organization>, shortName: string): Promise<Organization | null> {
  return organizations.createQueryBuilder('o').where('lower(o.shortName) = lower(:shortName)', { shortName }).getOne();
}

/** Maps the registry's constraint violations to domain errors; anything else is rethrown. */
function rethrowAsDomainError(shortName: string): (error: unknown) => never {
  return (error) => {
    if (error instanceof QueryFailedError) {
      const driver = error.driverError as { code?: string; constraint?: string };
      if (driver.code === '23505' && driver.constraint === SHORT_NAME_UNIQUE_INDEX) throw OrganizationsException.duplicateShortName(shortName);
      if (driver.code === '23514' && driver.constraint === SHORT_NAME_CHARS_CHECK) {
        throw OrganizationsException.invalidOrganization('short_name', 'may contain only letters A-Z and a-z, digits, ".", "_" and "-"');
      }
    }
    throw error;
  };
}

function* chunks<T>(items: readonly T[], size = BULK_CHUNK): Generator<T[]> {
  for (let start = 0; start < items.length; start += size) yield items.slice(start, start + size);
}
