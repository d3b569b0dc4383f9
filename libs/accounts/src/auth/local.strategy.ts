import { HttpStatus, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-local';
import { ApiError } from '@mtl/http';
import { CredentialsService } from './credentials.service';
import type { Principal } from './principal';

export const LOCAL_STRATEGY = 'local';

/** The one answer to every failed login, whatever the reason. */
export const LOGIN_FAILED_MESSAGE = 'Wrong email, password or organization';

/** Login with `{email, password, organization?}` in the body (passport-local). */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, LOCAL_STRATEGY) {
  constructor(private readonly credentials: CredentialsService) {
    super({ usernameField: 'email', passwordField: 'password', passReqToCallback: true, session: false });
  }

  async validate(request: FastifyRequest, email: string, password: string): Promise<Principal> {
    const body = request.body as { organization?: unknown } | undefined;
    const organization = typeof body?.organization === 'string' ? body.organization : undefined;
    const principal = await this.credentials.validateCredentials({ email, password, organization });
    if (!principal) throw new ApiError(HttpStatus.UNAUTHORIZED, LOGIN_FAILED_MESSAGE);
    return principal;
  }
}
