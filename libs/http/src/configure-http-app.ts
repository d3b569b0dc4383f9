import { INestApplication, Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { IncomingMessage } from 'node:http';
import type { onRequestHookHandler } from 'fastify';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { ApiValidationPipe } from './errors/api-validation.pipe';
import { ApiExceptionFilter } from './errors/api-exception.filter';
import { ErrorBody } from './errors/error-body';
import { clientErrorHandler, frameworkErrorHandler } from './errors/framework-errors';
import { HTML_ERROR_PAGES, HtmlErrorPages } from './errors/html-error-pages';
import { REQUEST_ID_HEADER, requestIdOf } from './request-id/request-id';

export interface HttpAppOptions {
  /** Shown in the OpenAPI document. */
  title: string;
  description: string;
  trustProxy: boolean;
}

/** The Fastify adapter both apps run on; request ids come from `X-Request-Id` when sane. */
export function createFastifyAdapter(options: Pick<HttpAppOptions, 'trustProxy'>): FastifyAdapter {
  return new FastifyAdapter({
    genReqId: (req: IncomingMessage) => requestIdOf(req),
    trustProxy: options.trustProxy,
    bodyLimit: 1024 * 1024,
    // Trailing-slash tolerant routing keeps clients of the Open edX APIs working; path parameters
    // (short names up to 255, course keys) may be longer than Fastify's default of 100.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1024 },
    // What the router and Node's parser refuse before Nest sees the request: the error shape too.
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
  });
}

/**
 * Everything both apps share over HTTP: logger, validation, the error shape and the OpenAPI
 * document at /docs. Tests call it too, so they test what runs. Request hooks are not here:
 * `registerRootHooks` (@mtl/app-core) adds every one of them, in order.
 */
export function configureHttpApp(app: NestFastifyApplication, options: HttpAppOptions): void {
  app.useLogger(app.get(Logger));
  app.useGlobalPipes(new ApiValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter(optionalProvider<HtmlErrorPages>(app, HTML_ERROR_PAGES)));
  app.enableShutdownHooks();
  setUpOpenApi(app, options);
}

/** A root hook: every answer carries its request id (registered by `registerRootHooks`). */
export const echoRequestIdHook: onRequestHookHandler = (request, reply, done) => {
  void reply.header(REQUEST_ID_HEADER, request.id);
  done();
};

/**
 * A provider some apps have and others not (the LMS's error pages and site hook), or undefined.
 * Asked through ModuleRef: the application's own `get` runs in Nest's exceptions zone, which
 * ends the process on a missing provider (abortOnError) before any catch could see it.
 */
export function optionalProvider<T>(app: INestApplication, token: string | symbol | Type<T>): T | undefined {
  try {
    return app.get(ModuleRef).get<T>(token, { strict: false });
  } catch {
    return undefined;
  }
}

function setUpOpenApi(app: INestApplication, options: HttpAppOptions): void {
  const config = new DocumentBuilder()
    .setTitle(options.title)
    .setDescription(options.description)
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config, { extraModels: [ErrorBody] });
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/openapi.json' });
}
