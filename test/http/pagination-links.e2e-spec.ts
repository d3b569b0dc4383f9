import { Controller, Get, Query, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { paginate, PageQueryDto, Public } from '@mtl/http';
import { useHttpTestApp, useTwoTenantApp } from '@mtl/testing';
import { LmsModule } from '../../apps/lms/src/lms.module';
import { StudioModule } from '../../apps/studio/src/studio.module';
import { seedTenantSite } from '../sites/sites-fixture';

/** A list of 5 numbers on the LMS, paged by the shared helper (the LMS has no list of its own yet). */
@Controller('test/numbers')
class NumbersController {
  @Get()
  @Public()
  list(@Query() query: PageQueryDto, @Req() req: FastifyRequest) {
    const all = [1, 2, 3, 4, 5];
    return paginate(req, query, ({ offset, pageSize }) =>
      Promise.resolve({ count: all.length, results: all.slice(offset, offset + pageSize) }),
    );
  }
}

/**
 * Absolute next/previous links name the host the app resolved (the LMS site's domain, Studio's
 * STUDIO_DOMAIN), never the Host header a client sent; the scheme and port stay the request's.
 */
describe('pagination links', () => {
  beforeAll(() => seedTenantSite('MITx', 'mitx.example.com'));
  const lms = useHttpTestApp(LmsModule, { extraControllers: [NumbersController] });
  const studio = useTwoTenantApp(StudioModule, { env: { STUDIO_DOMAIN: 'studio.example.com' }, signIn: ['operator'] });

  it("LMS: the resolved site's domain, with the request's port", async () => {
    const res = await lms
      .http()
      .get('/test/numbers?page_size=2&page=2')
      .set('Host', 'MITX.example.com:8443')
      .expect(200);
    expect(res.body).toEqual({
      count: 5,
      next: 'http://mitx.example.com:8443/test/numbers?page_size=2&page=3',
      previous: 'http://mitx.example.com:8443/test/numbers?page_size=2&page=1',
      results: [3, 4],
    });
  });

  it('LMS: an unknown host gets the main site in its links, never itself', async () => {
    const res = await lms.http().get('/test/numbers?page_size=2').set('Host', 'evil.example').expect(200);
    expect(res.body.next).toBe('http://localhost/test/numbers?page_size=2&page=2');
    expect(JSON.stringify(res.body)).not.toContain('evil');
  });

  it('Studio: STUDIO_DOMAIN, whatever the Host header says', async () => {
    const res = await studio
      .as('operator')
      .get('/api/organizations/v0/organizations/?page_size=1')
      .set('Host', 'evil.example')
      .expect(200);
    expect(new URL(res.body.next as string).host).toBe('studio.example.com');
    expect(JSON.stringify(res.body)).not.toContain('evil');
  });

  it('Studio: a page past the end is still a 404 "Invalid page"', async () => {
    const res = await studio
      .as('operator')
      .get('/api/organizations/v0/organizations/?page_size=100&page=2')
      .expect(404);
    expect(res.body.message).toBe('Invalid page');
  });
});
