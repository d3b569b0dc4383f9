import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DomainError } from './domain.error';
import type { ErrorBody, ErrorDetail } from './error-body';
import type { HtmlErrorPages } from './html-error-pages';
import { Dependency, unavailableDependency } from './unavailable-dependency';

/** How the 503 of an unreachable dependency reads; the client may retry after RETRY_AFTER_SECONDS. */
const UNAVAILABLE: Record<Dependency, string> = {
  database: 'The database is unavailable; try again shortly',
  redis: 'A service this request needs is unavailable; try again shortly',
};
const RETRY_AFTER_SECONDS = 1;

interface FrameworkError {
  statusCode?: number;
  code?: string;
  message?: string;
}

/** Fastify's own client errors, reworded so that the body names the field (the body itself). */
const FASTIFY_CLIENT_ERRORS: Record<string, ErrorDetail> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { field: 'body', reason: 'is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { field: 'body', reason: 'is empty but Content-Type is application/json' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { field: 'content-type', reason: 'is not supported; send application/json' },
  FST_ERR_CTP_BODY_TOO_LARGE: { field: 'body', reason: 'is too large' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { field: 'content-length', reason: 'does not match the body' },
};

/**
 * Renders every error as `{statusCode, error, message, details}`. Client errors say what was
 * wrong; anything unexpected is a 500 that names nothing internal but carries an error id,
 * logged with the full error.
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  /** `pages`: the app's HTML error pages, for the requests that want them (the LMS's browsers). */
  constructor(private readonly pages?: HtmlErrorPages) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = http.getResponse<FastifyReply>();
    const request = http.getRequest<FastifyRequest>();
    const body = this.toBody(exception, request);
    if (body.statusCode === Number(HttpStatus.SERVICE_UNAVAILABLE))
      void reply.header('retry-after', String(RETRY_AFTER_SECONDS));
    if (this.pages && request && this.pages.wants(request)) {
      this.pages.render(request, reply, body).catch((error: unknown) => {
        this.logger.error({ err: error, requestId: request.id }, 'error page failed to render; answering JSON');
        if (!reply.sent) this.sendJson(reply, body);
      });
      return;
    }
    this.sendJson(reply, body);
  }

  private sendJson(reply: FastifyReply, body: ErrorBody): void {
    void reply.status(body.statusCode).header('content-type', 'application/json; charset=utf-8').send(body);
  }

  private toBody(exception: unknown, request: FastifyRequest | undefined): ErrorBody {
    // Nest wraps Fastify's client errors (bad JSON, wrong media type) in an HttpException.
    const framework = (exception instanceof HttpException ? exception.cause : exception) as
      FrameworkError | null | undefined;
    const status = framework?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const detail = framework?.code ? FASTIFY_CLIENT_ERRORS[framework.code] : undefined;
      return {
        statusCode: status,
        error: STATUS_CODES[status] ?? 'Error',
        message: detail ? `${detail.field} ${detail.reason}` : (framework?.message ?? 'Bad request'),
        details: detail ? [detail] : [],
      };
    }
    if (exception instanceof HttpException) return this.fromHttpException(exception);
    // A DomainError of 500 or more is a bug the code names (a missing tenant): answered like any other.
    if (exception instanceof DomainError && exception.httpStatus < HttpStatus.INTERNAL_SERVER_ERROR) {
      const status = exception.httpStatus;
      return {
        statusCode: status,
        error: STATUS_CODES[status] ?? 'Error',
        message: exception.message,
        details: [...exception.details],
      };
    }
    const errorId = randomUUID();
    const dependency = unavailableDependency(exception);
    if (dependency) {
      // An outage, not a bug: a warning (the health check and the dependency's own alerts say the rest).
      this.logger.warn(
        { err: exception, errorId, requestId: request?.id, method: request?.method, url: request?.url },
        `${dependency} unavailable (${errorId})`,
      );
      return {
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        error: 'Service Unavailable',
        message: UNAVAILABLE[dependency],
        details: [{ field: dependency, reason: 'is unreachable' }],
        errorId,
      };
    }
    this.logger.error(
      { err: exception, errorId, requestId: request?.id, method: request?.method, url: request?.url },
      `Unexpected error ${errorId}`,
    );
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      error: 'Internal Server Error',
      message: `An unexpected error occurred; quote error id ${errorId} when reporting it`,
      details: [],
      errorId,
    };
  }

  private fromHttpException(exception: HttpException): ErrorBody {
    const statusCode = exception.getStatus();
    const response = exception.getResponse();
    let message = exception.message;
    let details: ErrorDetail[] = [];
    if (typeof response === 'string') {
      message = response;
    } else if (response && typeof response === 'object') {
      const r = response as { message?: unknown; details?: unknown };
      if (typeof r.message === 'string') message = r.message;
      else if (Array.isArray(r.message)) message = r.message.join('; ');
      if (Array.isArray(r.details)) details = r.details as ErrorDetail[];
    }
    if (statusCode === 404 && /^Cannot (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) /.test(message)) {
      message = 'No such route';
    }
    return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message, details };
  }
}
