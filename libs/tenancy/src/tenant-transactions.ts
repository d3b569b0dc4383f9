import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { EntityManager } from 'typeorm';
import { TenantContext } from './tenant-context';

/** The role every transaction acts as: no superuser, no owner, no BYPASSRLS (migration 1). */
export const RUNTIME_ROLE = 'mtl_app';

/**
 * One transaction per request or job, carrying the tenant scope into PostgreSQL: the first
 * statement switches to the runtime role and sets the readable/writable organizations with
 * `set_config(…, true)`, transaction-local, so a pooled connection carries nothing of one
 * request into the next. When the scope narrows mid-transaction it is applied again.
 */
@Injectable()
export class TenantTransactions {
  /** The scope each open transaction last applied, per transaction's EntityManager. */
  private readonly applied = new WeakMap<EntityManager, string>();

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly context: TenantContext,
  ) {}

  /** Runs `fn` in the current transaction, or in a new one that commits when `fn` resolves. */
  async run<T>(fn: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (this.txHost.isTransactionActive()) {
      await this.applyScope(this.txHost.tx);
      return fn(this.txHost.tx);
    }
    // Set before the transaction starts: the transaction's own context is a child of this one and
    // shares the queue by reference. A rollback simply drops it.
    const afterCommit = this.context.startAfterCommitQueue();
    const result = await this.txHost.withTransaction(async () => {
      await this.applyScope(this.txHost.tx);
      return fn(this.txHost.tx);
    });
    for (const task of afterCommit) await task();
    return result;
  }

  /** Runs `task` once the current transaction has committed, or now when there is none. */
  async afterCommit(task: () => Promise<unknown>): Promise<void> {
    if (this.txHost.isTransactionActive()) this.context.pushAfterCommit(task);
    else await task();
  }

  private async applyScope(manager: EntityManager): Promise<void> {
    const scope = this.context.scope;
    const cross = this.context.crossOrganization ? 'on' : '';
    const readable = scope && scope.readable.length > 0 ? `{${scope.readable.join(',')}}` : '';
    const writable = scope?.writable != null ? String(scope.writable) : '';
    const signature = `${readable}|${writable}|${cross}`;
    if (this.applied.get(manager) === signature) return;
    await manager.query(
      `SELECT set_config('role', $1, true), set_config('mtl.readable_orgs', $2, true),
              set_config('mtl.writable_org', $3, true), set_config('mtl.cross_org', $4, true)`,
      [RUNTIME_ROLE, readable, writable, cross],
    );
    this.applied.set(manager, signature);
  }
}
