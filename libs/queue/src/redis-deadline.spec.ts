import { RedisUnansweredError, withinRedisDeadline } from './redis-deadline';

describe('withinRedisDeadline', () => {
  it('answers what the call answers in time', async () => {
    await expect(withinRedisDeadline('a ping', Promise.resolve('PONG'), 1000)).resolves.toBe('PONG');
    await expect(withinRedisDeadline('a ping', Promise.reject(new Error('closed')), 1000)).rejects.toThrow('closed');
  });

  it('gives up on a call that never answers, naming it', async () => {
    const silent = new Promise<never>(() => undefined);
    const error = await withinRedisDeadline('a job lookup', silent, 20).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RedisUnansweredError);
    expect(error).toMatchObject({
      name: 'RedisUnansweredError',
      message: 'Redis did not answer a job lookup within 20 ms',
    });
  });
});
