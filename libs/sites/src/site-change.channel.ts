import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import type Redis from 'ioredis';
import { RedisConnectionFactory } from '@mtl/queue';

/** What travels on the channel: a site at a version, or "the organization registry changed". */
export type SiteChange = { siteId: number; version: number } | { organizations: true };

export function siteChannelName(keyPrefix: string): string {
  return `${keyPrefix}:sites:changed`;
}

/**
 * Publishes site and configuration changes on Redis so that every running instance refreshes its
 * cache at once. Fail-soft: with Redis down the change is already committed, and instances pick it
 * up from the periodic version check instead.
 */
@Injectable()
export class SiteChangePublisher implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('SiteChanges');
  private connection!: Redis;

  constructor(private readonly redis: RedisConnectionFactory) {}

  onModuleInit(): void {
    // Connected up front; while Redis is down a publish gives up within a second.
    this.connection = this.redis.create('client', { maxRetriesPerRequest: 1, commandTimeout: 1000 });
  }

  async publish(change: SiteChange): Promise<void> {
    try {
      await this.connection.publish(siteChannelName(this.redis.keyPrefix), JSON.stringify(change));
    } catch (error) {
      this.logger.warn(
        { err: error, change },
        'could not publish a site change; instances will catch up on their next version check',
      );
    }
  }

  onModuleDestroy(): void {
    this.connection.disconnect();
  }
}
