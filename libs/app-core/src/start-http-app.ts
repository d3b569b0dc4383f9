import { Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppConfig } from '@mtl/config';
import { configureHttpApp, createFastifyAdapter } from '@mtl/http';
import { loadConfigOrExit } from './load-config-or-exit';

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
  configureHttpApp(instance, { title: app.title, description: app.description, trustProxy: config.http.TRUST_PROXY });
  await instance.listen(app.port(config), config.http.HTTP_HOST);
  return instance;
}
