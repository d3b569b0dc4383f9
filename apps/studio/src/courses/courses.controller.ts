import { Body, Controller, Get, Param, Patch, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Authenticated } from '@mtl/accounts';
import { CourseAuthoringService, CourseView, presentCourse } from '@mtl/courses';
import { ApiErrors, paginate } from '@mtl/http';
import { CourseListQueryDto, CoursePageResponse, CreateCourseDto, UpdateCourseDto } from './courses.dto';

/**
 * Authors and admins work on their own organization's courses; operators on any organization's.
 * Another organization's course is the same 404 as one that exists nowhere.
 */
@ApiTags('courses')
@Controller('api/courses')
@Authenticated({ roles: ['author', 'admin', 'operator'] })
export class CoursesController {
  constructor(private readonly authoring: CourseAuthoringService) {}

  @Get()
  @ApiOperation({ summary: "The organization's course runs, by key (an operator's: every organization's)" })
  @ApiOkResponse({ type: CoursePageResponse })
  @ApiErrors(400, 404)
  async list(@Query() query: CourseListQueryDto, @Req() request: FastifyRequest): Promise<CoursePageResponse> {
    return paginate(request, query, async (window) => {
      const { count, results } = await this.authoring.listCourses(window, query.q);
      return { count, results: results.map(presentCourse) };
    });
  }

  @Post()
  @ApiOperation({
    summary: 'Create a course run course-v1:ORG+NUMBER+RUN and link it to its organization',
    description:
      "Members create under their own organization's short_name only (403 otherwise). Operators " +
      ('create under any: an unknown organization is created when ORGANIZATIONS_AUTOCREATE is ' +
        'on, a 400 naming `org` when it is off. 409 when the key exists, compared case-insensitively.'),
  })
  @ApiCreatedResponse({ type: CourseView })
  @ApiErrors(400, 409)
  async create(@Body() body: CreateCourseDto): Promise<CourseView> {
    const course = await this.authoring.createCourse({
      org: body.org,
      number: body.number,
      run: body.run,
      displayName: body.display_name,
      start: body.start,
      end: body.end,
    });
    return presentCourse(course);
  }

  @Get(':courseKey')
  @ApiOperation({ summary: 'One course run' })
  @ApiParam({ name: 'courseKey', example: 'course-v1:MITx+6.002x+2026_T1' })
  @ApiOkResponse({ type: CourseView })
  @ApiErrors(400, 404)
  async get(@Param('courseKey') courseKey: string): Promise<CourseView> {
    return presentCourse(await this.authoring.getCourse(courseKey));
  }

  @Patch(':courseKey')
  @ApiOperation({
    summary: 'Change display_name, start, end, catalog_visibility or published',
    description: 'start must precede end.',
  })
  @ApiParam({ name: 'courseKey', example: 'course-v1:MITx+6.002x+2026_T1' })
  @ApiOkResponse({ type: CourseView })
  @ApiErrors(400, 404)
  async update(@Param('courseKey') courseKey: string, @Body() body: UpdateCourseDto): Promise<CourseView> {
    const course = await this.authoring.updateCourse(courseKey, {
      displayName: body.display_name,
      start: body.start,
      end: body.end,
      catalogVisibility: body.catalog_visibility,
      published: body.published,
    });
    return presentCourse(course);
  }
}
