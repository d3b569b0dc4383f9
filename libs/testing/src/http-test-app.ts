import { Type } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test, TestingModuleBuilder } from '@nestjs/testing';
import { loadConfig } from '@mtl/config';
import { configurePlatformHttpApp } from '@mtl/app-core';
import { createFastifyAdapter } from '@mtl/http';

export interface HttpTestAppOptions {
  title?: string;
  /** Swap providers before compiling (e.g. a controller that throws, to test the 500 path). */
  override?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
  extraControllers?: Type<unknown>[];
  /** Environment variables set while the app is built and configured, and restored afterwards. */
  env?: Record<string, string>;
}

/**
 * Builds an app exactly as main.ts does (same adapter, pipes, filters, hooks), on this test
 * file's own database and Redis prefix, ready for supertest on `app.getHttpServer()`.
 */
export async function createHttpTestApp(
  module: Type<unknown>,
  options: HttpTestAppOptions = {},
): Promise<NestFastifyApplication> {
  const saved = Object.entries(options.env ?? {}).map(([name, value]) => {
    const before = process.env[name];
    process.env[name] = value;
    return () => (before === undefined ? delete process.env[name] : (process.env[name] = before));
  });
  try {
    return await buildHttpTestApp(module, options);
  } finally {
    for (const restore of saved) restore();
  }
}

async function buildHttpTestApp(module: Type<unknown>, options: HttpTestAppOptions): Promise<NestFastifyApplication> {
  const config = loadConfig(process.env);
  let builder = Test.createTestingModule({ imports: [module], controllers: options.extraControllers ?? [] });
  if (options.override) builder = options.override(builder);
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(
    createFastifyAdapter({ trustProxy: config.http.TRUST_PROXY }),
    { bufferLogs: true },
  );
  configurePlatformHttpApp(app, {
    title: options.title ?? 'test',
    description: 'test',
    trustProxy: config.http.TRUST_PROXY,
  });
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}
