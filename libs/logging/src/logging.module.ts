import { Module } from '@nestjs/common';
import { ClsServiceManager } from 'nestjs-cls';
import { LoggerModule } from 'nestjs-pino';
import type { Options } from 'pino-http';
import { runtimeConfig, RuntimeSettings } from '@mtl/config';

/**
 * The request id of the context a line is logged in (a request, or a job that carried one), so
 * that application logs keep naming their request without a child logger per request. Read only
 * for lines that are written: pino calls the mixin after its level check.
 */
function requestIdMixin(): Record<string, string> {
  const cls = ClsServiceManager.getClsService();
  const requestId = cls.isActive() ? cls.get<string | undefined>('requestId') : undefined;
  return requestId ? { requestId } : {};
}

/** Pino options shared by the HTTP apps and the worker (which has no requests). */
export function pinoOptions(runtime: RuntimeSettings, app: string): Options {
  const pretty = runtime.LOG_FORMAT === 'pretty' || (runtime.LOG_FORMAT === 'auto' && process.stdout.isTTY === true);
  return {
    level: runtime.LOG_LEVEL,
    name: app,
    mixin: requestIdMixin,
    redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
    transport: pretty
      ? { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } }
      : undefined,
  };
}

/**
 * Structured JSON logs (pretty on a terminal) through nestjs-pino's logger. The line per request
 * is not pino-http's middleware (no route gets it: `forRoutes: []`) but a Fastify hook,
 * `registerRequestLog`, which `registerRootHooks` (@mtl/app-core) adds.
 */
@Module({})
export class LoggingModule {
  static forApp(app: string) {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [runtimeConfig.KEY],
          useFactory: (runtime: RuntimeSettings) => ({ pinoHttp: pinoOptions(runtime, app), forRoutes: [] }),
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
