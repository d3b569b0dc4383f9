import {
  applyDecorators,
  CallHandler,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  UseInterceptors,
} from '@nestjs/common';
import { from, lastValueFrom, Observable } from 'rxjs';
import { TenantTransactions } from './tenant-transactions';

/**
 * Gives an HTTP request one transaction carrying its tenant scope. It runs after the guards,
 * which have filled the context; a handler's reads and writes commit together or not at all.
 */
@Injectable()
export class TenantTransactionInterceptor implements NestInterceptor {
  constructor(private readonly transactions: TenantTransactions) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return from(this.transactions.run(() => lastValueFrom(next.handle(), { defaultValue: undefined })));
  }
}

/**
 * One transaction for the whole request. `@Authenticated` applies it to every signed-in
 * endpoint; a public endpoint that writes adds it itself. Routes without it (health, the site's
 * public face, login) pay nothing: Nest skips its interceptor chain for them, and any repository
 * call they make still runs in a transaction of its own, with the same scope and RLS.
 */
export const InRequestTransaction = (): MethodDecorator & ClassDecorator =>
  applyDecorators(UseInterceptors(TenantTransactionInterceptor));
