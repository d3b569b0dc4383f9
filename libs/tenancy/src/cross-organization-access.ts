import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditTrail } from './audit-trail';
import { TenantContext } from './tenant-context';
import type { CrossOrganizationReason } from './tenant-scope';
import { TenantTransactions } from './tenant-transactions';

/**
 * The one explicitly named path across organizations (operators' views, the backfill). Every
 * use is audited (an `audit_trail` row, action `cross_organization.access`, and a warning in the
 * log) and runs in a child context, so the caller's own scope is untouched afterwards. Find uses
 * with `grep -rn acrossOrganizations`.
 */
@Injectable()
export class CrossOrganizationAccess {
  private readonly logger = new Logger('CrossOrganizationAccess');

  constructor(
    private readonly context: TenantContext,
    private readonly transactions: TenantTransactions,
    private readonly auditTrail: AuditTrail,
  ) {}

  async acrossOrganizations<T>(why: CrossOrganizationReason, fn: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!why.actor.trim() || !why.reason.trim()) throw new Error('Cross-organization access needs an actor and a reason');
    return this.context.runInChildContext(() => {
      this.context.markCrossOrganization(why);
      return this.transactions.run(async (manager) => {
        await this.audit(why);
        return fn(manager);
      });
    });
  }

  /** The one audit write of this path. */
  private async audit(why: CrossOrganizationReason): Promise<void> {
    await this.auditTrail.record({ action: 'cross_organization.access', actor: why.actor, detail: why.reason });
    this.logger.warn({ actor: why.actor, reason: why.reason, requestId: this.context.requestId }, 'cross-organization access');
  }
}
