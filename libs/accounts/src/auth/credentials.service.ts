import { Injectable } from '@nestjs/common';
import { TenantContext, TenantScopeWideningError } from '@mtl/tenancy';
import { MembershipsRepository } from '../memberships.repository';
import { OperatorsService } from '../operators.service';
import { OrganizationDirectory } from '../organization-directory';
import { PasswordHasher } from '../password-hasher';
import { UsersRepository } from '../users.repository';
import type { Principal } from './principal';

export interface Credentials {
  email: string;
  password: string;
  /** A member's organization (short name, case-insensitive); absent for an operator. */
  organization?: string;
}

/**
 * Checks a login. Every outcome that is not a success is the same `null` (wrong password,
 * unknown email, unknown or inactive organization, inactive membership), and every attempt costs
 * exactly one argon2 verification, against a dummy hash when there is no account, so neither the
 * answer nor its timing tells whether an account exists.
 */
@Injectable()
export class CredentialsService {
  constructor(
    private readonly context: TenantContext,
    private readonly organizations: OrganizationDirectory,
    private readonly users: UsersRepository,
    private readonly memberships: MembershipsRepository,
    private readonly operators: OperatorsService,
    private readonly hasher: PasswordHasher,
  ) {}

  async validateCredentials(credentials: Credentials): Promise<Principal | null> {
    if (credentials.organization === undefined) return this.validateOperator(credentials);
    const organization = await this.organizations.findActiveByShortName(credentials.organization);
    if (!organization) {
      await this.hasher.verify(null, credentials.password);
      return null;
    }
    // The account lives in its organization: read it inside that tenant, in a child context so
    // the request's own scope is left for the authentication of later requests to decide.
    return this.context.runInChildContext(async () => {
      try {
        this.context.enterOrganization(organization.id);
      } catch (error) {
        // The request may not read this organization at all (an LMS site that does not show its
        // own organization): no account of it can sign in here.
        if (!(error instanceof TenantScopeWideningError)) throw error;
        await this.hasher.verify(null, credentials.password);
        return null;
      }
      const user = await this.users.findByEmail(credentials.email, { withPasswordHash: true });
      const membership = user ? await this.memberships.findByUser(user.id) : null;
      const valid = await this.hasher.verify(user?.passwordHash, credentials.password);
      if (!valid || !user || !membership?.active) return null;
      if (this.hasher.needsRehash(user.passwordHash)) {
        await this.users.update({ id: user.id }, { passwordHash: await this.hasher.hash(credentials.password) });
      }
      return { userId: user.id, organizationId: organization.id, role: membership.role };
    });
  }

  private async validateOperator(credentials: Credentials): Promise<Principal | null> {
    const operator = await this.operators.findForLogin(credentials.email);
    const valid = await this.hasher.verify(operator?.passwordHash, credentials.password);
    if (!valid || !operator?.active) return null;
    if (this.hasher.needsRehash(operator.passwordHash)) {
      await this.operators.updatePasswordHash(operator.id, await this.hasher.hash(credentials.password));
    }
    return { userId: operator.id, organizationId: null, role: 'operator' };
  }
}
