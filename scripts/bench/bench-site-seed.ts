import type { Client } from 'pg';

export interface BenchSiteSeed {
  organization: { name: string; shortName: string; logoUrl?: string };
  site: { domain: string; name: string };
  /** The site's configuration (`site_values`), enabled. */
  values: Record<string, unknown>;
}

/**
 * One organization and one enabled site of it with its configuration, written over `owner` (the
 * database owner, connected): the data of the single-site benchmarks (site, hooks, propagation).
 */
export async function insertOrganizationWithSite(
  owner: Client,
  seed: BenchSiteSeed,
): Promise<{ organizationId: number; siteId: number }> {
  const [organization] = (
    await owner.query<{ id: number }>(
      `INSERT INTO organizations (name, short_name, logo_url) VALUES ($1, $2, $3) RETURNING id`,
      [seed.organization.name, seed.organization.shortName, seed.organization.logoUrl ?? null],
    )
  ).rows;
  const [site] = (
    await owner.query<{ id: number }>(
      `INSERT INTO sites (domain, name, organization_id) VALUES ($1, $2, $3) RETURNING id`,
      [seed.site.domain, seed.site.name, organization.id],
    )
  ).rows;
  await owner.query(`INSERT INTO site_configurations (site_id, enabled, site_values) VALUES ($1, true, $2)`, [
    site.id,
    JSON.stringify(seed.values),
  ]);
  return { organizationId: organization.id, siteId: site.id };
}
