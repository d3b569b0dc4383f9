import { ExecutionContext, HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyReply } from 'fastify';
import { ApiError } from '@mtl/http';
import { TenantContext } from '@mtl/tenancy';
import type { OrganizationRole } from '../organization-membership.entity';
import { JWT_STRATEGY } from './jwt.strategy';
import { AUTH_OPTIONS, AuthOptions } from './auth.options';
import { SITE_AUDIENCE_PREFIX, STUDIO_AUDIENCE, type Principal, type TokenClaims } from './principal';
import { PrincipalResolver } from './principal-resolver';

/** Who may call an endpoint (see `@Authenticated`). */
export interface AccessRule {
  /** Principals with one of these roles: organization roles, and `operator` to admit operators too. */
  roles?: (OrganizationRole | 'operator')[];
  /** Operators only. */
  operator?: boolean;
}

export const ACCESS_RULE = 'mtl:access-rule';

/**
 * Authenticates the bearer token (401 when missing, malformed, tampered, expired or for another
 * audience), fills the tenant context (PrincipalResolver), then applies the endpoint's access
 * rule (403).
 */
@Injectable()
export class AuthenticatedGuard extends AuthGuard(JWT_STRATEGY) {
  constructor(
    private readonly reflector: Reflector,
    @Inject(AUTH_OPTIONS) private readonly options: AuthOptions,
    private readonly tenant: TenantContext,
    private readonly principals: PrincipalResolver,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    await super.canActivate(context);
    const request = context.switchToHttp().getRequest<{ user?: TokenClaims | Principal }>();
    const claims = request.user as TokenClaims | undefined;
    if (!claims) throw unauthorized(context, 'An access token is required');
    // This app's audience (Studio: `studio`; an LMS site: `site:<id>`): a token is good in one place.
    const expected =
      typeof this.options.audience === 'function' ? this.options.audience(this.tenant) : this.options.audience;
    if (expected === null || claims.aud !== expected) throw unauthorized(context, wrongAudience(claims.aud, expected));
    const principal = await this.principals.resolve(claims).catch((error: unknown) => {
      if (error instanceof HttpException && error.getStatus() === 401) setChallenge(context);
      throw error;
    });
    request.user = principal;
    const rule =
      this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [
        context.getHandler(),
        context.getClass(),
      ]) ?? {};
    if (rule.operator && principal.role !== 'operator') {
      throw new ApiError(HttpStatus.FORBIDDEN, 'Only operators may do this');
    }
    if (rule.roles && !rule.roles.includes(principal.role)) {
      throw new ApiError(
        HttpStatus.FORBIDDEN,
        `Only ${rule.roles.map((role) => (role === 'operator' ? 'operators' : `${role}s`)).join(' or ')} may do this`,
      );
    }
    return true;
  }

  override handleRequest<TUser = Principal>(
    error: unknown,
    user: unknown,
    info: unknown,
    context: ExecutionContext,
  ): TUser {
    if (error instanceof HttpException) {
      if (error.getStatus() === 401) setChallenge(context);
      throw error;
    }
    if (error) throw error instanceof Error ? error : new Error('Authentication failed');
    if (!user) throw unauthorized(context, reasonOf(info));
    return user as TUser;
  }
}

/** Says where a token of another audience belongs, so that a learner knows to sign in again here. */
export function wrongAudience(issuedFor: unknown, expected: string | null): string {
  const isSite = (audience: unknown) => typeof audience === 'string' && audience.startsWith(SITE_AUDIENCE_PREFIX);
  if (isSite(issuedFor) && (expected === null || isSite(expected)))
    return 'The access token was issued for another site: sign in on this site';
  if (isSite(issuedFor)) return 'The access token was issued for an LMS site, not for Studio';
  if (issuedFor === STUDIO_AUDIENCE) return 'The access token was issued for Studio, not for this site';
  return 'The access token was not issued for this application';
}

function reasonOf(info: unknown): string {
  const name = info instanceof Error ? info.name : undefined;
  const message = info instanceof Error ? info.message : undefined;
  if (name === 'TokenExpiredError') return 'The access token has expired';
  if (message === 'No auth token') return 'An access token is required (Authorization: Bearer <token>)';
  return 'The access token is invalid';
}

function unauthorized(context: ExecutionContext, message: string): ApiError {
  setChallenge(context);
  return new ApiError(HttpStatus.UNAUTHORIZED, message);
}

function setChallenge(context: ExecutionContext): void {
  void context.switchToHttp().getResponse<FastifyReply>().header('WWW-Authenticate', 'Bearer');
}
