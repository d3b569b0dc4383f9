import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';

/** supertest requests to `app` carrying `token` as a Bearer token: the e2e suites' signed-in caller. */
export function bearerClient(app: NestFastifyApplication, token: string) {
  const http = () => request(app.getHttpServer());
  const auth = `Bearer ${token}`;
  return {
    get: (path: string) => http().get(path).set('authorization', auth),
    post: (path: string, body: unknown) =>
      http()
        .post(path)
        .set('authorization', auth)
        .send(body as object),
    put: (path: string, body: unknown) =>
      http()
        .put(path)
        .set('authorization', auth)
        .send(body as object),
    patch: (path: string, body: unknown) =>
      http()
        .patch(path)
        .set('authorization', auth)
        .send(body as object),
    delete: (path: string) => http().delete(path).set('authorization', auth),
  };
}
