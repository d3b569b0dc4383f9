import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '@mtl/http';
import { PageSessions, PageVisitor } from './page-sessions.service';

/** A page request after PageSessionGuard: `visitor` is the signed-in account or null. */
export type PageRequest = FastifyRequest & { visitor?: PageVisitor | null };

/**
 * Every page resolves its visitor from the session cookie before the handler (as
 * AuthenticatedGuard does for the API), so the tenant context is the visitor's when services run.
 * Pages that need someone signed in redirect to the sign-in page themselves.
 */
@Injectable()
export class PageSessionGuard implements CanActivate {
  constructor(private readonly sessions: PageSessions) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<PageRequest>();
    request.visitor = await this.sessions.resolve(request, http.getResponse<FastifyReply>());
    return true;
  }
}

/** Forms carry the token of @fastify/csrf-protection: a form posted from elsewhere is a 403. */
@Injectable()
export class PageCsrfGuard implements CanActivate {
  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    await new Promise<void>((resolve, reject) => {
      // The plugin answers a failure itself (reply.send(error)); here it becomes this guard's refusal.
      const refusing = Object.create(reply, { send: { value: () => reject(csrfRefused()) } }) as FastifyReply;
      request.server.csrfProtection(request, refusing, () => resolve());
    });
    return true;
  }
}

function csrfRefused(): ApiError {
  return new ApiError(
    HttpStatus.FORBIDDEN,
    'This form has expired or was not sent from this site. Go back, reload the page and try again.',
    [{ field: '_csrf', reason: 'is missing or invalid' }],
  );
}
