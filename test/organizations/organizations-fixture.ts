import { Test, TestingModule } from '@nestjs/testing';
import { AppConfigModule } from '@mtl/config';
import { DatabaseModule } from '@mtl/database';
import { OrganizationsModule } from '@mtl/organizations';
import { TenancyModule, TenantContext } from '@mtl/tenancy';

export { asDatabaseOwner as asOwner } from '@mtl/testing';

/**
 * The organizations module as an app wires it: validated configuration, the database, the
 * tenancy layer. `env` is applied while the configuration loads (ORGANIZATIONS_AUTOCREATE), and
 * the previous environment restored afterwards.
 */
export async function organizationsModule(env: Record<string, string | undefined> = {}): Promise<TestingModule> {
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(env);
  try {
    const moduleRef = await Test.createTestingModule({
      imports: [AppConfigModule.forRoot(), DatabaseModule.forApp('test'), TenancyModule, OrganizationsModule],
    }).compile();
    await moduleRef.init();
    return moduleRef;
  } finally {
    apply(saved);
  }
}

/**
 * The two ways these tests call the service: as an operator (a fresh context with no
 * organization entered) and as a request or job limited to one organization.
 */
export function contextCalls(context: TenantContext) {
  return {
    operator: <T>(fn: () => Promise<T>) => context.runInNewContext(fn),
    within: <T>(organizationId: number, fn: () => Promise<T>) =>
      context.runInNewContext(() => {
        context.enterOrganization(organizationId);
        return fn();
      }),
  };
}
