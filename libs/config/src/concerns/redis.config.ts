import { Matches } from 'class-validator';
import { EnvVar } from '../env-var.decorator';
import { IsUrlWithProtocol } from '../validators/is-url-with-protocol.validator';

/** Redis: queues, cache invalidation, throttling. */
export class RedisConfig {
  @EnvVar({ description: 'Redis connection URL', default: 'redis://127.0.0.1:6379', secret: true })
  @IsUrlWithProtocol(['redis:', 'rediss:'])
  REDIS_URL!: string;

  @EnvVar({ description: 'Prefix of every Redis key the platform writes (queues included)', default: 'mtl' })
  @Matches(/^[A-Za-z0-9_.:-]{1,64}$/, { message: 'must be 1-64 characters of letters, digits, _ . : -' })
  REDIS_KEY_PREFIX!: string;
}
