import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createHttpTestApp, runCliSync } from '@mtl/testing';
import { LmsModule } from '../../apps/lms/src/lms.module';
import { eventually, sql } from '../sites/sites-fixture';

const cli = (...args: string[]) => runCliSync(args);

describe('cli sites:create and sites:configure', () => {
  let lms: NestFastifyApplication;
  const platformName = async () =>
    (await request(lms.getHttpServer()).get('/api/site').set('Host', 'mitx.cli.test')).body.platform_name as string;

  beforeAll(async () => {
    await sql(`INSERT INTO organizations (name, short_name) VALUES ('MIT', 'MITx')`);
    lms = await createHttpTestApp(LmsModule);
  });

  afterAll(async () => {
    await lms?.close();
  });

  it('creates a tenant site for an organization, matched case-insensitively', () => {
    const result = cli('sites:create', 'mitx.cli.test', 'mitx', '--name', 'MITx Online');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('"course_org_filter": "MITx"');
  });

  it('merges values into the configuration, and a running LMS shows them without a restart', async () => {
    const first = cli(
      'sites:configure',
      'mitx.cli.test',
      '--configuration',
      '{"platform_name":"From the CLI","ABC":"abc","B":"b"}',
    );
    expect(first.status).toBe(0);
    await eventually(async () => (await platformName()) === 'From the CLI', 1000);
    const dir = mkdtempSync(path.join(tmpdir(), 'sites-cli-'));
    writeFileSync(path.join(dir, 'values.json'), '{"ABC": 123}');
    const second = cli('sites:configure', 'mitx.cli.test', '-f', path.join(dir, 'values.json'), '--disabled');
    expect(second.status).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual({
      domain: 'mitx.cli.test',
      enabled: false,
      site_values: { course_org_filter: 'MITx', platform_name: 'From the CLI', ABC: 123, B: 'b' },
    });
    // Disabled: the site's values no longer apply.
    await eventually(async () => (await platformName()) !== 'From the CLI', 1000);
  });

  it.each([
    [['sites:configure', 'mitx.cli.test', '--configuration', '[1]'], '--configuration must be a JSON object'],
    [['sites:configure', 'mitx.cli.test', '--configuration', '{bad'], '--configuration is not valid JSON'],
    [
      ['sites:configure', 'mitx.cli.test', '--enabled', '--disabled'],
      '--enabled and --disabled cannot be used together',
    ],
    [['sites:configure', 'nowhere.cli.test', '--enabled'], 'no site has the domain nowhere.cli.test'],
    [['sites:create', 'mitx.cli.test', 'MITx'], 'mitx.cli.test already has a site'],
    [['sites:create', 'other.cli.test', 'NoSuchOrg'], 'no active organization has the short name NoSuchOrg'],
    [['sites:create', 'bad host', 'MITx'], 'domain must be a host name'],
  ])('refuses %j with one line and a non-zero exit', (args, reason) => {
    const result = cli(...args);
    expect(result.status).not.toBe(0);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(reason);
  });
});
