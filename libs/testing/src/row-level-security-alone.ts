import type { TestingModuleBuilder } from '@nestjs/testing';
import { TenantQueryFilter, TenantScope } from '@mtl/tenancy';

/**
 * The application's tenant filter switched off, for a test: TenantScopedRepository's queries
 * name every organization in `organizationIds` (so their `organization_id = ANY (…)` admits every
 * row) and updates and deletes no longer add the writable organization. What a request may still
 * see or change is then decided by row-level security alone. The tenant transaction still sets
 * the request's true scope in PostgreSQL; CrossOrganizationAccess keeps its filter (RLS shows it
 * everything by design). Reached only by overriding the provider in a testing module (ADR 0011).
 */
export class RowLevelSecurityAlone extends TenantQueryFilter {
  /** Every organization the test's database holds; refresh it when the test creates some. */
  organizationIds: readonly number[] = [];

  override scopeForQueries(scope: TenantScope): TenantScope {
    return { ...scope, readable: [...new Set([...scope.readable, ...this.organizationIds])] };
  }

  override filtersWrites(): boolean {
    return false;
  }
}

/** A createHttpTestApp `override` that puts `filter` in place of the application's tenant filter. */
export function withRowLevelSecurityAlone(filter: RowLevelSecurityAlone) {
  return (builder: TestingModuleBuilder): TestingModuleBuilder =>
    builder.overrideProvider(TenantQueryFilter).useValue(filter);
}
