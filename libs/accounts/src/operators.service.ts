import { Injectable } from '@nestjs/common';
import { TenantTransactions } from '@mtl/tenancy';
import { checkEmail, checkName, checkPassword, isPostgresError } from './account-input';
import { AccountsError, AccountsErrorCode } from './accounts.exception';
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
 * Operators: platform users with no organization, in the global `operators` table. Every access
 * goes through the tenant transaction (no tenant scope is needed for a global table).
 */
@Injectable()
export class OperatorsService {
  constructor(
    private readonly transactions: TenantTransactions,
    private readonly hasher: PasswordHasher,
  ) {}

  async createOperator(input: { email: string; name?: string; password: string }): Promise<OperatorView> {
    const email = checkEmail(input.email);
    const name = input.name === undefined ? email : checkName(input.name);
    const passwordHash = await this.hasher.hash(checkPassword(input.password, email));
    return this.transactions.run(async (manager) => {
      if (await this.findByEmail(email)) throw taken();
      try {
        const operator = await manager.getRepository(Operator).save(manager.getRepository(Operator).create({ email, name, passwordHash }));
        return view(operator);
      } catch (error) {
        if (isPostgresError(error, '23505')) throw taken();
        throw error;
      }
    });
  }

  /** The operator with this email, case-insensitively (with the hash only when asked). */
  findByEmail(email: string, options: { withPasswordHash?: boolean } = {}): Promise<Operator | null> {
    return this.transactions.run((manager) => {
      const query = manager
        .getRepository(Operator)
        .createQueryBuilder('operator')
        .where('LOWER(operator.email) = LOWER(:email)', { email: email.trim() });
      if (options.withPasswordHash) query.addSelect('operator.passwordHash');
      return query.getOne();
    });
  }

  findById(id: string): Promise<Operator | null> {
    return this.transactions.run((manager) => manager.getRepository(Operator).findOneBy({ id }));
  }

  async updatePasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.transactions.run((manager) => manager.getRepository(Operator).update({ id }, { passwordHash }));
  }
}

function taken(): AccountsError {
  return new AccountsError(AccountsErrorCode.OperatorEmailTaken, 'email already has an operator account', 'email');
}

function view(operator: Operator): OperatorView {
  return { id: operator.id, email: operator.email, name: operator.name, active: operator.active };
}
