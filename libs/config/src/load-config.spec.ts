import { ConfigValidationError, describeConfig, loadConfig } from './load-config';

function problemsOf(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigValidationError) return error.message;
    throw error;
  }
  throw new Error('expected the configuration to be refused');
}

describe('loadConfig', () => {
  it('gives every variable a default outside production', () => {
    const config = loadConfig({});
    expect(config.http.LMS_PORT).toBe(3000);
    expect(config.http.STUDIO_PORT).toBe(3001);
    expect(config.http.TRUST_PROXY).toBe(false);
    expect(config.platform.ORGANIZATIONS_AUTOCREATE).toBe(true);
    expect(config.platform.DEFAULT_SITE_DOMAIN).toBe('localhost');
    expect(config.database.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/mtl');
    expect(config.redis.REDIS_URL).toBe('redis://127.0.0.1:6379');
    expect(config.auth.JWT_SECRET.length).toBeGreaterThanOrEqual(16);
  });

  it('converts numbers and booleans from their text', () => {
    const config = loadConfig({ LMS_PORT: '8080', TRUST_PROXY: 'yes', ORGANIZATIONS_AUTOCREATE: 'false' });
    expect(config.http.LMS_PORT).toBe(8080);
    expect(config.http.TRUST_PROXY).toBe(true);
    expect(config.platform.ORGANIZATIONS_AUTOCREATE).toBe(false);
  });

  it.each(['', '0', 'false', 'no', 'off'])('reads ORGANIZATIONS_AUTOCREATE=%p as strict mode, as Django truthiness does', (value) => {
    expect(loadConfig({ ORGANIZATIONS_AUTOCREATE: value }).platform.ORGANIZATIONS_AUTOCREATE).toBe(false);
  });

  it('names the variable and the reason in one message', () => {
    expect(problemsOf({ LMS_PORT: '70000' })).toBe(
      'Invalid configuration: LMS_PORT must not be greater than 65535 (got "70000")',
    );
    expect(problemsOf({ TRUST_PROXY: 'maybe' })).toMatch(/^Invalid configuration: TRUST_PROXY must be a boolean value/);
    expect(problemsOf({ DATABASE_URL: 'mysql://x' })).toBe(
      'Invalid configuration: DATABASE_URL must be a URL starting with postgres:// or postgresql:// (value hidden)',
    );
    expect(problemsOf({ DEFAULT_SITE_DOMAIN: 'not a host' })).toContain('DEFAULT_SITE_DOMAIN must be a host name');
  });

  it('reports every invalid variable at once', () => {
    const message = problemsOf({ LMS_PORT: 'x', REDIS_URL: 'http://nope', LOG_LEVEL: 'loud' });
    expect(message).toContain('LMS_PORT');
    expect(message).toContain('REDIS_URL');
    expect(message).toContain('LOG_LEVEL');
  });

  it('refuses to start in production without JWT_SECRET', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toBe(
      'Invalid configuration: JWT_SECRET is required when NODE_ENV=production',
    );
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: 'a-long-enough-production-secret' }).auth.JWT_SECRET).toBe(
      'a-long-enough-production-secret',
    );
  });

  it('describes every variable of the spec', () => {
    const names = describeConfig().map((v) => v.name);
    for (const name of ['DATABASE_URL', 'REDIS_URL', 'LMS_PORT', 'STUDIO_PORT', 'JWT_SECRET', 'ORGANIZATIONS_AUTOCREATE', 'DEFAULT_SITE_DOMAIN', 'PLATFORM_NAME', 'TRUST_PROXY']) {
      expect(names).toContain(name);
    }
    for (const variable of describeConfig()) expect(variable.description.length).toBeGreaterThan(10);
  });
});
