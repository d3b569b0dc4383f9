import { Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig } from '@mtl/config';
import { configureHttpApp, createFastifyAdapter, HttpAppOptions } from '@mtl/http';
import { loadConfigOrExit } from './load-config-or-exit';
import { dropInertClsEnhancers } from './inert-enhancers';
import { registerRootHooks } from './root-hooks';

export interface HttpAppDescription {
  title: string;
  description: string;
  port: (config: AppConfig) => number;
}

/** Validates configuration, then creates, configures and starts one HTTP app on Fastify. */
export async function startHttpApp(module: Type<unknown>, app: HttpAppDescription): Promise<NestFastifyApplication> {
  const config = loadConfigOrExit();
  const instance = await NestFactory.create<NestFastifyApplication>(
    module,
    createFastifyAdapter({ trustProxy: config.http.TRUST_PROXY }),
    { bufferLogs: true },
  );
  configurePlatformHttpApp(instance, {
    title: app.title,
    description: app.description,
    trustProxy: config.http.TRUST_PROXY,
  });
  await instance.listen(app.port(config), config.http.HTTP_HOST);
  return instance;
}

/**
 * The root hooks in their order, then the shared HTTP conventions, without nestjs-cls's inert
 * global guard and interceptor; the test apps use it too.
 */
export function configurePlatformHttpApp(app: NestFastifyApplication, options: HttpAppOptions): void {
  dropInertClsEnhancers(app);
  registerRootHooks(app);
  configureHttpApp(app, options);
}
