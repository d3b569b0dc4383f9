import type { TenantContext } from '@mtl/tenancy';

/** Who a cross-organization access is audited as: the caller's word, else the principal, else `system`. */
export function actorOf(context: TenantContext, explicit?: string): string {
  if (explicit?.trim()) return explicit;
  const principal = context.principal;
  return principal ? `${principal.role}:${principal.userId}` : 'system';
}
