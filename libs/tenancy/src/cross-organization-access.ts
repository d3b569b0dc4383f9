import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CrossOrganizationAudit } from './cross-organization-audit.entity';
import { TenantContext } from './tenant-context';
import type { CrossOrganizationReason } from './tenant-scope';
import { TenantTransactions } from './tenant-transactions';

/**
 * The one explicitly named path across organizations (operators' views, the backfill). Every
 * use is audited (a row in cross_organization_audit and a warning in the log) and runs in a
 * child context, so the caller's own scope is untouched afterwards. Find uses with
 * `grep -rn acrossOrganizations`.
 */
@Injectable()
export class CrossOrganizationAccess {
  private readonly logger = new Logger('CrossOrganizationAccess');

  constructor(
    private readonly context: TenantContext,
    private readonly transactions: TenantTransactions,
  ) {}

  async acrossOrganizations<T>(why: CrossOrganizationReason, fn: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!why.actor.trim() || !why.reason.trim()) throw new Error('Cross-organization access needs an actor and a reason');
    return this.context.runInChildContext(() => {
      this.context.markCrossOrganization(why);
      return this.transactions.run(async (manager) => {
        await manager.insert(CrossOrganizationAudit, { actor: why.actor, reason: why.reason, requestId: this.context.requestId ?? null });
        this.logger.warn({ actor: why.actor, reason: why.reason, requestId: this.context.requestId }, 'cross-organization access');
        return fn(manager);
      });
    });
  }
}
