import { asDatabaseOwner } from '@mtl/testing';

/** SQL as the database owner: fixtures only. */
export const sql = asDatabaseOwner;

/** An organization and a site for it whose configuration is enabled with course_org_filter. */
export async function seedTenantSite(
  shortName: string,
  domain: string,
  values: Record<string, unknown> = {},
  enabled = true,
) {
  const [org] = await sql<{ id: number }>(
    `INSERT INTO organizations (name, short_name, logo_url) VALUES ($1, $2, $3) RETURNING id`,
    [`${shortName} University`, shortName, `https://cdn.example.com/${shortName}.png`],
  );
  const [site] = await sql<{ id: number }>(
    `INSERT INTO sites (domain, name, organization_id) VALUES ($1, $2, $3) RETURNING id`,
    [domain, `${shortName} site`, org.id],
  );
  await sql(`INSERT INTO site_configurations (site_id, enabled, site_values) VALUES ($1, $2, $3)`, [
    site.id,
    enabled,
    JSON.stringify({ course_org_filter: shortName, ...values }),
  ]);
  return { organizationId: org.id, siteId: site.id };
}

/** Polls `check` until it passes or `timeoutMs` elapses; returns the milliseconds it took. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 3000): Promise<number> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return Date.now() - start;
}
