import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import Redis, { RedisOptions } from 'ioredis';
import { redisConfig, RedisSettings } from '@mtl/config';

/**
 * What a connection is for. Bull's blocking and subscriber connections must retry forever
 * (`maxRetriesPerRequest: null`); a probe (health) must fail fast instead of queueing commands.
 */
export type RedisConnectionPurpose = 'client' | 'subscriber' | 'bclient' | 'probe' | 'cache';

/** The one place Redis connections are made; closes them all on shutdown. */
@Injectable()
export class RedisConnectionFactory implements OnApplicationShutdown {
  private readonly connections = new Set<Redis>();
  private closed = false;

  constructor(@Inject(redisConfig.KEY) private readonly redis: RedisSettings) {}

  /** Key prefix of everything the platform stores in Redis. */
  get keyPrefix(): string {
    return this.redis.REDIS_KEY_PREFIX;
  }

  create(purpose: RedisConnectionPurpose, extra: RedisOptions = {}): Redis {
    const options: RedisOptions = {
      connectionName: `mtl-${purpose}`,
      // Reconnect forever with a capped back-off: Redis coming back must heal every instance.
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
      ...(purpose === 'probe'
        ? { enableOfflineQueue: false, maxRetriesPerRequest: 0, connectTimeout: 1000 }
        : purpose === 'client' || purpose === 'cache'
          ? { maxRetriesPerRequest: 2 }
          : { maxRetriesPerRequest: null, enableReadyCheck: false }),
      ...extra,
    };
    const connection = new Redis(this.redis.REDIS_URL, options);
    // Errors surface through commands and /health; without a listener ioredis would log each retry.
    connection.on('error', () => undefined);
    // Bull reconnects its blocking connection while closing a queue; once we are shut down, any
    // connection that comes back is closed again, so no socket outlives the app.
    connection.on('connect', () => {
      if (this.closed) connection.disconnect();
      else this.connections.add(connection);
    });
    this.connections.add(connection);
    connection.on('end', () => this.connections.delete(connection));
    return connection;
  }

  /**
   * Disconnects rather than QUIT: a blocking connection (Bull's BRPOPLPUSH) would answer QUIT only
   * after its block times out. Queues have been closed by then, so nothing is in flight.
   */
  onApplicationShutdown(): void {
    this.closed = true;
    for (const connection of this.connections) connection.disconnect();
    this.connections.clear();
  }
}
