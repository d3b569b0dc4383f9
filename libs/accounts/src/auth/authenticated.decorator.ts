import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiBearerAuth } from '@nestjs/swagger';
import { ApiErrors } from '@mtl/http';
import { InRequestTransaction } from '@mtl/tenancy';
import { ACCESS_RULE, AccessRule, AuthenticatedGuard } from './authenticated.guard';

/**
 * The one access decorator: bearer-token authentication, the tenant scope of the caller, an
 * optional role rule, and the OpenAPI description of all that (bearer auth, 401, 403).
 *
 * - `@Authenticated()`: any signed-in member or operator;
 * - `@Authenticated({ roles: ['admin'] })`: members of the caller's organization with a role
 *   (`roles: ['author', 'admin', 'operator']` admits operators too);
 * - `@Authenticated({ operator: true })`: operators only.
 */
export function Authenticated(rule: AccessRule = {}): MethodDecorator & ClassDecorator {
  // The guard fills the tenant context; the interceptor then gives the request one transaction.
  return applyDecorators(
    SetMetadata(ACCESS_RULE, rule),
    UseGuards(AuthenticatedGuard),
    InRequestTransaction(),
    ApiBearerAuth(),
    ApiErrors(401, 403),
  );
}
