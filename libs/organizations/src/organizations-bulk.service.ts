import { Injectable, Logger } from '@nestjs/common';
import { CrossOrganizationAccess, TenantContext } from '@mtl/tenancy';
import {
  optionalDescription,
  optionalLogoUrl,
  requireCourseId,
  requireName,
  requireShortName,
} from './organization-input';
import type {
  BulkAddCoursesResult,
  BulkAddResult,
  BulkCourseOptions,
  BulkOptions,
  OrganizationCourseKey,
  OrganizationCoursePair,
  OrganizationInput,
} from './organization.types';
import { OrganizationsError } from './organizations.error';
import { actorOf } from './organizations-actor';
import { chunks, NewOrganizationRow, OrganizationsRepository } from './organizations.repository';

/**
 * The bulk operations of edx-organizations' Python API (B-ORGAPI-5, B-ORGAPI-10): everything is
 * validated before anything is written, then compared with what is stored and written in a few
 * set-based statements per chunk, so thousands of items cost a handful of queries.
 */
@Injectable()
export class OrganizationsBulkService {
  private readonly logger = new Logger('OrganizationsBulkService');

  constructor(
    private readonly context: TenantContext,
    private readonly crossOrganization: CrossOrganizationAccess,
    private readonly registry: OrganizationsRepository,
  ) {}

  /**
   * Adds many organizations at once (B-ORGAPI-5): items de-duplicated by lower-cased short_name,
   * first wins; existing ones matched case-insensitively and never modified, except that inactive
   * ones are reactivated when `activate` (links untouched: bulkAddCourses handles those); missing
   * ones created with `active = activate`. Everything is validated before anything is written.
   */
  async bulkAdd(items: readonly OrganizationInput[], options: BulkOptions = {}): Promise<BulkAddResult> {
    const activate = options.activate ?? true;
    const wanted = new Map<string, NewOrganizationRow & { description: string }>();
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

    // The registry is written by operators only, on the audited path (docs/adr/0013).
    const reason = `organizations: bulk add ${wanted.size} organization(s)${options.dryRun ? ' (dry run)' : ''}`;
    return this.crossOrganization.acrossOrganizations(
      { actor: actorOf(this.context, options.actor), reason },
      async () => {
        const existing = await this.registry.statesByShortNames([...wanted.keys()]);
        const missing = [...wanted.entries()].filter(([key]) => !existing.has(key)).map(([, item]) => item);
        const inactive = activate
          ? [...wanted.keys()].flatMap((key) => (existing.get(key)?.active === false ? [existing.get(key)!] : []))
          : [];
        if (options.dryRun)
          return { created: missing.map((item) => item.shortName), reactivated: inactive.map((row) => row.shortName) };

        const inserted = await this.registry.bulkInsert(missing, activate);
        const done = await this.registry.bulkReactivate(inactive.map((row) => row.id));
        // A concurrent writer may have created or reactivated some first: report only ours.
        return {
          created: missing.filter((item) => inserted.has(item.shortName)).map((item) => item.shortName),
          reactivated: inactive.filter((row) => done.has(row.shortName)).map((row) => row.shortName),
        };
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
  async bulkAddCourses(
    pairs: readonly OrganizationCoursePair[],
    options: BulkCourseOptions = {},
  ): Promise<BulkAddCoursesResult> {
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
        actor: actorOf(this.context, options.actor),
        reason:
          `organizations: bulk add ${wanted.size} organization-course ` +
          `link(s)${options.dryRun ? ' (dry run)' : ''}`,
      },
      async (manager) => {
        const organizations = await this.registry.statesByShortNames(names);
        const unknown = names.filter((name) => !organizations.has(name));
        if (unknown.length > 0) throw OrganizationsError.unknownOrganizations(unknown);

        const linked = new Map<string, boolean>(); // `${orgId}\n${courseId}` → active
        const all = [...wanted.values()].map((pair) => ({
          ...pair,
          organizationId: organizations.get(pair.shortName)!.id,
        }));
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
}
