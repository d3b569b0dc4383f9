import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { INestApplicationContext } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { TenantContext } from '@mtl/tenancy';

/**
 * Stands in for authentication in test and benchmark controllers: the organization comes from
 * the `x-org` header, as a token's would.
 */
@Injectable()
export class OrganizationFromHeaderGuard implements CanActivate {
  constructor(private readonly context: TenantContext) {}

  canActivate(ctx: ExecutionContext): boolean {
    const org = ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>().headers['x-org'];
    this.context.enterOrganization(Number(org));
    return true;
  }
}

/** The pg pool of an app's request connections (mtl_app), e.g. to count its 'acquire' events. */
export function requestPool(app: INestApplicationContext): Pool {
  return (app.get<DataSource>(getDataSourceToken()).driver as unknown as { master: Pool }).master;
}
