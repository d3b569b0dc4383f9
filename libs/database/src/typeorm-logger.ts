import { Logger as NestLogger } from '@nestjs/common';
import type { Logger as TypeOrmLoggerInterface } from 'typeorm';

/**
 * TypeORM's messages through the application logger (structured, with the request id, and
 * silenced with LOG_LEVEL): failed queries at debug, since callers decide whether a failure is
 * an error; slow queries and schema changes at warn and info.
 */
export class TypeOrmLogger implements TypeOrmLoggerInterface {
  private readonly logger = new NestLogger('Database');

  logQuery(): void {}

  logQueryError(error: string | Error, query: string): void {
    this.logger.debug({ err: error, query }, 'query failed');
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn({ ms: time, query }, 'slow query');
  }

  logSchemaBuild(message: string): void {
    this.logger.log(message);
  }

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(message);
    else this.logger.debug(message);
  }
}

/** SQLSTATE 57P01: "terminating connection due to administrator command" (a forced drop, a restart). */
const ADMIN_SHUTDOWN = '57P01';
const poolLogger = new NestLogger('Database');

/**
 * Errors of idle pooled connections. The server ending a connection on purpose (tests drop their
 * databases WITH (FORCE); an operator restarts PostgreSQL) is expected and the pool reconnects:
 * debug. Anything else is a warning.
 */
export function poolErrorHandler(error: Error): void {
  if ((error as { code?: string }).code === ADMIN_SHUTDOWN)
    poolLogger.debug({ err: error }, 'pooled connection ended by the server');
  else poolLogger.warn({ err: error }, 'pooled connection failed');
}
