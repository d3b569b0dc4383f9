import { unavailableDependency } from './unavailable-dependency';

const withProps = (message: string, props: Record<string, unknown>) => Object.assign(new Error(message), props);

describe('unavailableDependency', () => {
  it.each([
    [
      'a SQLSTATE 57P01 (pg_terminate_backend)',
      withProps('terminating connection due to administrator command', { code: '57P01' }),
    ],
    ['a TypeORM QueryFailedError around one', withProps('query failed', { driverError: { code: '08006' } })],
    ['a socket ended under a query', new Error('Connection terminated unexpectedly')],
    ['a pool that cannot connect in time', new Error('timeout exceeded when trying to connect')],
    ['too many connections', withProps('sorry, too many clients already', { code: '53300' })],
    [
      'a query runner released by its dead connection',
      withProps('released', { name: 'QueryRunnerProviderAlreadyReleasedError' }),
    ],
    ['a refused connection', withProps('connect ECONNREFUSED 127.0.0.1:5432', { code: 'ECONNREFUSED' })],
    [
      'a statement past query_timeout (a database that went silent), through TypeORM',
      withProps('query failed', { driverError: new Error('Query read timeout') }),
    ],
  ])('%s: the database', (_what, error) => {
    expect(unavailableDependency(error)).toBe('database');
  });

  it.each([
    [
      'ioredis giving up on a command',
      withProps('Reached the max retries per request limit', { name: 'MaxRetriesPerRequestError' }),
    ],
    ['a closed ioredis connection', new Error('Connection is closed.')],
    ['an ioredis command past its commandTimeout (a Redis that went silent)', new Error('Command timed out')],
    ['a Bull call past its deadline', withProps('Redis did not answer a job lookup', { name: 'RedisUnansweredError' })],
  ])('%s: Redis', (_what, error) => {
    expect(unavailableDependency(error)).toBe('redis');
  });

  it.each([
    ['a unique violation', withProps('duplicate key', { code: '23505' })],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['not an error', 'text'],
    ['nothing', undefined],
  ])('%s: none (a 500 stays a 500)', (_what, error) => {
    expect(unavailableDependency(error)).toBeNull();
  });
});
