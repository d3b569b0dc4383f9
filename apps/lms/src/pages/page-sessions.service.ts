import { HttpException, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AccessToken, AccountsService, Principal, PrincipalResolver, siteAudience, TokenService } from '@mtl/accounts';
import { DomainError } from '@mtl/http';
import { TenantContext } from '@mtl/tenancy';
import { PAGE_COOKIE_OPTIONS } from './pages-http.setup';

/** The session cookie: the site's access token, host-only, HTTP-only, SameSite=Lax. */
export const SESSION_COOKIE = 'mtl_session';

/** Who is browsing, when someone is signed in. */
export interface PageVisitor {
  principal: Principal;
  name: string;
  email: string;
}

/**
 * Sessions of the LMS pages. The cookie holds the same token the API's login issues for this
 * site (audience `site:<id>`), checked the same way (signature, expiry, audience, then the
 * account's current membership), so a session is bound to its site twice over: the browser sends
 * the cookie to its own host only, and another site refuses its audience.
 */
@Injectable()
export class PageSessions {
  constructor(
    private readonly tokens: TokenService,
    private readonly principals: PrincipalResolver,
    private readonly accounts: AccountsService,
    private readonly context: TenantContext,
  ) {}

  /** The signed-in visitor (and the tenant context filled for them), or null; a stale cookie is cleared. */
  async resolve(request: FastifyRequest, reply: FastifyReply): Promise<PageVisitor | null> {
    const token = request.cookies[SESSION_COOKIE];
    if (!token) return null;
    const siteId = this.context.siteId;
    const claims = siteId == null ? null : await this.tokens.verifyToken(token, siteAudience(siteId));
    if (!claims) return this.forget(reply);
    try {
      const principal = await this.principals.resolve(claims);
      const me = await this.accounts.getMe();
      return { principal, name: me.name, email: me.email };
    } catch (error) {
      // A removed or deactivated account, or one this site may not show: no session here.
      if (error instanceof HttpException && error.getStatus() < 500) return this.forget(reply);
      if (error instanceof DomainError && Number(error.httpStatus) < 500) return this.forget(reply);
      throw error;
    }
  }

  start(reply: FastifyReply, token: AccessToken): void {
    void reply.setCookie(SESSION_COOKIE, token.access_token, { ...PAGE_COOKIE_OPTIONS, maxAge: token.expires_in });
  }

  end(reply: FastifyReply): void {
    void reply.clearCookie(SESSION_COOKIE, PAGE_COOKIE_OPTIONS);
  }

  private forget(reply: FastifyReply): null {
    this.end(reply);
    return null;
  }
}
