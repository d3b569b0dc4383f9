import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CatalogPage, CatalogService, CourseView, presentCourse } from '@mtl/courses';
import { ApiErrors, DEFAULT_PAGE_SIZE, linkHostOf, pageLinks, Public } from '@mtl/http';
import { CatalogQueryDto, CoursePageResponse } from './catalog.dto';

/** How many answers (distinct link bases and URLs) are kept per cached page. */
const MAX_BODIES_PER_PAGE = 16;

/** The site's catalog: public, chosen by the Host header like everything on the LMS. */
@ApiTags('catalog')
@Controller('api/courses')
// Public to the router: the site's catalog is open to anyone the site serves.
@Public()
export class CatalogController {
  /**
   * The answers of a page, by what its links are built from (scheme, link host, port, URL). Pages
   * served from CatalogCache are the same object until the cache drops them (a change to their
   * courses, expiry), so a busy page is serialized once, and never outlives its page; a page read
   * from the database is a new object, serialized once as before.
   */
  private readonly bodies = new WeakMap<CatalogPage, Map<string, string>>();

  constructor(private readonly catalog: CatalogService) {}

  @Get()
  @ApiOperation({
    summary: "This site's catalog",
    description:
      'Published courses with catalog visibility `both` of the organizations this site lists ' +
      '(its course_org_filter; on the main site, those no enabled site claims). ' +
      ('By course key, or, with ENABLE_COURSE_SORTING_BY_START_DATE on for the site, courses not ' +
        'yet ended first, then by start (none last). ') +
      (`Paginated: \`page\`, \`page_size\` (default ${DEFAULT_PAGE_SIZE}, at most 100); \`q\` ` +
        `filters by display name or key, any case.`),
  })
  @ApiOkResponse({ type: CoursePageResponse })
  @ApiErrors(400, 404)
  async list(
    @Query() query: CatalogQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const page = query.page ?? 1;
    const pageSize = query.page_size ?? DEFAULT_PAGE_SIZE;
    const result = await this.catalog.list({ page, pageSize, q: query.q });
    const key = `${request.protocol}|${linkHostOf(request)}|${request.port}|${page}|${pageSize}|${request.url}`;
    let bodies = this.bodies.get(result);
    if (bodies === undefined) this.bodies.set(result, (bodies = new Map<string, string>()));
    let body = bodies.get(key);
    if (body === undefined) {
      const response: CoursePageResponse = {
        count: result.count,
        ...pageLinks(request, page, pageSize, result.count),
        results: [...result.courses],
      };
      body = JSON.stringify(response);
      if (bodies.size >= MAX_BODIES_PER_PAGE) bodies.clear();
      bodies.set(key, body);
    }
    // A string with a JSON content type is sent as it is (no second serialization).
    void reply.type('application/json; charset=utf-8');
    return body;
  }

  @Get(':courseKey')
  @ApiOperation({
    summary: "A course's page",
    description:
      'Served for a published course with visibility `both` or `about` that this site lists; ' +
      'anything else is the same 404. A malformed key is a 400.',
  })
  @ApiParam({ name: 'courseKey', example: 'course-v1:MITx+6.002x+2026_T1' })
  @ApiOkResponse({ type: CourseView })
  @ApiErrors(400, 404)
  async get(@Param('courseKey') courseKey: string): Promise<CourseView> {
    return presentCourse(await this.catalog.get(courseKey));
  }
}
