import type { INestApplication } from '@nestjs/common';
import { CourseRun } from '@mtl/courses';
import { SiteRegistry } from '@mtl/sites';
import { TenantContext, TenantTransactions } from '@mtl/tenancy';
import { asDatabaseOwner, inOrganization, TwoTenants } from '@mtl/testing';

/** The hosts of the two seeded tenants' sites (see seedTenantSites). */
export const ALPHA = 'alpha.lms.test';
export const BETA = 'beta.lms.test';

/** A site for each seeded tenant, ALPHA for `a` and BETA for `b`, listing its own organization's courses. */
export async function seedTenantSites(t: TwoTenants): Promise<void> {
  await seedSite(ALPHA, t.a.id, { course_org_filter: t.a.shortName });
  await seedSite(BETA, t.b.id, { course_org_filter: t.b.shortName });
}

export interface CourseSeed {
  key: string;
  name?: string;
  start?: string | null;
  end?: string | null;
  visibility?: 'both' | 'about' | 'none';
  published?: boolean;
}

/**
 * Course runs written as the platform writes them: inside a tenant transaction of the owning
 * organization (runtime role, row-level security), not as the database owner.
 */
export async function seedCourses(app: INestApplication, organizationId: number, courses: CourseSeed[]): Promise<void> {
  await inOrganization(app.get(TenantContext), organizationId, () =>
    app.get(TenantTransactions).run((manager) =>
      manager.getRepository(CourseRun).insert(
        courses.map((c) => ({
          organizationId,
          courseKey: c.key,
          displayName: c.name ?? c.key,
          start: c.start ? new Date(c.start) : null,
          end: c.end ? new Date(c.end) : null,
          catalogVisibility: c.visibility ?? 'both',
          published: c.published ?? true,
        })),
      ),
    ),
  );
}

/** An organization (fixture SQL as the owner, like the other e2e tests). */
export async function seedOrganization(shortName: string): Promise<number> {
  const [org] = await asDatabaseOwner<{ id: number }>(
    `INSERT INTO organizations (name, short_name) VALUES ($1, $2) RETURNING id`,
    [`${shortName} University`, shortName],
  );
  return org.id;
}

/** A site with its configuration; the LMS's cache is told afterwards by `reconcile()`. */
export async function seedSite(
  domain: string,
  organizationId: number | null,
  values: Record<string, unknown>,
  enabled = true,
): Promise<number> {
  const [site] = await asDatabaseOwner<{ id: number }>(
    `INSERT INTO sites (domain, name, organization_id) VALUES ($1, $1, $2) RETURNING id`,
    [domain, organizationId],
  );
  await asDatabaseOwner(`INSERT INTO site_configurations (site_id, enabled, site_values) VALUES ($1, $2, $3)`, [
    site.id,
    enabled,
    JSON.stringify(values),
  ]);
  return site.id;
}

export function reconcileSites(app: INestApplication): Promise<void> {
  return app.get(SiteRegistry).reconcile();
}
