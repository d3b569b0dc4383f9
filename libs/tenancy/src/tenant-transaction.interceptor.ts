import { CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { from, lastValueFrom, Observable } from 'rxjs';
import { TenantTransactions } from './tenant-transactions';

const WITHOUT_TRANSACTION = 'mtl:without-transaction';

/** For handlers that touch no database row (health, docs): no transaction is opened. */
export const WithoutTransaction = (): MethodDecorator & ClassDecorator => SetMetadata(WITHOUT_TRANSACTION, true);

/**
 * Gives each HTTP request one transaction carrying its tenant scope. It runs after the guards,
 * which have filled the context; a handler's writes commit together or not at all.
 */
@Injectable()
export class TenantTransactionInterceptor implements NestInterceptor {
  constructor(
    private readonly transactions: TenantTransactions,
    private readonly reflector: Reflector,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const skip = this.reflector.getAllAndOverride<boolean>(WITHOUT_TRANSACTION, [context.getHandler(), context.getClass()]);
    if (skip || context.getType() !== 'http') return next.handle();
    return from(this.transactions.run(() => lastValueFrom(next.handle(), { defaultValue: undefined })));
  }
}
