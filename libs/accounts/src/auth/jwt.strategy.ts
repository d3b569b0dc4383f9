import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { authConfig, AuthSettings } from '@mtl/config';
import { ApiError } from '@mtl/http';
import { TenantContext } from '@mtl/tenancy';
import { AUTH_OPTIONS, AuthOptions } from './auth.options';
import { Principal, TOKEN_ISSUER, TokenClaims } from './principal';
import { PrincipalResolver } from './principal-resolver';

export const JWT_STRATEGY = 'jwt';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROLES = ['learner', 'author', 'admin', 'operator'];

/**
 * Bearer tokens on every authenticated request: signature (HS256 only), issuer and expiry are
 * checked by passport-jwt; the audience against this app's (Studio: `studio`; an LMS site:
 * `site:<id>`); then the principal is resolved against the database.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, JWT_STRATEGY) {
  constructor(
    @Inject(authConfig.KEY) auth: AuthSettings,
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
    private readonly context: TenantContext,
    private readonly principals: PrincipalResolver,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: auth.JWT_SECRET,
      algorithms: ['HS256'],
      issuer: TOKEN_ISSUER,
      ignoreExpiration: false,
    });
  }

  async validate(payload: unknown): Promise<Principal> {
    const claims = payload as Partial<TokenClaims> | null;
    const wellFormed =
      claims !== null &&
      typeof claims === 'object' &&
      typeof claims.sub === 'string' &&
      UUID.test(claims.sub) &&
      (claims.org === null || (typeof claims.org === 'number' && Number.isInteger(claims.org) && claims.org > 0)) &&
      typeof claims.role === 'string' &&
      ROLES.includes(claims.role);
    if (!wellFormed) throw new ApiError(HttpStatus.UNAUTHORIZED, 'The access token is invalid');
    const expected = typeof this.options.audience === 'function' ? this.options.audience(this.context) : this.options.audience;
    if (expected === null || claims.aud !== expected) {
      throw new ApiError(HttpStatus.UNAUTHORIZED, 'The access token was not issued for this application');
    }
    return this.principals.resolve(claims as TokenClaims);
  }
}
