import { Client } from 'pg';
import { dataSourceOptions } from './data-source-options';
import { PooledClient } from './pooled-client';

/** The three logins' settings, as the config would give them. */
const DB = {
  DATABASE_URL: 'postgres://owner@localhost/x',
  DATABASE_APP_URL: 'postgres://mtl_app@localhost/x',
  DATABASE_CROSS_ORG_URL: 'postgres://mtl_cross_org@localhost/x',
  DATABASE_POOL_SIZE: 10,
  DATABASE_QUERY_TIMEOUT_MS: 1234,
} as Parameters<typeof dataSourceOptions>[0];

describe('PooledClient', () => {
  it('survives an error event before anyone else listens (a plain pg client throws)', () => {
    const error = new Error('terminating connection due to administrator command');
    expect(() => new Client().emit('error', error)).toThrow(/terminating connection/);
    expect(() => new PooledClient().emit('error', error)).not.toThrow();
  });

  it('is the client every pool of the platform makes', () => {
    for (const login of ['owner', 'app', 'crossOrganization'] as const) {
      expect((dataSourceOptions(DB, 'test', login).extra as { Client: unknown }).Client).toBe(PooledClient);
    }
  });

  it('gives the request and cross-organization pools a query timeout when asked, the owner none', () => {
    const timeout = (login: 'owner' | 'app' | 'crossOrganization') =>
      (dataSourceOptions(DB, 'test', login).extra as { query_timeout?: number }).query_timeout;
    expect([timeout('app'), timeout('crossOrganization'), timeout('owner')]).toEqual([1234, 1234, undefined]);
    // The worker and the CLI: jobs and commands stream COPY and run whole backfills.
    const unbounded = dataSourceOptions(DB, 'test', 'app', { boundedStatements: false });
    expect((unbounded.extra as { query_timeout?: number }).query_timeout).toBeUndefined();
  });
});
