import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';

/** A course run to seed, as the catalog shows it. */
export interface SeedCourse {
  key: string;
  name: string;
  start: Date | null;
  end: Date | null;
  visibility: 'both' | 'about' | 'none';
  published: boolean;
}

/** One organization with its tenant site and its course runs. */
export interface TenantToSeed {
  shortName: string;
  name: string;
  domain: string;
  siteName: string;
  /** Set on the site's configuration (merged), when given. */
  siteValues?: Record<string, unknown>;
  courses: SeedCourse[];
}

export interface SeededTenant extends TenantToSeed {
  organizationId: number;
}

/**
 * Seeds `tenants` through the platform's own services, as operators and authors would: the
 * organizations in one bulk add, a site each (created, then configured), each organization's
 * course runs written in its tenant transaction (row-level security, the runtime role) and linked
 * to it (bulkAddCourses, audited as `actor`). The modules are imported here, once the benchmark
 * has set the environment they read.
 */
export async function seedTenantsThroughServices(tenants: TenantToSeed[], actor: string): Promise<SeededTenant[]> {
  const [
    { AppCoreModule },
    { OrganizationsModule, OrganizationsService },
    { SitesModule, SitesService },
    { CourseRun },
    tenancy,
  ] = await Promise.all([
    import('../../libs/app-core/src'),
    import('../../libs/organizations/src'),
    import('../../libs/sites/src'),
    import('../../libs/courses/src'),
    import('../../libs/tenancy/src'),
  ]);
  @Module({ imports: [AppCoreModule.forApp('worker'), OrganizationsModule, SitesModule] })
  class TenantSeedModule {}
  const app = await NestFactory.createApplicationContext(TenantSeedModule, { logger: ['error'] });
  try {
    const organizations = app.get(OrganizationsService);
    const sites = app.get(SitesService);
    const context = app.get(tenancy.TenantContext);
    const transactions = app.get(tenancy.TenantTransactions);
    await context.runInNewContext(() =>
      organizations.bulkAdd(tenants.map((t) => ({ shortName: t.shortName, name: t.name }))),
    );
    const seeded: SeededTenant[] = [];
    for (const tenant of tenants) {
      const { shortName, domain, courses } = tenant;
      const organization = await context.runInNewContext(() => organizations.getByShortName(shortName));
      await context.runInNewContext(async () => {
        await sites.create({ domain, organization: shortName, name: tenant.siteName });
        if (tenant.siteValues) await sites.configure(domain, { values: tenant.siteValues, merge: true });
      });
      await context.runInNewContext(async () => {
        context.enterOrganization(organization.id);
        await transactions.run((manager) =>
          manager.getRepository(CourseRun).insert(
            courses.map((c) => ({
              organizationId: organization.id,
              courseKey: c.key,
              displayName: c.name,
              start: c.start,
              end: c.end,
              catalogVisibility: c.visibility,
              published: c.published,
            })),
          ),
        );
      });
      await context.runInNewContext(() =>
        organizations.bulkAddCourses(
          courses.map((c) => ({ shortName, courseKey: c.key })),
          { actor },
        ),
      );
      seeded.push({ ...tenant, organizationId: organization.id });
    }
    return seeded;
  } finally {
    await app.close();
  }
}
