import type { DataSource } from 'typeorm';
import { PasswordHasher } from '@mtl/accounts';
import { asOwnerOf, OwnerQuery, SeededAccount, SeededMember } from './two-tenants';

export interface SeededCourse {
  key: string;
  id: string;
  displayName: string;
  visibility: 'both' | 'about' | 'none';
  published: boolean;
}

export interface SeededLibrary {
  key: string;
  title: string;
}

/** One organization of seedThreeTenants, with its site, people, courses and library. */
export interface IsolatedTenant {
  id: number;
  shortName: string;
  name: string;
  /** Its LMS site (configuration enabled, `course_org_filter` = the short name). */
  site: { id: number; domain: string; name: string; platformName: string };
  admin: SeededMember;
  /** Staff who author courses. */
  author: SeededMember;
  learner: SeededMember;
  /** A second learner whose email is the same in every organization (one account in each). */
  twin: SeededMember;
  /**
   * Published `both`, published `about`, published `none`, unpublished; the learner and the operator are enrolled in
   * the first.
   */
  courses: [SeededCourse, SeededCourse, SeededCourse, SeededCourse];
  library: SeededLibrary;
}

export interface ThreeTenants {
  tenants: [IsolatedTenant, IsolatedTenant, IsolatedTenant];
  operator: SeededAccount;
  /** The email every tenant's `twin` signs in with. */
  twinEmail: string;
}

export interface ThreeTenantsOptions {
  /**
   * Short names (default `QuokkaU`, `WombatU`, `NumbatU`: words that appear nowhere else, so a response naming one is
   * easy to catch).
   */
  shortNames?: [string, string, string];
}

const TWIN_EMAIL = 'twin@shared.example';

/**
 * Three organizations, each with an LMS site, an admin, an author, two learners (one sharing its
 * email with the other organizations' twins), four course runs (one of each catalog visibility
 * and one unpublished, with organization–course links), a library and enrollments (its learner
 * and the platform operator in its first course), plus one operator: the isolation fuzzer's world,
 * reusable by any test that needs several full tenants. Every identifier of an organization
 * (names, emails, keys, domains) contains its short name. Written as the database owner into the
 * database of `dataSource`, as seedTwoTenants does; LMS instances learn the sites through their
 * reconcile (call `SiteRegistry.reconcile()` or seed before the app starts).
 */
export async function seedThreeTenants(
  dataSource: DataSource,
  options: ThreeTenantsOptions = {},
): Promise<ThreeTenants> {
  const shortNames = options.shortNames ?? ['QuokkaU', 'WombatU', 'NumbatU'];
  const hasher = new PasswordHasher();
  return asOwnerOf(dataSource, async (query) => {
    const operator = {
      email: 'operator@platform.example',
      name: 'Platform Operator',
      password: 'operator-password-3t',
    };
    const [operatorRow] = await query<{ id: string }>(
      `INSERT INTO operators (email, name, password_hash) VALUES ($1, $2, $3) RETURNING id`,
      [operator.email, operator.name, await hasher.hash(operator.password)],
    );
    const tenants: IsolatedTenant[] = [];
    for (const shortName of shortNames) tenants.push(await seedTenant(query, hasher, shortName, operatorRow.id));
    return {
      tenants: tenants as ThreeTenants['tenants'],
      operator: { id: operatorRow.id, ...operator },
      twinEmail: TWIN_EMAIL,
    };
  });
}

async function seedTenant(
  query: OwnerQuery,
  hasher: PasswordHasher,
  shortName: string,
  operatorId: string,
): Promise<IsolatedTenant> {
  const tag = shortName.toLowerCase();
  const name = `${shortName} University`;
  const [organization] = await query<{ id: number }>(
    `INSERT INTO organizations (name, short_name, description) VALUES ($1, $2, $3) RETURNING id`,
    [name, shortName, `${shortName} organization`],
  );
  const site = {
    domain: `${tag}.sites.example`,
    name: `${shortName} Learning`,
    platformName: `${shortName} Academy`,
  };
  const [siteRow] = await query<{ id: number }>(
    `INSERT INTO sites (domain, name, organization_id) VALUES ($1, $2, $3) RETURNING id`,
    [site.domain, site.name, organization.id],
  );
  await query(`INSERT INTO site_configurations (site_id, enabled, site_values) VALUES ($1, true, $2)`, [
    siteRow.id,
    JSON.stringify({ course_org_filter: shortName, platform_name: site.platformName }),
  ]);

  const member = async (role: SeededMember['role'], email: string, label: string): Promise<SeededMember> => {
    const person = { email, name: `${shortName} ${label}`, password: `${tag}-${label.toLowerCase()}-password`, role };
    const [user] = await query<{ id: string }>(
      `INSERT INTO users (organization_id, email, name, password_hash) VALUES ($1, $2, $3, $4) RETURNING id`,
      [organization.id, person.email, person.name, await hasher.hash(person.password)],
    );
    await query(`INSERT INTO organization_memberships (organization_id, user_id, role) VALUES ($1, $2, $3)`, [
      organization.id,
      user.id,
      role,
    ]);
    return { id: user.id, ...person };
  };
  const admin = await member('admin', `admin@${tag}.example`, 'Admin');
  const author = await member('author', `author@${tag}.example`, 'Author');
  const learner = await member('learner', `learner@${tag}.example`, 'Learner');
  const twin = await member('learner', TWIN_EMAIL, 'Twin');

  const specs: [string, SeededCourse['visibility'], boolean][] = [
    ['Open101', 'both', true],
    ['About201', 'about', true],
    ['Hidden301', 'none', true],
    ['Draft401', 'both', false],
  ];
  const courses: SeededCourse[] = [];
  for (const [number, visibility, published] of specs) {
    const key = `course-v1:${shortName}+${number}+2026`;
    const displayName = `${shortName} ${number}`;
    const [row] = await query<{ id: string }>(
      `INSERT INTO course_runs (organization_id, course_key, display_name, start, catalog_visibility, published)
       VALUES ($1, $2, $3, '2026-01-05T00:00:00Z', $4, $5) RETURNING id::text AS id`,
      [organization.id, key, displayName, visibility, published],
    );
    await query(`INSERT INTO organization_courses (organization_id, course_id, active) VALUES ($1, $2, true)`, [
      organization.id,
      key,
    ]);
    courses.push({ key, id: row.id, displayName, visibility, published });
  }
  const library = { key: `lib:${shortName}:shelf`, title: `${shortName} Shelf` };
  await query(`INSERT INTO libraries (organization_id, library_key, title) VALUES ($1, $2, $3)`, [
    organization.id,
    library.key,
    library.title,
  ]);
  await query(`INSERT INTO enrollments (organization_id, course_run_id, user_id) VALUES ($1, $2, $3)`, [
    organization.id,
    courses[0].id,
    learner.id,
  ]);
  await query(`INSERT INTO enrollments (organization_id, course_run_id, operator_id) VALUES ($1, $2, $3)`, [
    organization.id,
    courses[0].id,
    operatorId,
  ]);
  return {
    id: organization.id,
    shortName,
    name,
    site: { id: siteRow.id, ...site },
    admin,
    author,
    learner,
    twin,
    courses: courses as IsolatedTenant['courses'],
    library,
  };
}
