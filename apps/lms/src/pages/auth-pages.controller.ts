import { Controller, Get, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { LOGIN_FAILED_MESSAGE, LoginThrottlerGuard, PASSWORD_RULE } from '@mtl/accounts';
import { Public } from '@mtl/http';
import { LmsLoginDto, RegisterDto } from '../auth/lms-auth.dto';
import { SiteAccounts } from '../auth/site-accounts.service';
import { FormProblems, formProblemsOf, localPath, validateForm } from './page-forms';
import { PageCsrfGuard, PageRequest, PageSessionGuard } from './page-guards';
import { PageRenderer } from './page-renderer.service';
import { PageSessions } from './page-sessions.service';

const AFTER_SIGN_IN = '/dashboard';

/**
 * Sign-in, registration and sign-out pages. They post to the same site rules as the JSON API
 * (SiteAccounts) with the API's DTOs, and show the API's reasons beside the fields.
 */
@ApiExcludeController()
@Controller()
// Public to the router: pages read an optional site session (PageSessionGuard); a page that
// needs one sends the visitor to /login.
@Public()
@UseGuards(PageSessionGuard)
export class AuthPagesController {
  constructor(
    private readonly siteAccounts: SiteAccounts,
    private readonly sessions: PageSessions,
    private readonly renderer: PageRenderer,
  ) {}

  @Get('login')
  async loginForm(
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
    @Query('next') next?: string,
  ): Promise<void> {
    if (request.visitor) return void reply.redirect(localPath(next, AFTER_SIGN_IN), 303);
    await this.showLogin(request, reply, { next: localPath(next, '') });
  }

  @Post('login')
  @UseGuards(PageCsrfGuard, LoginThrottlerGuard)
  async login(@Req() request: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const next = localPath(body.next, '');
    const { next: _next, ...fields } = body;
    const values = { email: typeof fields.email === 'string' ? fields.email : '', next };
    const form = await validateForm(LmsLoginDto, fields);
    if (form.problems) return this.showLogin(request, reply, values, form.problems);
    const principal = await this.siteAccounts.authenticate(form.value.email, form.value.password);
    if (!principal)
      return this.showLogin(request, reply, values, { status: 401, fields: {}, form: LOGIN_FAILED_MESSAGE });
    let token;
    try {
      token = await this.siteAccounts.issueSiteToken(principal);
    } catch (error) {
      const problems = formProblemsOf(error);
      if (!problems) throw error;
      return this.showLogin(request, reply, values, problems);
    }
    this.sessions.start(reply, token);
    void reply.redirect(next || AFTER_SIGN_IN, 303);
  }

  @Get('register')
  async registerForm(@Req() request: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    if (request.visitor) return void reply.redirect(AFTER_SIGN_IN, 303);
    await this.showRegister(request, reply, {});
  }

  @Post('register')
  @UseGuards(PageCsrfGuard)
  async register(@Req() request: PageRequest, @Res() reply: FastifyReply): Promise<void> {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = {
      email: typeof body.email === 'string' ? body.email : '',
      name: typeof body.name === 'string' ? body.name : '',
    };
    const form = await validateForm(RegisterDto, body);
    if (form.problems) return this.showRegister(request, reply, values, form.problems);
    let token;
    try {
      const { member, organization } = await this.siteAccounts.register(form.value);
      token = await this.siteAccounts.issueSiteToken({
        userId: member.id,
        organizationId: organization.id,
        role: member.role,
      });
    } catch (error) {
      const problems = formProblemsOf(error);
      if (!problems) throw error;
      return this.showRegister(request, reply, values, problems);
    }
    this.sessions.start(reply, token);
    void reply.redirect(AFTER_SIGN_IN, 303);
  }

  @Post('logout')
  @UseGuards(PageCsrfGuard)
  logout(@Res() reply: FastifyReply): void {
    this.sessions.end(reply);
    void reply.redirect('/', 303);
  }

  private showLogin(
    request: PageRequest,
    reply: FastifyReply,
    values: { email?: string; next: string },
    problems?: FormProblems,
  ): Promise<void> {
    return this.renderer.render(request, reply, 'login', {
      crumbs: ['Sign in'],
      status: problems?.status ?? 200,
      visitor: request.visitor,
      data: { values, problems: problems ?? null },
    });
  }

  private showRegister(
    request: PageRequest,
    reply: FastifyReply,
    values: { email?: string; name?: string },
    problems?: FormProblems,
  ): Promise<void> {
    return this.renderer.render(request, reply, 'register', {
      crumbs: ['Register'],
      status: problems?.status ?? 200,
      visitor: request.visitor,
      data: { values, problems: problems ?? null, passwordHint: `It ${PASSWORD_RULE}.` },
    });
  }
}
