import { Injectable } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Client } from 'pg';
import { User } from '@mtl/accounts';
import { TenancyModule, TenantContext, TenantScopedRepository, TenantTransactions } from '@mtl/tenancy';
import { createPlatformTestModule } from '@mtl/testing';

export interface TwoOrganizations {
  a: { id: number; userId: string };
  b: { id: number; userId: string };
}

/**
 * Two organizations with one user each, written as the database owner (outside the runtime
 * role, so row-level security does not apply to the fixture itself).
 */
export async function seedTwoOrganizations(): Promise<TwoOrganizations> {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const org = async (shortName: string) =>
      (
        await client.query<{ id: number }>(
          `INSERT INTO organizations (name, short_name) VALUES ($1, $1) RETURNING id`,
          [shortName],
        )
      ).rows[0].id;
    const user = async (organizationId: number, email: string) =>
      (
        await client.query<{ id: string }>(
          `INSERT INTO users (organization_id, email, name, password_hash) VALUES ($1, $2, $2, 'x') RETURNING id`,
          [organizationId, email],
        )
      ).rows[0].id;
    const a = await org('OrgA');
    const b = await org('OrgB');
    return {
      a: { id: a, userId: await user(a, 'same@example.com') },
      b: { id: b, userId: await user(b, 'same@example.com') },
    };
  } finally {
    await client.end();
  }
}

export { asDatabaseOwner as asOwner } from '@mtl/testing';

/** A plain tenant repository over `users`, exactly as capability code writes them. */
@Injectable()
export class UsersProbeRepository extends TenantScopedRepository<User> {
  constructor(transactions: TenantTransactions, context: TenantContext) {
    super(User, transactions, context);
  }
}

/**
 * The tenancy layer with the users repository and UsersProbeRepository, on a pool of one
 * connection (DATABASE_POOL_SIZE=1): every transaction reuses the same server session, where a
 * setting left behind would show.
 */
export function usersProbeModule(): Promise<TestingModule> {
  process.env.DATABASE_POOL_SIZE = '1';
  return createPlatformTestModule({
    imports: [TenancyModule, TypeOrmModule.forFeature([User])],
    providers: [UsersProbeRepository],
  });
}
