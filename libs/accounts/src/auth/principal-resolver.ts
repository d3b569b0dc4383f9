import { HttpStatus, Injectable } from '@nestjs/common';
import { ApiError } from '@mtl/http';
import { TenantContext } from '@mtl/tenancy';
import { MembershipsRepository } from '../memberships.repository';
import { OperatorsService } from '../operators.service';
import type { Principal, TokenClaims } from './principal';

/**
 * Turns the claims of a verified token into the request's principal and tenant scope. A member
 * enters their organization (readable = writable = it) and is re-checked in the database under
 * that scope on every request: a removed member's token is refused (401), a deactivated member's
 * or one of a deactivated organization is forbidden (403), and the role is the current one, not
 * the one in the token. An operator gets no tenant scope.
 */
@Injectable()
export class PrincipalResolver {
  constructor(
    private readonly context: TenantContext,
    private readonly memberships: MembershipsRepository,
    private readonly operators: OperatorsService,
  ) {}

  async resolve(claims: TokenClaims): Promise<Principal> {
    if (claims.org === null) {
      if (claims.role !== 'operator') throw invalidToken();
      const operator = await this.operators.findById(claims.sub);
      if (!operator) throw invalidToken();
      if (!operator.active) throw new ApiError(HttpStatus.FORBIDDEN, 'This operator account is inactive');
      const principal: Principal = { userId: operator.id, organizationId: null, role: 'operator' };
      this.context.setPrincipal(principal);
      return principal;
    }
    // Writes go to the member's organization. Reads keep whatever the request already allows (an
    // LMS site may show several organizations); a token whose organization the request may not
    // read at all belongs elsewhere.
    const scope = this.context.scope;
    if (scope && !scope.readable.includes(claims.org)) throw invalidToken();
    this.context.grantWrite(claims.org);
    const access = await this.memberships.findAccess(claims.sub);
    if (!access) throw invalidToken();
    if (!access.active || !access.organizationActive) {
      throw new ApiError(HttpStatus.FORBIDDEN, 'This account is inactive in its organization');
    }
    const principal: Principal = { userId: claims.sub, organizationId: claims.org, role: access.role };
    this.context.setPrincipal(principal);
    return principal;
  }
}

function invalidToken(): ApiError {
  return new ApiError(HttpStatus.UNAUTHORIZED, 'The access token does not name a current account');
}
