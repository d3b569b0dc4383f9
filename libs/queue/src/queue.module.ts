import { BullModule } from '@nestjs/bull';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { QueueName } from './queue-names';
import { RedisConnectionFactory } from './redis-connection.factory';

/** The one Redis connection factory, for every module of the process (queues, caches, channels). */
@Global()
@Module({ providers: [RedisConnectionFactory], exports: [RedisConnectionFactory] })
export class RedisModule {}

/**
 * Bull on Redis, every connection made by RedisConnectionFactory, keys under REDIS_KEY_PREFIX.
 * Apps that only produce import `forProducers()`; the worker registers processors on top.
 */
@Module({})
export class QueueModule {
  static forRoot(): DynamicModule {
    return {
      module: QueueModule,
      // Global: any module may inject a queue (producers in the HTTP apps, processors in the worker).
      global: true,
      imports: [
        RedisModule,
        BullModule.forRootAsync({
          inject: [RedisConnectionFactory],
          useFactory: (redis: RedisConnectionFactory) => ({
            prefix: `${redis.keyPrefix}:bull`,
            createClient: (type) => redis.create(type),
            defaultJobOptions: {
              removeOnComplete: 1000,
              removeOnFail: 5000,
              attempts: 3,
              backoff: { type: 'exponential', delay: 1000 },
            },
            // A job whose worker died is noticed within seconds (its lock lapses) and handed to
            // another worker; live workers renew their locks every lockDuration / 2.
            settings: { lockDuration: 10_000, stalledInterval: 5_000, maxStalledCount: 3 },
          }),
        }),
        BullModule.registerQueue(...Object.values(QueueName).map((name) => ({ name }))),
      ],
      exports: [BullModule, RedisModule],
    };
  }
}
