import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { authConfig, AuthSettings } from '@mtl/config';
import { checkTokenClaims } from './jwt.strategy';
import type { Principal, TokenClaims } from './principal';

/** The body of a successful login. */
export interface AccessToken {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

/** Issues access tokens (HS256, JWT_SECRET, JWT_EXPIRES_IN) for one audience (an app or a site). */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(authConfig.KEY) private readonly auth: AuthSettings,
  ) {}

  async issueToken(principal: Principal, audience: string): Promise<AccessToken> {
    const claims: Pick<TokenClaims, 'sub' | 'org' | 'role'> = {
      sub: principal.userId,
      org: principal.organizationId,
      role: principal.role,
    };
    // iss, aud, iat and exp are set by the signer from the module's sign options and these.
    const token = await this.jwt.signAsync(claims, { audience, expiresIn: this.auth.JWT_EXPIRES_IN });
    return { access_token: token, token_type: 'Bearer', expires_in: this.auth.JWT_EXPIRES_IN };
  }

  /**
   * The claims of a token carried other than as a bearer header (the LMS pages' session cookie):
   * the same signature, issuer, expiry and shape checks as passport-jwt's, and this audience only.
   * Null for anything that is not a current token for this audience.
   */
  async verifyToken(token: string, audience: string): Promise<TokenClaims | null> {
    try {
      return checkTokenClaims(await this.jwt.verifyAsync<object>(token, { audience }));
    } catch {
      return null;
    }
  }
}
