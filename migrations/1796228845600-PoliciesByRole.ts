import { MigrationInterface, QueryRunner } from 'typeorm';
import {
  dropTenantPolicies,
  firstTenantPolicies,
  tablesWithTenantPolicies,
  tenantPolicies,
} from './support/tenant-row-security';

/**
 * The tenant policies by role (support/tenant-row-security.ts): `mtl_app` is held to the signed
 * scope, `mtl_cross_org` has a policy of its own that shows every row, any other role sees
 * nothing. The same rules as before for the platform's two logins, with one InitPlan per
 * statement of a request instead of two (`mtl_cross_org()` is no longer asked on every
 * statement: docs/performance.md measured about 40 µs per read).
 */
export class PoliciesByRole1796228845600 implements MigrationInterface {
  name = 'PoliciesByRole1796228845600';

  async up(q: QueryRunner): Promise<void> {
    for (const table of await tablesWithTenantPolicies(q)) {
      await dropTenantPolicies(q, table);
      for (const statement of tenantPolicies(table)) await q.query(statement);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of await tablesWithTenantPolicies(q)) {
      await dropTenantPolicies(q, table);
      for (const statement of firstTenantPolicies(table)) await q.query(statement);
    }
  }
}
