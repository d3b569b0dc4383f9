/**
 * Regressions found by the hostile-input suite: what Fastify's router and Node's HTTP parser
 * refuse before Nest sees the request answered in Fastify's own body (`{code, …}`, or "Client
 * Error"), and a Host port that is no port made every paginated list with a next page a 500.
 */
import type { AddressInfo } from 'node:net';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { StudioModule } from '../../apps/studio/src/studio.module';
import { asDatabaseOwner, createHttpTestApp, seedTwoTenants, studioToken } from '@mtl/testing';
import { DataSource } from 'typeorm';
import { rawRequest, RawResponse } from './raw-http';

const bodyOf = (response: RawResponse) => JSON.parse(response.body.toString('utf8')) as Record<string, unknown>;

describe('refusals before the router and the parser, in the error shape', () => {
  let studio: NestFastifyApplication;
  let port: number;
  let operatorToken: string;

  beforeAll(async () => {
    studio = await createHttpTestApp(StudioModule);
    await studio.listen(0, '127.0.0.1');
    port = (studio.getHttpServer().address() as AddressInfo).port;
    const tenants = await seedTwoTenants(studio.get(DataSource));
    operatorToken = await studioToken(studio, { email: tenants.operator.email, password: tenants.operator.password });
  });

  afterAll(async () => {
    await studio?.close();
  });

  const get = (target: string | Buffer, headers: [string, string][] = []) =>
    rawRequest(port, { method: 'GET', target, headers: [['host', 'localhost'], ...headers] });

  it.each([
    ['bad percent-encoding', '/api/courses/%E2%82', 400, 'path'],
    ['the UTF-8 of a lone surrogate', '/api/courses/%ED%A0%80', 400, 'path'],
    ['a parameter over 1,024 characters', `/api/courses/${'a'.repeat(5000)}`, 414, 'path'],
  ])('%s in the path: the error shape naming the path', async (_what, target, status, field) => {
    const response = await get(target);
    expect(response.status).toBe(status);
    expect(bodyOf(response)).toEqual({
      statusCode: status,
      error: expect.any(String),
      message: expect.stringMatching(new RegExp(`^${field} `)),
      details: [{ field, reason: expect.any(String) }],
    });
  });

  it.each([
    ['headers over the size limit', [['x-junk', 'j'.repeat(20_000)]], 431, 'headers'],
    ['a NUL byte in a header', [['x-junk', 'a\u0000b']], 400, 'request'],
  ] as [string, [string, string][], number, string][])(
    '%s: the error shape naming what was wrong',
    async (_what, headers, status, field) => {
      const response = await get('/health', headers);
      expect(response.status).toBe(status);
      expect(bodyOf(response)).toEqual({
        statusCode: status,
        error: expect.any(String),
        message: expect.any(String),
        details: [{ field, reason: expect.any(String) }],
      });
    },
  );

  it('a Host whose port is no port: the paginated list answers, its links without that port', async () => {
    await asDatabaseOwner(
      `INSERT INTO audit_trail (actor, action) SELECT 'test', 'organization.create' FROM generate_series(1, 30)`,
    );
    const response = await rawRequest(port, {
      method: 'GET',
      target: '/api/admin/audit',
      headers: [
        ['host', 'localhost:99999999'],
        ['authorization', `Bearer ${operatorToken}`],
      ],
    });
    expect(response.status).toBe(200);
    expect(bodyOf(response).next).toBe('http://localhost/api/admin/audit?page=2');
  });
});
