import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TenantContext } from './tenant-context';
import { TenantTransactions } from './tenant-transactions';

/** Every action the audit trail records, `<thing>.<verb>`; the admin API filters by these. */
export const AUDIT_ACTIONS = [
  'cross_organization.access',
  'organization.create',
  'organization.update',
  'site.create',
  'site.configure',
  'backfill.start',
  'course.create',
  'course.update',
  'library.create',
  'member.create',
  'member.update',
  'member.remove',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditRecord {
  action: AuditAction;
  /** The organization acted on, when there is one: its id (one that does not exist is recorded as none) … */
  organizationId?: number | null;
  /** … or its short_name (any case), when that is what the caller holds. */
  organizationShortName?: string | null;
  /** What was acted on (a course key, a member id, a domain …). */
  target?: string | null;
  detail?: string | null;
  /** Who, when the context's principal is not the one to name (a command, a job, a named reason). */
  actor?: string;
}

/**
 * The one way to record an audited act: a row in `audit_trail`, written in the caller's own
 * transaction, so it commits with the change it describes or not at all. Who and the request id
 * come from the tenant context; a tenant transaction may write rows about its own writable
 * organization only and can read none (row-level security, migration GlobalTablesOperatorOnly);
 * operators' and commands' rows, and every read, go through the cross-organization path.
 */
@Injectable()
export class AuditTrail {
  constructor(
    private readonly context: TenantContext,
    private readonly transactions: TenantTransactions,
  ) {}

  /** `manager`: write there instead of the current transaction (the cross-organization path's own). */
  async record(entry: AuditRecord, manager?: EntityManager): Promise<void> {
    const actor = entry.actor?.trim() || this.actorFromContext();
    const write = (target: EntityManager) =>
      // A plain INSERT without RETURNING: a tenant's transaction may add a row it may not read back.
      target.query(
        `INSERT INTO audit_trail (actor, action, organization_id, target, detail, request_id)
         VALUES ($1, $2, coalesce((SELECT id FROM organizations WHERE id = $3),
                                  (SELECT id FROM organizations WHERE lower(short_name) = lower($7))), $4, $5, $6)`,
        [
          actor,
          entry.action,
          entry.organizationId ?? null,
          entry.target ?? null,
          entry.detail ?? null,
          this.context.requestId ?? null,
          entry.organizationShortName ?? null,
        ],
      );
    await (manager ? write(manager) : this.transactions.run(write));
  }

  /** `role:userId` of the signed-in principal, else `system` (a command or job with no principal). */
  private actorFromContext(): string {
    const principal = this.context.principal;
    return principal ? `${principal.role}:${principal.userId}` : 'system';
  }
}
