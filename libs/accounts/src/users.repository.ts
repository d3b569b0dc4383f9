import { Injectable } from '@nestjs/common';
import { TenantContext, TenantScopedRepository, TenantTransactions } from '@mtl/tenancy';
import { User } from './user.entity';

/** Users of the context's organizations; the organization always comes from the tenant context. */
@Injectable()
export class UsersRepository extends TenantScopedRepository<User> {
  constructor(transactions: TenantTransactions, context: TenantContext) {
    super(User, transactions, context);
  }

  /** The account with this email (case-insensitively) in the readable organizations. */
  findByEmail(email: string, options: { withPasswordHash?: boolean } = {}): Promise<User | null> {
    return this.use((repository, scope) => {
      const query = repository
        .createQueryBuilder('account')
        .where('account.organizationId = ANY (:readable)', { readable: [...scope.readable] })
        .andWhere('LOWER(account.email) = LOWER(:email)', { email: email.trim() });
      if (options.withPasswordHash) query.addSelect('account.passwordHash');
      return query.getOne();
    });
  }

  findById(id: string): Promise<User | null> {
    return this.findOneBy({ id });
  }
}
