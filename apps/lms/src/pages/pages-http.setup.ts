import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrfProtection from '@fastify/csrf-protection';
import fastifyStatic from '@fastify/static';
import fastifyView from '@fastify/view';
import { Eta } from 'eta';
import type { FastifyInstance } from 'fastify';
import { createHmac } from 'node:crypto';
import path from 'node:path';
import { authConfig, AuthSettings } from '@mtl/config';

/** Templates and static files ship beside the compiled code (nest-cli.json copies them). */
export const VIEWS_DIR = path.join(__dirname, 'views');
export const PUBLIC_DIR = path.join(__dirname, 'public');

/** Cookie attributes of every cookie the pages set: host-only (no Domain), so one site's never reaches another. */
export const PAGE_COOKIE_OPTIONS = { path: '/', httpOnly: true, sameSite: 'lax', secure: 'auto' } as const;

/**
 * What the server-rendered pages need from Fastify, registered when the LMS module starts (so
 * tests get it as main.ts does): cookies (signed with a key derived from JWT_SECRET), CSRF
 * tokens (@fastify/csrf-protection: a secret in a signed cookie, a token in every form), the
 * template engine (Eta through @fastify/view, escaping on by default) and `/static/`.
 */
@Injectable()
export class PagesHttpSetup implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(authConfig.KEY) private readonly auth: AuthSettings,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return;
    // A key of its own, so that a cookie signature can never be replayed as a token signature.
    // Queued, not awaited: the plugins load when the app becomes ready, after Nest has set its
    // error handler (awaiting here would boot Fastify early, and body-parser errors would skip it).
    const cookieSecret = createHmac('sha256', this.auth.JWT_SECRET).update('mtl:lms-page-cookies').digest('base64url');
    void fastify.register(fastifyCookie, { secret: cookieSecret });
    void fastify.register(fastifyCsrfProtection, {
      sessionPlugin: '@fastify/cookie',
      cookieKey: 'mtl_csrf',
      cookieOpts: { ...PAGE_COOKIE_OPTIONS, signed: true },
      // Forms only: the JSON API takes bearer tokens, which a browser never sends by itself.
      getToken: (request) => (request.body as { _csrf?: string } | undefined)?._csrf,
    });
    void fastify.register(fastifyView, {
      engine: { eta: new Eta({ views: VIEWS_DIR, autoEscape: true, cache: true }) },
      templates: VIEWS_DIR,
      production: true,
    });
    void fastify.register(fastifyStatic, { root: PUBLIC_DIR, prefix: '/static/', decorateReply: false, maxAge: '1h' });
  }
}
