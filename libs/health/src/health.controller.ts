import { Controller, Get, HttpStatus, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { Public } from '@mtl/http';
import { HealthCheckState, HealthFailure, HealthReport } from './health-report';
import { RedisHealthIndicator } from './redis.health';

type CheckResults = Record<string, { status: string; message?: unknown } & Record<string, unknown>>;

function states(results: CheckResults): Record<string, HealthCheckState> {
  return Object.fromEntries(
    Object.entries(results).map(([key, value]) => [
      key,
      value.status === 'up'
        ? { status: 'up' as const }
        : { status: 'down' as const, message: typeof value.message === 'string' ? value.message : 'unreachable' },
    ]),
  );
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
  ) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'State of the database and Redis' })
  @ApiOkResponse({ type: HealthReport })
  @ApiServiceUnavailableResponse({ type: HealthFailure, description: 'The database or Redis is down' })
  async check(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport | HealthFailure> {
    try {
      const result = await this.health.check([
        () => this.database.pingCheck('database').withTimeout(1500),
        () => this.redis.check('redis'),
      ]);
      return { status: 'ok', checks: states(result.details as CheckResults) };
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const checks = states((error.getResponse() as { details: CheckResults }).details);
      const down = Object.entries(checks).filter(([, state]) => state.status === 'down');
      void reply.status(HttpStatus.SERVICE_UNAVAILABLE);
      return {
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        error: 'Service Unavailable',
        message: `${down.map(([key]) => key).join(' and ')} ${down.length > 1 ? 'are' : 'is'} down`,
        details: down.map(([field, state]) => ({ field, reason: state.message ?? 'unreachable' })),
        checks,
      };
    }
  }
}
