import { Controller, Get } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { Public } from '@mtl/http';
import { CachedSite, CurrentSite } from '@mtl/sites';
import { createHttpTestApp } from '@mtl/testing';
import { LmsModule } from '../../apps/lms/src/lms.module';
import { StudioModule } from '../../apps/studio/src/studio.module';
import { seedTenantSite } from './sites-fixture';

@Controller('test/current-site')
class CurrentSiteController {
  @Get()
  @Public()
  domain(@CurrentSite() site: CachedSite): { domain: string } {
    return { domain: site.domain };
  }
}

/** `@CurrentSite()` gives the resolved site, and fails closed (a 500, no guess) where none was resolved. */
describe('@CurrentSite()', () => {
  let lms: NestFastifyApplication;
  let studio: NestFastifyApplication;

  beforeAll(async () => {
    await seedTenantSite('MITx', 'mitx.example.com');
    lms = await createHttpTestApp(LmsModule, { extraControllers: [CurrentSiteController] });
    studio = await createHttpTestApp(StudioModule, { extraControllers: [CurrentSiteController] });
  });

  afterAll(async () => {
    await lms?.close();
    await studio?.close();
  });

  it('is the site the Host header resolved to on the LMS', async () => {
    const res = await request(lms.getHttpServer())
      .get('/test/current-site')
      .set('Host', 'mitx.example.com')
      .expect(200);
    expect(res.body).toEqual({ domain: 'mitx.example.com' });
  });

  it('refuses to answer in an app that resolves no site', async () => {
    const res = await request(studio.getHttpServer()).get('/test/current-site').expect(500);
    expect(res.body).toMatchObject({ statusCode: 500 });
    expect(JSON.stringify(res.body)).not.toContain('localhost');
  });
});
