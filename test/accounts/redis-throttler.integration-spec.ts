import { Test, TestingModule } from '@nestjs/testing';
import type Redis from 'ioredis';
import { RedisThrottlerStorage } from '@mtl/accounts';
import { AppConfigModule } from '@mtl/config';
import { QueueModule, RedisConnectionFactory } from '@mtl/queue';

describe('RedisThrottlerStorage', () => {
  let moduleRef: TestingModule;
  let factory: RedisConnectionFactory;
  let redis: Redis;

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({
      imports: [AppConfigModule.forRoot(), QueueModule.forRoot()],
    }).compile();
    await moduleRef.init();
    factory = moduleRef.get(RedisConnectionFactory);
    redis = factory.create('client');
  });

  afterAll(async () => {
    await moduleRef.close();
  });

  it('counts hits in a window and blocks past the limit, under the key prefix', async () => {
    const storage = new RedisThrottlerStorage(factory);
    const hits = [];
    for (let i = 0; i < 4; i++) hits.push(await storage.increment('k1', 60_000, 3, 30_000, 'login-account'));
    expect(hits.map((h) => [h.totalHits, h.isBlocked])).toEqual([
      [1, false],
      [2, false],
      [3, false],
      [4, true],
    ]);
    expect(hits[0].timeToExpire).toBe(60);
    expect(hits[3].timeToBlockExpire).toBe(30);
    const keys = await redis.keys(`${factory.keyPrefix}:throttle:*`);
    expect(keys.sort()).toEqual([
      `${factory.keyPrefix}:throttle:{login-account:k1}:block`,
      `${factory.keyPrefix}:throttle:{login-account:k1}:hits`,
    ]);
    expect(await redis.pttl(keys[0])).toBeGreaterThan(0);
    expect(await redis.pttl(keys[1])).toBeGreaterThan(0);
    // Another key and another throttler name are counted apart.
    expect((await storage.increment('k2', 60_000, 3, 30_000, 'login-account')).totalHits).toBe(1);
    expect((await storage.increment('k1', 60_000, 3, 30_000, 'login-address')).totalHits).toBe(1);
  });

  it('is atomic across instances: concurrent hits from two storages are all counted', async () => {
    const one = new RedisThrottlerStorage(factory);
    const two = new RedisThrottlerStorage(factory);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? one : two).increment('shared', 60_000, 10, 60_000, 'x')),
    );
    expect(results.map((r) => r.totalHits).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(results.filter((r) => r.isBlocked)).toHaveLength(10);
  });

  it('opens a new window once the old one expires', async () => {
    const storage = new RedisThrottlerStorage(factory);
    await storage.increment('short', 100, 1, 100, 'x');
    expect((await storage.increment('short', 100, 1, 100, 'x')).isBlocked).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await storage.increment('short', 100, 1, 100, 'x')).toMatchObject({ totalHits: 1, isBlocked: false });
  });
});
