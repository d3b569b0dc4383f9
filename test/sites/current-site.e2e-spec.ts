import { Controller, Get } from '@nestjs/common';
import { Public } from '@mtl/http';
import { CachedSite, CurrentSite } from '@mtl/sites';
import { useHttpTestApp } from '@mtl/testing';
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
  beforeAll(() => seedTenantSite('MITx', 'mitx.example.com'));
  const lms = useHttpTestApp(LmsModule, { extraControllers: [CurrentSiteController] });
  const studio = useHttpTestApp(StudioModule, { extraControllers: [CurrentSiteController] });

  it('is the site the Host header resolved to on the LMS', async () => {
    const res = await lms.http().get('/test/current-site').set('Host', 'mitx.example.com').expect(200);
    expect(res.body).toEqual({ domain: 'mitx.example.com' });
  });

  it('refuses to answer in an app that resolves no site', async () => {
    const res = await studio.http().get('/test/current-site').expect(500);
    expect(res.body).toMatchObject({ statusCode: 500 });
    expect(JSON.stringify(res.body)).not.toContain('localhost');
  });
});
