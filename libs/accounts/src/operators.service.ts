import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CrossOrganizationAccess, TenantContext, TenantTransactions } from '@mtl/tenancy';
import { checkEmail, checkName, checkPassword, isPostgresError } from './account-input';
import { AccountsError, AccountsErrorCode } from './accounts.error';
import { Operator } from './operator.entity';
import { PasswordHasher } from './password-hasher';

/** An operator as shown (never with the hash). */
export interface OperatorView {
  id: string;
  email: string;
  name: string;
  active: boolean;
}

/**
 * Operators: platform users with no organization, in the global `operators` table. Who they are
 * is read in the tenant transaction; their password hashes are read, and operators written, only
 * through the audited cross-organization path, whose login alone may (docs/adr/0006): a query on a
 * request's connection can neither read a hash nor make itself an operator.
 */
@Injectable()
export class OperatorsService {
  constructor(
    private readonly transactions: TenantTransactions,
    private readonly crossOrganization: CrossOrganizationAccess,
    private readonly context: TenantContext,
    private readonly hasher: PasswordHasher,
  ) {}

  async createOperator(input: { email: string; name?: string; password: string }): Promise<OperatorView> {
    const email = checkEmail(input.email);
    const name = input.name === undefined ? email : checkName(input.name);
    const passwordHash = await this.hasher.hash(checkPassword(input.password, email));
    return this.crossOrganization.acrossOrganizations(
      { actor: this.actor(), reason: `accounts: create operator ${email}` },
      async (manager) => {
        if (await this.findByEmail(email)) throw taken();
        try {
          const operator = await manager
            .getRepository(Operator)
            .save(manager.getRepository(Operator).create({ email, name, passwordHash }));
          return view(operator);
        } catch (error) {
          if (isPostgresError(error, '23505')) throw taken();
          throw error;
        }
      },
    );
  }

  /** The operator with this email, case-insensitively, without the hash. */
  findByEmail(email: string): Promise<Operator | null> {
    return this.transactions.run((manager) => byEmail(manager, email).getOne());
  }

  /** The operator with this email and their password hash, to check a login (audited). */
  findForLogin(email: string): Promise<Operator | null> {
    return this.crossOrganization.acrossOrganizations(
      { actor: 'login', reason: `accounts: check the credentials of operator ${email.trim().slice(0, 254)}` },
      (manager) => byEmail(manager, email).addSelect('operator.passwordHash').getOne(),
    );
  }

  findById(id: string): Promise<Operator | null> {
    return this.transactions.run((manager) => manager.getRepository(Operator).findOneBy({ id }));
  }

  async updatePasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.crossOrganization.acrossOrganizations(
      { actor: `operator:${id}`, reason: 'accounts: rehash an operator password at login' },
      (manager) => manager.getRepository(Operator).update({ id }, { passwordHash }),
    );
  }

  private actor(): string {
    const principal = this.context.principal;
    return principal ? `${principal.role}:${principal.userId}` : 'system';
  }
}

function byEmail(manager: EntityManager, email: string) {
  return manager
    .getRepository(Operator)
    .createQueryBuilder('operator')
    .where('LOWER(operator.email) = LOWER(:email)', { email: email.trim() });
}

function taken(): AccountsError {
  return new AccountsError(AccountsErrorCode.OPERATOR_EMAIL_TAKEN, 'email already has an operator account', 'email');
}

function view(operator: Operator): OperatorView {
  return { id: operator.id, email: operator.email, name: operator.name, active: operator.active };
}
