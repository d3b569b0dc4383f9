import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { EntityManager } from 'typeorm';
import { TenantContext } from './tenant-context';
import { TenantScopeSigner } from './tenant-scope-signer';

/**
 * The role the request and job pools log in as (migration LeastPrivilegeConnections): no
 * superuser, no owner, no BYPASSRLS, and a member of no role, so no statement on its connections
 * can switch to one with more rights (docs/adr/0006).
 */
export const RUNTIME_ROLE = 'mtl_app';
/** The role the cross-organization pool logs in as; RLS shows it every organization. */
export const CROSS_ORGANIZATION_ROLE = 'mtl_cross_org';

/**
 * One transaction per request or job, carrying the tenant scope into PostgreSQL: the first
 * statement sets the readable/writable organizations and their signature with
 * `set_config(…, true)`, transaction-local, so a pooled connection carries nothing of one
 * request into the next. When the scope narrows mid-transaction it is applied again. Inside
 * CrossOrganizationAccess the same calls run in its transaction on the cross-organization pool.
 */
@Injectable()
export class TenantTransactions {
  /** The scope each open transaction last applied, per transaction's EntityManager. */
  private readonly applied = new WeakMap<EntityManager, string>();

  constructor(
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly context: TenantContext,
    private readonly signer: TenantScopeSigner,
  ) {}

  /** Runs `fn` in the current transaction, or in a new one that commits when `fn` resolves. */
  async run<T>(fn: (manager: EntityManager) => Promise<T>): Promise<T> {
    const crossOrganization = this.context.crossOrganizationManager;
    if (crossOrganization) return fn(crossOrganization);
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
    if (this.context.crossOrganizationManager || this.txHost.isTransactionActive()) this.context.pushAfterCommit(task);
    else await task();
  }

  private async applyScope(manager: EntityManager): Promise<void> {
    const scope = this.context.scope;
    const readable = scope && scope.readable.length > 0 ? `{${scope.readable.join(',')}}` : '';
    const writable = scope?.writable != null ? String(scope.writable) : '';
    const applied = `${readable}|${writable}`;
    if (this.applied.get(manager) === applied) return;
    await manager.query(
      `SELECT set_config('mtl.readable_orgs', $1, true), set_config('mtl.writable_org', $2, true),
              set_config('mtl.scope_signature', $3, true)`,
      [readable, writable, await this.signer.sign(readable, writable)],
    );
    this.applied.set(manager, applied);
  }
}
