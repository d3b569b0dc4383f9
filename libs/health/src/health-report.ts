import { ApiProperty } from '@nestjs/swagger';

export class HealthCheckState {
  @ApiProperty({ enum: ['up', 'down'] })
  status!: 'up' | 'down';

  @ApiProperty({ required: false })
  message?: string;
}

/** 200 body of GET /health. */
export class HealthReport {
  @ApiProperty({ enum: ['ok'] })
  status!: 'ok';

  @ApiProperty({ example: { database: { status: 'up' }, redis: { status: 'up' } } })
  checks!: Record<string, HealthCheckState>;
}

/** 503 body: the shared error shape plus the state of every check. */
export class HealthFailure {
  @ApiProperty({ example: 503 }) statusCode!: number;
  @ApiProperty({ example: 'Service Unavailable' }) error!: string;
  @ApiProperty({ example: 'redis is down' }) message!: string;
  @ApiProperty({ example: [{ field: 'redis', reason: 'Connection is closed.' }] })
  details!: { field: string; reason: string }[];
  @ApiProperty({ example: { database: { status: 'up' }, redis: { status: 'down', message: 'Connection is closed.' } } })
  checks!: Record<string, HealthCheckState>;
}
