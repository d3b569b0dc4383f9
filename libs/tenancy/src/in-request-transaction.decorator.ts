import { Inject } from '@nestjs/common';
import { METHOD_METADATA, PROPERTY_DEPS_METADATA } from '@nestjs/common/constants';
import { isObservable, lastValueFrom } from 'rxjs';
import { TenantTransactions } from './tenant-transactions';

/** The property a controller with such handlers gets its TenantTransactions in (injected by Nest). */
const TRANSACTIONS = Symbol('mtl:request-transactions');
/** Marks a wrapped handler: a class-level and a method-level decorator wrap it once. */
const IN_TRANSACTION = Symbol('mtl:in-request-transaction');

type Handler = ((...args: unknown[]) => unknown) & { [IN_TRANSACTION]?: true };
type WithTransactions = { [TRANSACTIONS]?: TenantTransactions; constructor: { name: string } };

/**
 * One transaction for the whole request: the handler runs in TenantTransactions.run, after the
 * guards (which have filled the tenant context) and the pipes, and its reads and writes commit
 * together or not at all. `@Authenticated` applies it to every signed-in endpoint; a public
 * endpoint that writes adds it itself. On a class it wraps the class's own route handlers.
 *
 * It wraps the handler rather than being an interceptor: Nest runs any interceptor through an
 * RxJS pipeline, which cost a one-read request about a sixth of its CPU (docs/adr/0019). Routes
 * without it (health, the site's public face, login) pay nothing, and any repository call they
 * make still runs in a transaction of its own, with the same scope and RLS.
 */
export const InRequestTransaction = (): MethodDecorator & ClassDecorator =>
  ((target: object, _key?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (descriptor) {
      injectTransactions(target);
      return { ...descriptor, value: inTransaction(descriptor.value as Handler) };
    }
    const prototype = (target as { prototype: object }).prototype;
    injectTransactions(prototype);
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const property = Object.getOwnPropertyDescriptor(prototype, name);
      const handler = property?.value as unknown;
      // Route handlers only: class decorators run after the methods' own, so @Get & co. are set.
      if (name === 'constructor' || typeof handler !== 'function' || !Reflect.hasMetadata(METHOD_METADATA, handler))
        continue;
      Object.defineProperty(prototype, name, { ...property, value: inTransaction(handler as Handler) });
    }
    return undefined;
  }) as MethodDecorator & ClassDecorator;

/** Asks Nest to set the controller's TenantTransactions on TRANSACTIONS (property injection), once. */
function injectTransactions(prototype: object): void {
  const injected = (Reflect.getMetadata(PROPERTY_DEPS_METADATA, prototype.constructor) ?? []) as { key: unknown }[];
  if (!injected.some((property) => property.key === TRANSACTIONS)) Inject(TenantTransactions)(prototype, TRANSACTIONS);
}

/** `handler` run in the request's tenant transaction, carrying every metadata Nest reads off it. */
function inTransaction(handler: Handler): Handler {
  if (handler[IN_TRANSACTION]) return handler;
  const wrapped: Handler = function (this: WithTransactions, ...args: unknown[]) {
    const transactions = this[TRANSACTIONS];
    if (!transactions) throw new Error(`${this.constructor.name} has no TenantTransactions (TenancyModule?)`);
    return transactions.run(() => {
      const result = handler.apply(this, args);
      return Promise.resolve(isObservable(result) ? lastValueFrom(result, { defaultValue: undefined }) : result);
    });
  };
  for (const key of Reflect.getOwnMetadataKeys(handler))
    Reflect.defineMetadata(key, Reflect.getOwnMetadata(key, handler), wrapped);
  Object.defineProperty(wrapped, 'name', { value: handler.name });
  wrapped[IN_TRANSACTION] = true;
  return wrapped;
}
