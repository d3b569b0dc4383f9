import { Controller, Get, Param, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CatalogPage, CatalogService, CourseView, presentCourse } from '@mtl/courses';
import { ApiErrors, DEFAULT_PAGE_SIZE, pageLinks, Public } from '@mtl/http';
import { CatalogQueryDto, CoursePageResponse } from './catalog.dto';

/** The site's catalog: public, chosen by the Host header like everything on the LMS. */
@ApiTags('catalog')
@Controller('api/courses')
// Public to the router: the site's catalog is open to anyone the site serves.
@Public()
export class CatalogController {
  /**
   * The `results` JSON of a page. Pages served from CatalogCache are the same object until the
   * cache drops them (a change to their courses, expiry), so each is serialized once; a page
   * read from the database is a new object, serialized once as before.
   */
  private readonly resultsJson = new WeakMap<CatalogPage, string>();

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
    let results = this.resultsJson.get(result);
    if (results === undefined) {
      results = JSON.stringify(result.courses);
      this.resultsJson.set(result, results);
    }
    const { next, previous } = pageLinks(request, page, pageSize, result.count);
    // The very text JSON.stringify gives of a CoursePageResponse; a string with a JSON content
    // type is sent as it is.
    void reply.type('application/json; charset=utf-8');
    return (
      `{"count":${JSON.stringify(result.count)},"next":${JSON.stringify(next)},"previous":${JSON.stringify(previous)},` +
      `"results":${results}}`
    );
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
