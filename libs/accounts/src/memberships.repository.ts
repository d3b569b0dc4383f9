import { Injectable } from '@nestjs/common';
import { Organization } from '@mtl/organizations';
import { TenantContext, TenantScopedRepository, TenantTransactions } from '@mtl/tenancy';
import { OrganizationMembership, OrganizationRole } from './organization-membership.entity';
import { User } from './user.entity';

/** A member as listed to admins: the account and its mapping. */
export interface MemberRow {
  id: string;
  email: string;
  name: string;
  role: OrganizationRole;
  active: boolean;
  created: Date;
}

/** Memberships of the context's organization (one per user: the primary key says so). */
@Injectable()
export class MembershipsRepository extends TenantScopedRepository<OrganizationMembership> {
  constructor(transactions: TenantTransactions, context: TenantContext) {
    super(OrganizationMembership, transactions, context);
  }

  /**
   * Maps a user to the writable organization: a plain INSERT, so mapping a user who already has
   * a membership fails (primary key) instead of overwriting it as `save` would, and mapping a
   * user of another organization fails too (the foreign key includes organization_id). CS-51.
   */
  add(userId: string, role: OrganizationRole): Promise<OrganizationMembership> {
    return this.use(async (repository) => {
      const organizationId = this.context.requireWritableOrganization('a new membership');
      const [row] = await repository.query<
        {
          organization_id: number;
          user_id: string;
          role: OrganizationRole;
          active: boolean;
          created: Date;
          modified: Date;
        }[]
      >(
        `INSERT INTO organization_memberships (organization_id, user_id, role, active) VALUES ` +
          `($1, $2, $3, true) RETURNING *`,
        [organizationId, userId, role],
      );
      return Object.assign(new OrganizationMembership(), {
        organizationId: row.organization_id,
        userId: row.user_id,
        role: row.role,
        active: row.active,
        created: row.created,
        modified: row.modified,
      });
    });
  }

  findByUser(userId: string): Promise<OrganizationMembership | null> {
    return this.findOneBy({ userId });
  }

  /**
   * What a request needs to trust a token: the member's current role, whether the membership
   * and its organization are active. One query, under the tenant's row-level security.
   */
  findAccess(userId: string): Promise<{ role: OrganizationRole; active: boolean; organizationActive: boolean } | null> {
    return this.use(async (repository, scope) => {
      const row = await repository
        .createQueryBuilder('membership')
        .innerJoin(Organization, 'organization', 'organization.id = membership.organizationId')
        .select([
          'membership.role AS role',
          'membership.active AS active',
          'organization.active AS "organizationActive"',
        ])
        .where('membership.organizationId = ANY (:readable)', { readable: [...scope.readable] })
        .andWhere('membership.userId = :userId', { userId })
        .getRawOne<{ role: OrganizationRole; active: boolean; organizationActive: boolean }>();
      return row ?? null;
    });
  }

  /** One page of members of the writable organization, ordered by email then id. */
  listPage(offset: number, limit: number): Promise<{ count: number; rows: MemberRow[] }> {
    return this.use(async (repository) => {
      const organizationId = this.context.requireWritableOrganization('organization members');
      const query = repository
        .createQueryBuilder('membership')
        .innerJoin(
          User,
          'account',
          'account.organizationId = membership.organizationId AND account.id = membership.userId',
        )
        .where('membership.organizationId = :organizationId', { organizationId });
      const count = await query.getCount();
      const raw = await query
        .clone()
        .select([
          'account.id AS id',
          'account.email AS email',
          'account.name AS name',
          'membership.role AS role',
          'membership.active AS active',
          'account.created AS created',
        ])
        .orderBy('LOWER(account.email)', 'ASC')
        .addOrderBy('account.id', 'ASC')
        .offset(offset)
        .limit(limit)
        .getRawMany<MemberRow>();
      return { count, rows: raw };
    });
  }

  /**
   * Locks the active admins of the writable organization (FOR UPDATE) and returns their user
   * ids: two admins demoting each other at once serialize here, so one of them always remains.
   */
  lockActiveAdmins(): Promise<string[]> {
    return this.use(async (repository) => {
      const organizationId = this.context.requireWritableOrganization('organization admins');
      const rows = await repository
        .createQueryBuilder('membership')
        .select('membership.userId', 'userId')
        .where('membership.organizationId = :organizationId', { organizationId })
        .andWhere(`membership.role = 'admin' AND membership.active`)
        .setLock('pessimistic_write')
        .getRawMany<{ userId: string }>();
      return rows.map((row) => row.userId);
    });
  }
}
