import type { FastifyRequest } from 'fastify';
import { pageUrl } from './pagination';
import { setLinkHost } from './public-host';

function requestWith(port: number | null): FastifyRequest {
  const request = { raw: {}, url: '/api/admin/audit?page=1', protocol: 'http', port } as unknown as FastifyRequest;
  setLinkHost(request, 'studio.example');
  return request;
}

describe('pageUrl', () => {
  it('keeps the port of the Host header when it is one', () => {
    expect(pageUrl(requestWith(3001), 2)).toBe('http://studio.example:3001/api/admin/audit?page=2');
    expect(pageUrl(requestWith(null), 2)).toBe('http://studio.example/api/admin/audit?page=2');
  });

  // Regression: `Host: studio.example:99999999` made `new URL` throw, and every paginated list a 500.
  it.each([99_999_999, 65_536, 0, -1, Number.NaN])('leaves out a port that is none (%p)', (port) => {
    expect(pageUrl(requestWith(port), 2)).toBe('http://studio.example/api/admin/audit?page=2');
  });
});
