import { Injectable } from '@nestjs/common';
import { TenantContext, TenantTransactions } from '@mtl/tenancy';
import { checkEmail, checkName, checkPassword, checkRole, isPostgresError } from './account-input';
import { AccountsError, AccountsErrorCode } from './accounts.error';
import { MembershipsRepository, MemberRow } from './memberships.repository';
import { OperatorsService } from './operators.service';
import { OrganizationDirectory } from './organization-directory';
import { OrganizationMembership, OrganizationRole } from './organization-membership.entity';
import { PasswordHasher } from './password-hasher';
import { User } from './user.entity';
import { UsersRepository } from './users.repository';

/** A member of an organization as admins see it. */
export type Member = MemberRow;

/** Who the caller is (`GET /api/me`). */
export interface Me {
  id: string;
  email: string;
  name: string;
  organization: { id: number; shortName: string; name: string } | null;
  role: OrganizationRole | 'operator';
}

export interface MemberPatch {
  role?: OrganizationRole;
  active?: boolean;
}

/**
 * Accounts of one organization: every method works in the organization of the tenant context
 * (the writable one), never one passed by the caller. A user belongs to exactly one organization
 * through one membership (its primary key is (organization_id, user_id), and a user row exists in
 * one organization only); the same email may hold separate accounts in different organizations.
 */
@Injectable()
export class AccountsService {
  constructor(
    private readonly context: TenantContext,
    private readonly transactions: TenantTransactions,
    private readonly users: UsersRepository,
    private readonly memberships: MembershipsRepository,
    private readonly operators: OperatorsService,
    private readonly organizations: OrganizationDirectory,
    private readonly hasher: PasswordHasher,
  ) {}

  /** Creates an account and its membership together, in the context's writable organization. */
  async createUser(input: { email: string; name?: string; password: string; role: string }): Promise<Member> {
    const email = checkEmail(input.email);
    const name = input.name === undefined ? email : checkName(input.name);
    const role = checkRole(input.role);
    this.context.requireWritableOrganization('a new account');
    const passwordHash = await this.hasher.hash(checkPassword(input.password, email));
    return this.transactions.run(async () => {
      if (await this.users.findByEmail(email)) throw emailTaken();
      let user: User;
      try {
        user = await this.users.insert({ email, name, passwordHash });
      } catch (error) {
        if (isPostgresError(error, '23505')) throw emailTaken(); // a concurrent creation won the race
        throw error;
      }
      return toMember(user, await this.memberships.add(user.id, role));
    });
  }

  /** The account with this email in the context's organization (case-insensitively), or null. */
  findByEmail(email: string): Promise<User | null> {
    return this.users.findByEmail(email);
  }

  /** One page of the organization's members (active and inactive), by email. */
  listMembers(page: number, pageSize: number): Promise<{ count: number; results: Member[] }> {
    return this.memberships
      .listPage((page - 1) * pageSize, pageSize)
      .then(({ count, rows }) => ({ count, results: rows }));
  }

  async getMember(userId: string): Promise<Member> {
    const user = await this.users.findById(userId);
    const membership = user ? await this.memberships.findByUser(userId) : null;
    if (!user || !membership) throw memberNotFound();
    return toMember(user, membership);
  }

  /**
   * Changes a member's role and/or active flag. Refused (LastAdmin) when it would leave the
   * organization without an active admin: admins are locked first, so concurrent demotions
   * cannot both pass.
   */
  async updateMember(userId: string, patch: MemberPatch): Promise<Member> {
    const role = patch.role === undefined ? undefined : checkRole(patch.role);
    return this.transactions.run(async () => {
      const weakensAdmin = (role !== undefined && role !== 'admin') || patch.active === false;
      const admins = weakensAdmin ? await this.memberships.lockActiveAdmins() : [];
      const membership = await this.memberships.findByUser(userId);
      if (!membership) throw memberNotFound();
      if (weakensAdmin && admins.includes(userId) && admins.length === 1) throw lastAdmin();
      const changes: Partial<OrganizationMembership> = {};
      if (role !== undefined) changes.role = role;
      if (patch.active !== undefined) changes.active = patch.active;
      if (Object.keys(changes).length > 0) await this.memberships.update({ userId }, changes);
      return this.getMember(userId);
    });
  }

  /**
   * Removes a member: deletes the account and its membership (the email is then free to be
   * added again). To keep the account and bar it from signing in, deactivate it instead
   * (`updateMember(id, {active: false})`). The last active admin cannot be removed.
   */
  async removeMember(userId: string): Promise<void> {
    await this.transactions.run(async () => {
      const admins = await this.memberships.lockActiveAdmins();
      if (admins.includes(userId) && admins.length === 1) throw lastAdmin();
      let removed: number;
      try {
        removed = await this.users.delete({ id: userId });
      } catch (error) {
        if (isPostgresError(error, '23503')) {
          throw new AccountsError(
            AccountsErrorCode.MEMBER_HAS_RECORDS,
            'The member has records that refer to the account; deactivate the member instead',
          );
        }
        throw error;
      }
      if (removed === 0) throw memberNotFound();
    });
  }

  /** The caller, from the principal the authentication guard put in the context. */
  async getMe(): Promise<Me> {
    const principal = this.context.principal;
    if (!principal) throw new AccountsError(AccountsErrorCode.MEMBER_NOT_FOUND, 'No account is signed in');
    if (principal.organizationId === null) {
      const operator = await this.operators.findById(principal.userId);
      if (!operator) throw memberNotFound();
      return { id: operator.id, email: operator.email, name: operator.name, organization: null, role: 'operator' };
    }
    const user = await this.users.findById(principal.userId);
    const membership = user ? await this.memberships.findByUser(principal.userId) : null;
    const organization = membership ? await this.organizations.findById(principal.organizationId) : null;
    if (!user || !membership || !organization) throw memberNotFound();
    return {
      id: user.id,
      email: user.email,
      name: user.name,
      organization: { id: organization.id, shortName: organization.shortName, name: organization.name },
      role: membership.role,
    };
  }
}

function toMember(user: User, membership: OrganizationMembership): Member {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: membership.role,
    active: membership.active,
    created: user.created,
  };
}

function emailTaken(): AccountsError {
  return new AccountsError(AccountsErrorCode.EMAIL_TAKEN, 'email already has an account in this organization', 'email');
}

function memberNotFound(): AccountsError {
  return new AccountsError(AccountsErrorCode.MEMBER_NOT_FOUND, 'No such member in this organization');
}

function lastAdmin(): AccountsError {
  return new AccountsError(AccountsErrorCode.LAST_ADMIN, 'The organization must keep at least one active admin');
}
