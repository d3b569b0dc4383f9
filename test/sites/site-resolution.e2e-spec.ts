import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { getDataSourceToken } from '@nestjs/typeorm';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { LmsModule } from '../../apps/lms/src/lms.module';
import { SiteRegistry } from '@mtl/sites';
import { createHttpTestApp } from '@mtl/testing';
import { eventually, seedTenantSite, sql } from './sites-fixture';

const HARVARD = 'harvardx.example.com';

describe('LMS site resolution and GET /api/site', () => {
  let app: NestFastifyApplication;
  let trusting: NestFastifyApplication;

  beforeAll(async () => {
    await seedTenantSite('MITx', 'mitx.example.com', {
      platform_name: 'MITx Online',
      theme: { primary_color: '#a31f34' },
    });
    await seedTenantSite('HarvardX', 'harvardx.example.com', { platform_name: 'HarvardX' }, false);
    await sql(`INSERT INTO organizations (name, short_name) VALUES ('Unclaimed', 'FreeX')`);
    await sql(`INSERT INTO sites (domain, name) VALUES ('localhost', 'Main site')`);
    process.env.PLATFORM_NAME = 'Test Platform';
    // No periodic check on `app`, so that nothing but requests could touch the database there.
    process.env.SITE_RECONCILE_INTERVAL_MS = '600000';
    app = await createHttpTestApp(LmsModule);
    // A short one on `trusting`, to see it catch a change whose message never came.
    process.env.SITE_RECONCILE_INTERVAL_MS = '300';
    process.env.TRUST_PROXY = 'true';
    trusting = await createHttpTestApp(LmsModule);
    delete process.env.TRUST_PROXY;
  });

  afterAll(async () => {
    await app?.close();
    await trusting?.close();
  });

  const site = (target: NestFastifyApplication, host: string, headers: Record<string, string> = {}) =>
    request(target.getHttpServer()).get('/api/site').set('Host', host).set(headers).expect(200);

  it("serves a tenant site's public face", async () => {
    const res = await site(app, 'mitx.example.com');
    expect(res.body).toEqual({
      domain: 'mitx.example.com',
      name: 'MITx site',
      organization: { short_name: 'MITx', name: 'MITx University', logo_url: 'https://cdn.example.com/MITx.png' },
      platform_name: 'MITx Online',
      theme: { primary_color: '#a31f34' },
    });
  });

  it('matches the domain case-insensitively and ignores the port', async () => {
    expect((await site(app, 'MITX.Example.COM')).body.domain).toBe('mitx.example.com');
    expect((await site(app, 'mitx.example.com:8443')).body.domain).toBe('mitx.example.com');
  });

  it('falls back to the main site for unknown hosts', async () => {
    const res = await site(app, 'nobody.example.org');
    expect(res.body).toEqual({
      domain: 'localhost',
      name: 'Main site',
      organization: null,
      platform_name: 'Test Platform',
      theme: {},
    });
  });

  it('ignores a disabled configuration: platform name and theme fall back to the settings', async () => {
    const res = await site(app, 'harvardx.example.com');
    expect(res.body.platform_name).toBe('Test Platform');
    expect(res.body.organization.short_name).toBe('HarvardX');
  });

  it('ignores X-Forwarded-Host unless TRUST_PROXY is set', async () => {
    expect((await site(app, 'nobody.example.org', { 'X-Forwarded-Host': 'mitx.example.com' })).body.domain).toBe(
      'localhost',
    );
    expect((await site(trusting, 'nobody.example.org', { 'X-Forwarded-Host': 'mitx.example.com' })).body.domain).toBe(
      'mitx.example.com',
    );
    expect((await site(trusting, 'mitx.example.com')).body.domain).toBe('mitx.example.com');
  });

  it('gives each site the organizations it may show', () => {
    const registry = app.get(SiteRegistry);
    const mitx = registry.resolve('mitx.example.com');
    const harvard = registry.resolve('harvardx.example.com');
    const main = registry.resolve('localhost');
    expect(mitx.readableOrganizationIds).toEqual([mitx.organization!.id]);
    // A disabled configuration does not widen a tenant site: still only its own organization.
    expect(harvard.readableOrganizationIds).toEqual([harvard.organization!.id]);
    // The main site shows organizations no enabled site claims (HarvardX's site is disabled).
    expect(main.readableOrganizationIds).toEqual(expect.arrayContaining([harvard.organization!.id]));
    expect(main.readableOrganizationIds).not.toContain(mitx.organization!.id);
  });

  it('catches a change whose message never came, by its periodic version check', async () => {
    // Changed behind the registry's back: no message is sent; only the version check can see it.
    const harvard = (set: string) =>
      sql(`UPDATE site_configurations SET ${set} WHERE site_id = (SELECT id FROM sites WHERE domain = $1)`, [HARVARD]);
    const bumpVersion = () => sql(`UPDATE sites SET version = version + 1 WHERE domain = $1`, [HARVARD]);
    const platformNameBecomes = (name: string) =>
      eventually(async () => (await site(trusting, HARVARD)).body.platform_name === name, 10_000);
    await harvard(`site_values = site_values || '{"platform_name":"Changed behind its back"}'`);
    await harvard('enabled = true');
    await bumpVersion();
    await platformNameBecomes('Changed behind its back');
    await harvard('enabled = false');
    await bumpVersion();
    await platformNameBecomes('Test Platform');
  });

  it('makes no database query once warm', async () => {
    const pool = (
      app.get<DataSource>(getDataSourceToken()).driver as unknown as {
        master: { on: (e: string, f: () => void) => void; off: (e: string, f: () => void) => void };
      }
    ).master;
    let acquired = 0;
    const count = () => acquired++;
    pool.on('acquire', count);
    try {
      for (const host of ['mitx.example.com', 'harvardx.example.com', 'unknown.example.net', 'MITX.EXAMPLE.COM:80'])
        await site(app, host);
    } finally {
      pool.off('acquire', count);
    }
    expect(acquired).toBe(0);
  });
});
