import { runCliSync } from '@mtl/testing';

const runCli = (env: NodeJS.ProcessEnv, args: string[]) => runCliSync(args, { env, replaceEnv: true });

describe('start-up configuration', () => {
  it('stops with one line naming the variable and the reason', () => {
    const result = runCli({ STUDIO_PORT: 'abc' }, ['config:show']);
    expect(result.status).toBe(78);
    expect(result.stderr.trim()).toBe('Invalid configuration: STUDIO_PORT must be an integer number (got "abc")');
  });

  it(
    'refuses production without JWT_SECRET and explicit URLs of the two database logins (no ' +
      'generated credentials)',
    () => {
      const result = runCli({ NODE_ENV: 'production' }, ['config:show']);
      expect(result.status).toBe(78);
      expect(result.stderr.trim()).toBe(
        'Invalid configuration: DATABASE_APP_URL is required when NODE_ENV=production; ' +
          ('DATABASE_CROSS_ORG_URL is required when NODE_ENV=production; JWT_SECRET is required ' +
            'when NODE_ENV=production'),
      );
    },
  );

  it('lists every command under --help', () => {
    const result = runCli({}, ['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('migrate');
    expect(result.stdout).toContain('config:show');
  });
});
