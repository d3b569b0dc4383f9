import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ClsServiceManager } from 'nestjs-cls';
import { TenantContextMissingError } from './tenancy.error';
import type { TenancyStore } from './tenant-context';

/**
 * The organization the request writes in, as set by the authentication guard. Throws when
 * nothing set it (a route that forgot its guard), never returns undefined.
 */
export const CurrentOrganization = createParamDecorator((_data: unknown, _ctx: ExecutionContext): number => {
  const cls = ClsServiceManager.getClsService<TenancyStore>();
  const writable = cls.isActive() ? cls.get('scope')?.writable : undefined;
  if (writable == null) throw new TenantContextMissingError('the current organization');
  return writable;
});
