import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { CROSS_ORGANIZATION_DATA_SOURCE, openDatabase } from '@mtl/database';
import { AuditTrail } from './audit-trail';
import { TenantScopeWideningError } from './tenancy.error';
import { TenantContext } from './tenant-context';
import type { CrossOrganizationReason } from './tenant-scope';

/** How one use of the cross-organization path ended, as the audit records it. */
export type CrossOrganizationOutcome = { completed: true } | { completed: false; refusal: string };

/**
 * The one explicitly named path across organizations (operators' views, the backfill, operator
 * credentials). It runs on a pool of its own that logs in as mtl_cross_org (docs/adr/0006), so
 * nothing on a tenant request's connection can reach what it sees. Every use is audited (an
 * `audit_trail` row, action `cross_organization.access`, and an info line in the log), a refused or
 * failed one too (`audit`, the one place that writes it), and runs in a child context, so the
 * caller's own scope is untouched afterwards. Find uses with `grep -rn acrossOrganizations`.
 *
 * Its transaction is its own: it commits or rolls back independently of a request transaction
 * the caller may have open, and does not see that transaction's uncommitted rows.
 */
@Injectable()
export class CrossOrganizationAccess {
  private readonly logger = new Logger('CrossOrganizationAccess');

  constructor(
    private readonly context: TenantContext,
    @InjectDataSource(CROSS_ORGANIZATION_DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly auditTrail: AuditTrail,
  ) {}

  async acrossOrganizations<T>(why: CrossOrganizationReason, fn: (manager: EntityManager) => Promise<T>): Promise<T> {
    if (!why?.actor?.trim() || !why.reason?.trim()) {
      const refusal = 'needs an actor and a reason';
      await this.audit(
        { actor: why?.actor?.trim() || '(none)', reason: why?.reason?.trim() || '(none)' },
        { completed: false, refusal },
      );
      throw new Error(`Cross-organization access ${refusal}`);
    }
    const open = this.context.crossOrganizationManager;
    if (open) {
      // Nested in another use: same transaction (another connection could wait on this one's locks).
      const result = await fn(open);
      await this.audit(why, { completed: true }, open);
      return result;
    }
    const dataSource = await openDatabase(this.dataSource);
    return this.context.runInChildContext(async () => {
      this.context.markCrossOrganization(why);
      const afterCommit = this.context.startAfterCommitQueue();
      let result: T;
      try {
        result = await dataSource.transaction(async (manager) => {
          this.context.useCrossOrganizationManager(manager);
          const value = await fn(manager);
          await this.audit(why, { completed: true }, manager);
          return value;
        });
      } catch (error) {
        // After the rollback, on a connection of its own: the refusal is recorded even though the work is not.
        await this.audit(why, { completed: false, refusal: describeRefusal(error) }).catch((auditError: unknown) =>
          this.logger.error(
            { err: auditError, actor: why.actor, reason: why.reason },
            'could not audit a refused cross-organization access',
          ),
        );
        throw error;
      }
      for (const task of afterCommit) await task();
      return result;
    });
  }

  /**
   * The audited way in to exactly one organization from a context that has none (an operator's
   * request, a command): `fn` runs on this path's transaction in a child context entered for
   * `organizationId`, so tenant repositories read and write that organization only, and the audit
   * row names it. A context already limited to organizations may not use it to reach another
   * (inside a use it may only narrow, as TenantContext always does).
   */
  async withinOrganization<T>(organizationId: number, why: CrossOrganizationReason, fn: () => Promise<T>): Promise<T> {
    if (this.context.scope && !this.context.crossOrganization)
      throw new TenantScopeWideningError(`a tenant context cannot enter organization ${organizationId}`);
    return this.acrossOrganizations({ ...why, organizationId }, () =>
      this.context.runInChildContext(() => {
        this.context.enterOrganization(organizationId);
        return fn();
      }),
    );
  }

  /**
   * The one writer of the cross-organization audit (a row and a log line): in the transaction
   * whose work it records when that work completes, else on its own after the rollback.
   */
  private async audit(
    why: CrossOrganizationReason,
    outcome: CrossOrganizationOutcome,
    manager?: EntityManager,
  ): Promise<void> {
    const reason = outcome.completed ? why.reason : `${why.reason} [refused: ${outcome.refusal}]`;
    const requestId = this.context.requestId ?? null;
    const target = manager ?? (await openDatabase(this.dataSource)).manager;
    await this.auditTrail.record(
      {
        action: 'cross_organization.access',
        actor: why.actor.slice(0, 255),
        organizationId: why.organizationId ?? null,
        detail: reason,
      },
      target,
    );
    // Info, not warn: the row is the record, and operators' logins and views are routine.
    this.logger.log({ actor: why.actor, reason, requestId, completed: outcome.completed }, 'cross-organization access');
  }
}

/** What a refusal is recorded as: the error's name and code or message, briefly. */
function describeRefusal(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 200);
  const code = (error as { code?: unknown }).code;
  return (
    `${error.name}${typeof code === 'string' || typeof code === 'number' ? ` ${code}` : ''}: ` + `${error.message}`
  ).slice(0, 300);
}
