import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import type Redis from 'ioredis';
import { RedisConnectionFactory } from '@mtl/queue';

/** Redis is up when a PING on a fail-fast connection answers within the timeout. */
@Injectable()
export class RedisHealthIndicator implements OnModuleDestroy {
  private readonly probe: Redis;

  constructor(
    private readonly indicators: HealthIndicatorService,
    redis: RedisConnectionFactory,
  ) {
    this.probe = redis.create('probe');
  }

  check(key: string) {
    return this.indicators
      .check(key)
      .attempt(async () => {
        // ioredis reports a closed stream obscurely; say plainly that Redis is unreachable.
        if (this.probe.status !== 'ready') throw new Error(`not connected (${this.probe.status})`);
        await this.probe.ping();
      })
      .withTimeout(1000);
  }

  onModuleDestroy(): void {
    this.probe.disconnect();
  }
}
