import { Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { configurePlatformHttpApp } from '@mtl/app-core';
import { createFastifyAdapter } from '@mtl/http';
import { LmsModule } from '../../apps/lms/src/lms.module';
import { StudioModule } from '../../apps/studio/src/studio.module';

/*
 * The apps as `npm start` builds them: NestFactory.create with its default abortOnError, which ends
 * the process on a provider that is looked up and missing (the test modules never do). Studio has
 * no site hook and no error pages; the LMS has both.
 */
describe.each<[string, Type<unknown>]>([
  ['LMS', LmsModule],
  ['Studio', StudioModule],
])('%s started as in production', (_name, module) => {
  let app: NestFastifyApplication | undefined;

  afterEach(async () => {
    await app?.close();
  });

  it('configures every root hook and answers /health', async () => {
    app = await NestFactory.create<NestFastifyApplication>(module, createFastifyAdapter({ trustProxy: false }), {
      logger: false,
    });
    configurePlatformHttpApp(app, { title: 'test', description: 'test', trustProxy: false });
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    const res = await app.getHttpAdapter().getInstance().inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-request-id']).toBeTruthy();
  });
});
