import { TestingModule } from '@nestjs/testing';
import {
  OrganizationsErrorCode,
  OrganizationsException,
  OrganizationsModule,
  OrganizationsService,
} from '@mtl/organizations';
import { TenancyModule, TenantContext } from '@mtl/tenancy';
import { createPlatformTestModule } from '@mtl/testing';

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
    const moduleRef = await createPlatformTestModule({ imports: [TenancyModule, OrganizationsModule] });
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

/**
 * One organizations module for a describe block: built before its tests, closed after them.
 * `orgs`, `context` and `get` are read inside tests (the module exists by then); `operator` and `within` are
 * contextCalls of its TenantContext.
 */
export function useOrganizationsModule() {
  let moduleRef: TestingModule | undefined;
  const built = (): TestingModule => {
    if (!moduleRef) throw new Error('the organizations module is built in beforeAll: read it inside a test');
    return moduleRef;
  };
  const calls = () => contextCalls(built().get(TenantContext));
  beforeAll(async () => {
    moduleRef = await organizationsModule();
  });
  afterAll(async () => {
    await moduleRef?.close();
  });
  return {
    get orgs(): OrganizationsService {
      return built().get(OrganizationsService);
    },
    get context(): TenantContext {
      return built().get(TenantContext);
    },
    get: <T>(token: abstract new (...args: never[]) => T): T => built().get(token),
    operator: <T>(fn: () => Promise<T>) => calls().operator(fn),
    within: <T>(organizationId: number, fn: () => Promise<T>) => calls().within(organizationId, fn),
  };
}

/** Resolves to the domain error's code, or fails the test when the call does not throw one. */
export async function codeOf(promise: Promise<unknown>): Promise<OrganizationsErrorCode> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OrganizationsException) return error.code;
    throw error;
  }
  throw new Error('expected an OrganizationsException, but the call succeeded');
}
