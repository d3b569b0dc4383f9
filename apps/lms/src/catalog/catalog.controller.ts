import { Controller, Get, Param, Query, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { CatalogService, CourseView, presentCourse } from '@mtl/courses';
import { ApiErrors, DEFAULT_PAGE_SIZE, pageLinks, Public } from '@mtl/http';
import { CatalogQueryDto, CoursePageResponse } from './catalog.dto';

/** The site's catalog: public, chosen by the Host header like everything on the LMS. */
@ApiTags('catalog')
@Controller('api/courses')
// Public to the router: the site's catalog is open to anyone the site serves.
@Public()
export class CatalogController {
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
  async list(@Query() query: CatalogQueryDto, @Req() request: FastifyRequest): Promise<CoursePageResponse> {
    const page = query.page ?? 1;
    const pageSize = query.page_size ?? DEFAULT_PAGE_SIZE;
    const { count, courses } = await this.catalog.list({ page, pageSize, q: query.q });
    return { count, ...pageLinks(request, page, pageSize, count), results: [...courses] };
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
