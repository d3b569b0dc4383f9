import type { INestApplicationContext, ModuleMetadata } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { AppConfigModule } from '@mtl/config';
import { DatabaseModule } from '@mtl/database';
import { TenantContext, TenantTransactions } from '@mtl/tenancy';

/**
 * A module of the parts under test on the platform's configuration and database (this test
 * file's own), compiled and initialised: the integration suites' start without HTTP.
 */
export async function createPlatformTestModule(metadata: ModuleMetadata): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({
    ...metadata,
    imports: [AppConfigModule.forRoot(), DatabaseModule.forApp('test'), ...(metadata.imports ?? [])],
  }).compile();
  await moduleRef.init();
  return moduleRef;
}

/** Runs `work` in a fresh tenant context entered for one organization, as a request of its member would. */
export function inOrganization<T>(context: TenantContext, organizationId: number, work: () => Promise<T>): Promise<T> {
  return context.runInNewContext(() => {
    context.enterOrganization(organizationId);
    return work();
  });
}

/** SQL in a tenant transaction of one organization, as the runtime role: row-level security applies. */
export function queryAsTenant<T = Record<string, unknown>>(
  app: INestApplicationContext,
  organizationId: number,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  return inOrganization(app.get(TenantContext), organizationId, () =>
    app.get(TenantTransactions).run((manager) => manager.query<T[]>(sql, params)),
  );
}
