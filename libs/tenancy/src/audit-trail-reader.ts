import { Injectable } from '@nestjs/common';
import type { AuditAction } from './audit-trail';
import { CrossOrganizationAccess } from './cross-organization-access';

/** One audit row as operators read it, with the organization's short name when there is one. */
export interface AuditTrailRow {
  id: string;
  at: Date;
  actor: string;
  action: string;
  organizationId: number | null;
  organizationShortName: string | null;
  target: string | null;
  detail: string | null;
  requestId: string | null;
}

export interface AuditTrailFilter {
  /** The organization's short_name, compared case-insensitively (inactive organizations too). */
  organization?: string;
  action?: AuditAction;
}

/**
 * Reads the audit trail, newest first. Tenants can read none of it (row-level security), so
 * every read is itself a cross-organization access, and is audited as one.
 */
@Injectable()
export class AuditTrailReader {
  constructor(private readonly crossOrganization: CrossOrganizationAccess) {}

  listPage(
    filter: AuditTrailFilter,
    offset: number,
    limit: number,
    actor: string,
  ): Promise<{ count: number; rows: AuditTrailRow[] }> {
    const described = [
      filter.organization !== undefined ? `organization ${filter.organization}` : null,
      filter.action ?? null,
    ]
      .filter(Boolean)
      .join(', ');
    return this.crossOrganization.acrossOrganizations(
      { actor, reason: `audit: read the audit trail${described ? ` (${described})` : ''}` },
      async (manager) => {
        const where: string[] = [];
        const params: unknown[] = [];
        if (filter.organization !== undefined)
          where.push(`lower(o.short_name) = lower($${params.push(filter.organization)})`);
        if (filter.action !== undefined) where.push(`a.action = $${params.push(filter.action)}`);
        const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
        const from = 'audit_trail a LEFT JOIN organizations o ON o.id = a.organization_id';
        const [{ count }] = await manager.query<{ count: number }[]>(
          `SELECT count(*)::int AS count FROM ${from} ${clause}`,
          params,
        );
        const rows = await manager.query<Record<string, unknown>[]>(
          `SELECT a.id::text AS id, a.at, a.actor, a.action, a.organization_id, o.short_name, a.target, a.detail,
             a.request_id
           FROM ${from} ${clause} ORDER BY a.id DESC OFFSET $${params.length + 1} LIMIT $${params.length + 2}`,
          [...params, offset, limit],
        );
        return {
          count,
          rows: rows.map((r) => ({
            id: r.id as string,
            at: r.at as Date,
            actor: r.actor as string,
            action: r.action as string,
            organizationId: (r.organization_id as number | null) ?? null,
            organizationShortName: (r.short_name as string | null) ?? null,
            target: (r.target as string | null) ?? null,
            detail: (r.detail as string | null) ?? null,
            requestId: (r.request_id as string | null) ?? null,
          })),
        };
      },
    );
  }
}
