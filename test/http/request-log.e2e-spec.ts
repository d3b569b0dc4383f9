import { Controller, Get, Logger } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { PinoLogger } from 'nestjs-pino';
import { symbols } from 'pino';
import request from 'supertest';
import { Public } from '@mtl/http';
import { createHttpTestApp } from '@mtl/testing';
import { LmsModule } from '../../apps/lms/src/lms.module';
import { seedTenantSite } from '../sites/sites-fixture';

@Controller('test/request-log')
class RequestLogProbeController {
  private readonly logger = new Logger('RequestLogProbe');

  @Get('fails')
  @Public()
  fails(): never {
    throw new Error('probe failure');
  }

  @Get('logs/:what')
  @Public()
  logs(): { ok: true } {
    this.logger.warn('an application log line inside a request');
    return { ok: true };
  }
}

/**
 * The line per request, now written by a Fastify onResponse hook: the fields pino-http wrote
 * (request id, req with method/url/query/headers/remote address, res status, responseTime, the
 * message), the same redaction, plus route, site and organization. What the root logger writes is
 * captured at its stream, after serializers and redaction.
 */
describe('request log', () => {
  let app: NestFastifyApplication;
  let site: { organizationId: number; siteId: number };
  let lines: Record<string, unknown>[];
  let restore: () => void;

  beforeAll(async () => {
    site = await seedTenantSite('LogX', 'logx.example.com');
    app = await createHttpTestApp(LmsModule, { extraControllers: [RequestLogProbeController] });
    const root = PinoLogger.root as unknown as Record<symbol, unknown> & { level: string };
    const { level } = root;
    const stream = root[symbols.streamSym];
    root.level = 'info';
    root[symbols.streamSym] = { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) };
    restore = () => {
      root.level = level;
      root[symbols.streamSym] = stream;
    };
  });

  beforeEach(() => {
    lines = [];
  });

  afterAll(async () => {
    restore?.();
    await app?.close();
  });

  const requestLines = () => lines.filter((l) => typeof l.msg === 'string' && /^request /.test(l.msg));

  it(
    'writes one line per request with the fields it had, redacted as before, plus route, site ' + 'and organization',
    async () => {
      await request(app.getHttpServer())
        .get('/api/site?probe=1')
        .set('Host', 'logx.example.com')
        .set('X-Request-Id', 'log-probe-1')
        .set('Authorization', 'Bearer secret-token')
        .set('Cookie', 'session=secret-cookie')
        .expect(200);
      const [line, ...more] = requestLines();
      expect(more).toEqual([]);
      expect(line).toMatchObject({
        level: 30,
        msg: 'request completed',
        requestId: 'log-probe-1',
        req: {
          id: 'log-probe-1',
          method: 'GET',
          url: '/api/site?probe=1',
          query: { probe: '1' },
          headers: expect.objectContaining({
            host: 'logx.example.com',
            authorization: '[Redacted]',
            cookie: '[Redacted]',
          }) as unknown,
          remoteAddress: expect.any(String) as unknown,
          remotePort: expect.any(Number) as unknown,
        },
        res: { statusCode: 200 },
        route: '/api/site',
        siteId: site.siteId,
        organizationId: site.organizationId,
        responseTime: expect.any(Number) as unknown,
      });
      expect(JSON.stringify(line)).not.toMatch(/secret-(token|cookie)/);
    },
  );

  it('says "request errored" with the error for a 500, and names unmatched routes as none', async () => {
    await request(app.getHttpServer()).get('/test/request-log/fails').set('Host', 'logx.example.com').expect(500);
    await request(app.getHttpServer()).get('/no/such/route').set('Host', 'logx.example.com').expect(404);
    const [failed, missing] = requestLines();
    expect(failed).toMatchObject({
      msg: 'request errored',
      res: { statusCode: 500 },
      route: '/test/request-log/fails',
      err: { message: 'failed with status code 500' },
    });
    expect(missing).toMatchObject({ msg: 'request completed', res: { statusCode: 404 }, route: null });
  });

  it('gives application lines logged inside a request its request id', async () => {
    await request(app.getHttpServer())
      .get('/test/request-log/logs/x')
      .set('Host', 'logx.example.com')
      .set('X-Request-Id', 'log-probe-2')
      .expect(200);
    const appLine = lines.find((l) => l.msg === 'an application log line inside a request');
    expect(appLine).toMatchObject({ requestId: 'log-probe-2', context: 'RequestLogProbe', level: 40 });
    expect(requestLines()).toEqual([
      expect.objectContaining({ requestId: 'log-probe-2', route: '/test/request-log/logs/:what' }),
    ]);
  });
});
