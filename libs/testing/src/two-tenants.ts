import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { OrganizationRole, PasswordHasher } from '@mtl/accounts';

export interface SeededAccount {
  id: string;
  email: string;
  name: string;
  password: string;
}

export interface SeededMember extends SeededAccount {
  role: OrganizationRole;
}

export interface SeededTenant {
  id: number;
  shortName: string;
  name: string;
  admin: SeededMember;
  author: SeededMember;
  learner: SeededMember;
}

export interface TwoTenants {
  a: SeededTenant;
  b: SeededTenant;
  operator: SeededAccount;
}

export interface TwoTenantsOptions {
  /** Short names of the two organizations (default `AlphaU`, `BetaU`). */
  shortNames?: [string, string];
}

/**
 * Two organizations, each with an admin, an author and a learner, and one operator, all with known
 * passwords (argon2id, as the app stores them). Both learners share the email
 * `learner@example.com` (one account in each organization); the other emails are per
 * organization. Written as the database owner (this test file's DATABASE_URL) into the database
 * of `dataSource`: the app's own login may not write operators, and fixtures are not the code
 * under test.
 */
export async function seedTwoTenants(dataSource: DataSource, options: TwoTenantsOptions = {}): Promise<TwoTenants> {
  const [shortA, shortB] = options.shortNames ?? ['AlphaU', 'BetaU'];
  const hasher = new PasswordHasher();
  return asOwnerOf(dataSource, async (query) => {
    const a = await seedTenant(query, hasher, shortA, 'a');
    const b = await seedTenant(query, hasher, shortB, 'b');
    const operator = { email: 'operator@example.com', name: 'Olga Operator', password: 'operator-password-1' };
    const [row] = await query<{ id: string }>(
      `INSERT INTO operators (email, name, password_hash) VALUES ($1, $2, $3) RETURNING id`,
      [operator.email, operator.name, await hasher.hash(operator.password)],
    );
    return { a, b, operator: { id: row.id, ...operator } };
  });
}

/** The owner's URL (DATABASE_URL) pointed at the database the app's data source uses. */
export function ownerUrlOf(dataSource: DataSource): string {
  const owner = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/mtl');
  const appUrl = (dataSource.options as { url?: string }).url;
  if (appUrl) owner.pathname = new URL(appUrl).pathname;
  return owner.toString();
}

/** A query as the database owner, answering its rows. */
export type OwnerQuery = <T>(sql: string, params: unknown[]) => Promise<T[]>;

/**
 * Runs `seed` with queries as the database owner (DATABASE_URL) on the database of `dataSource`,
 * over one connection, closed afterwards: what the tenant fixtures write with.
 */
export async function asOwnerOf<R>(dataSource: DataSource, seed: (query: OwnerQuery) => Promise<R>): Promise<R> {
  const owner = new Client({ connectionString: ownerUrlOf(dataSource) });
  await owner.connect();
  try {
    return await seed(async <T>(sql: string, params: unknown[]) => (await owner.query(sql, params)).rows as T[]);
  } finally {
    await owner.end();
  }
}

async function seedTenant(
  query: OwnerQuery,
  hasher: PasswordHasher,
  shortName: string,
  tag: string,
): Promise<SeededTenant> {
  const name = `${shortName} University`;
  const [organization] = await query<{ id: number }>(
    `INSERT INTO organizations (name, short_name, description) VALUES ($1, $2, $3) RETURNING id`,
    [name, shortName, `Test organization ${shortName}`],
  );
  const people = {
    admin: {
      email: `admin-${tag}@example.com`,
      name: `Admin ${tag.toUpperCase()}`,
      password: `admin-password-${tag}`,
      role: 'admin' as const,
    },
    author: {
      email: `author-${tag}@example.com`,
      name: `Author ${tag.toUpperCase()}`,
      password: `author-password-${tag}`,
      role: 'author' as const,
    },
    learner: {
      email: 'learner@example.com',
      name: `Learner ${tag.toUpperCase()}`,
      password: `learner-password-${tag}`,
      role: 'learner' as const,
    },
  };
  const hashes = {
    admin: await hasher.hash(people.admin.password),
    author: await hasher.hash(people.author.password),
    learner: await hasher.hash(people.learner.password),
  };
  const ids = await (async () => {
    const insert = async (key: keyof typeof people): Promise<string> => {
      const person = people[key];
      const [user] = await query<{ id: string }>(
        `INSERT INTO users (organization_id, email, name, password_hash) VALUES ($1, $2, $3, $4) RETURNING id`,
        [organization.id, person.email, person.name, hashes[key]],
      );
      await query(`INSERT INTO organization_memberships (organization_id, user_id, role) VALUES ($1, $2, $3)`, [
        organization.id,
        user.id,
        person.role,
      ]);
      return user.id;
    };
    return { admin: await insert('admin'), author: await insert('author'), learner: await insert('learner') };
  })();
  return {
    id: organization.id,
    shortName,
    name,
    admin: { id: ids.admin, ...people.admin },
    author: { id: ids.author, ...people.author },
    learner: { id: ids.learner, ...people.learner },
  };
}

/** Signs in to Studio through its real login endpoint; returns the bearer token (fails the test otherwise). */
export async function studioToken(
  app: INestApplication,
  credentials: { email: string; password: string; organization?: string },
): Promise<string> {
  const response = await request(app.getHttpServer() as Parameters<typeof request>[0])
    .post('/api/auth/login')
    .send(credentials);
  if (response.status !== 200) {
    throw new Error(`Studio login of ${credentials.email} failed: ${response.status} ${JSON.stringify(response.body)}`);
  }
  return (response.body as { access_token: string }).access_token;
}

/** Signs in a seeded member to Studio with their organization. */
export function studioTokenFor(member: SeededMember, tenant: SeededTenant, app: INestApplication): Promise<string> {
  return studioToken(app, { email: member.email, password: member.password, organization: tenant.shortName });
}
