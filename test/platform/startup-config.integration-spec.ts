import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

function runCli(env: NodeJS.ProcessEnv, args: string[]) {
  return spawnSync(process.execPath, ['-r', '@swc-node/register', path.join(root, 'apps/cli/src/main.ts'), ...args], {
    cwd: root,
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
  });
}

describe('start-up configuration', () => {
  it('stops with one line naming the variable and the reason', () => {
    const result = runCli({ STUDIO_PORT: 'abc' }, ['config:show']);
    expect(result.status).toBe(78);
    expect(result.stderr.trim()).toBe('Invalid configuration: STUDIO_PORT must be an integer number (got "abc")');
  });

  it('refuses production without JWT_SECRET', () => {
    const result = runCli({ NODE_ENV: 'production' }, ['config:show']);
    expect(result.status).toBe(78);
    expect(result.stderr.trim()).toBe('Invalid configuration: JWT_SECRET is required when NODE_ENV=production');
  });

  it('lists every command under --help', () => {
    const result = runCli({}, ['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('migrate');
    expect(result.stdout).toContain('config:show');
  });
});
