import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigValidationError, describeConfig, loadConfig } from './load-config';

/** Generated development secrets go to a folder of this test file's own. */
const dataDir = mkdtempSync(path.join(tmpdir(), 'mtl-config-spec-'));
const previousDataDir = process.env.MTL_DATA_DIR;
beforeAll(() => {
  process.env.MTL_DATA_DIR = dataDir;
});
afterAll(() => {
  if (previousDataDir === undefined) delete process.env.MTL_DATA_DIR;
  else process.env.MTL_DATA_DIR = previousDataDir;
  rmSync(dataDir, { recursive: true, force: true });
});
const PRODUCTION_DATABASE = {
  DATABASE_APP_URL: 'postgres://mtl_app:app-secret@db.example/mtl',
  DATABASE_CROSS_ORG_URL: 'postgres://mtl_cross_org:cross-secret@db.example/mtl',
};

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
    const config = loadConfig({ MTL_DATA_DIR: dataDir });
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

  it.each(['', '0', 'false', 'no', 'off'])(
    'reads ORGANIZATIONS_AUTOCREATE=%p as strict mode, as Django truthiness does',
    (value) => {
      expect(loadConfig({ ORGANIZATIONS_AUTOCREATE: value }).platform.ORGANIZATIONS_AUTOCREATE).toBe(false);
    },
  );

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

  it('refuses to start in production without JWT_SECRET and the two login URLs', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toBe(
      'Invalid configuration: DATABASE_APP_URL is required when NODE_ENV=production; ' +
        'DATABASE_CROSS_ORG_URL is required when NODE_ENV=production; JWT_SECRET is required when NODE_ENV=production',
    );
    const config = loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET: 'a-long-enough-production-secret',
      ...PRODUCTION_DATABASE,
    });
    expect(config.auth.JWT_SECRET).toBe('a-long-enough-production-secret');
    expect(config.database.DATABASE_APP_URL).toBe(PRODUCTION_DATABASE.DATABASE_APP_URL);
  });

  it('outside production derives the two logins from DATABASE_URL, with passwords generated once and kept', () => {
    const env = { MTL_DATA_DIR: dataDir, DATABASE_URL: 'postgres://owner:pw@db.example:6543/lms' };
    const { database } = loadConfig(env);
    const app = new URL(database.DATABASE_APP_URL);
    const cross = new URL(database.DATABASE_CROSS_ORG_URL);
    expect([app.username, app.host, app.pathname]).toEqual(['mtl_app', 'db.example:6543', '/lms']);
    expect([cross.username, cross.host, cross.pathname]).toEqual(['mtl_cross_org', 'db.example:6543', '/lms']);
    expect(app.password.length).toBeGreaterThanOrEqual(32);
    expect(app.password).not.toBe(cross.password);
    expect(readFileSync(path.join(dataDir, 'secrets', 'mtl_app.password'), 'utf8').trim()).toBe(
      decodeURIComponent(app.password),
    );
    expect(loadConfig(env).database.DATABASE_APP_URL).toBe(database.DATABASE_APP_URL);
  });

  it('outside production signs tokens with a random secret of the checkout, not a published constant', () => {
    const secret = loadConfig({ MTL_DATA_DIR: dataDir }).auth.JWT_SECRET;
    expect(secret).not.toBe('insecure-development-secret-never-use-in-production');
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(path.join(dataDir, 'secrets', 'jwt-secret'), 'utf8').trim()).toBe(secret);
    expect(loadConfig({ MTL_DATA_DIR: dataDir }).auth.JWT_SECRET).toBe(secret);
  });

  it('describes every variable of the spec', () => {
    const names = describeConfig().map((v) => v.name);
    for (const name of [
      'DATABASE_URL',
      'REDIS_URL',
      'LMS_PORT',
      'STUDIO_PORT',
      'JWT_SECRET',
      'ORGANIZATIONS_AUTOCREATE',
      'DEFAULT_SITE_DOMAIN',
      'PLATFORM_NAME',
      'TRUST_PROXY',
    ]) {
      expect(names).toContain(name);
    }
    for (const variable of describeConfig()) expect(variable.description.length).toBeGreaterThan(10);
  });
});
