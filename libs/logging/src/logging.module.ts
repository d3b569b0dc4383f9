import { Module, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Options } from 'pino-http';
import { runtimeConfig, RuntimeSettings } from '@mtl/config';
import { requestIdOf } from '@mtl/http';

/** Pino options shared by the HTTP apps and the worker (which has no requests). */
export function pinoOptions(runtime: RuntimeSettings, app: string): Options {
  const pretty = runtime.LOG_FORMAT === 'pretty' || (runtime.LOG_FORMAT === 'auto' && process.stdout.isTTY === true);
  return {
    level: runtime.LOG_LEVEL,
    name: app,
    genReqId: (req) => requestIdOf(req),
    // Every line logged while handling a request carries only its id, not the whole request.
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
    redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
    transport: pretty
      ? { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } }
      : undefined,
  };
}

/** Structured JSON logs (pretty on a terminal), one line per request, with its request id. */
@Module({})
export class LoggingModule {
  static forApp(app: string) {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [runtimeConfig.KEY],
          useFactory: (runtime: RuntimeSettings) => ({
            pinoHttp: pinoOptions(runtime, app),
            forRoutes: [{ path: '*splat', method: RequestMethod.ALL }],
          }),
        }),
      ],
      exports: [LoggerModule],
    };
  }
}
