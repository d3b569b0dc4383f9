import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { authConfig, AuthSettings } from '@mtl/config';
import { ApiError } from '@mtl/http';
import { TOKEN_ISSUER, TokenClaims } from './principal';

export const JWT_STRATEGY = 'jwt';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROLES = ['learner', 'author', 'admin', 'operator'];

/**
 * Bearer tokens on every authenticated request: signature (HS256 only), issuer and expiry are
 * checked by passport-jwt, and the claims' shape here. Nothing app-specific happens in the
 * strategy: passport keeps one strategy per name for the whole process, so the audience and the
 * principal are the guard's work, with its own app's settings (AuthenticatedGuard).
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, JWT_STRATEGY) {
  constructor(@Inject(authConfig.KEY) auth: AuthSettings) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: auth.JWT_SECRET,
      algorithms: ['HS256'],
      issuer: TOKEN_ISSUER,
      ignoreExpiration: false,
    });
  }

  validate(payload: unknown): TokenClaims {
    return checkTokenClaims(payload);
  }
}

/** The claims of a verified token, or a 401 when their shape is not one this platform issues. */
export function checkTokenClaims(payload: unknown): TokenClaims {
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
  return claims as TokenClaims;
}
