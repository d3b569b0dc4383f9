import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query, Req } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Authenticated } from '@mtl/accounts';
import { EnrollmentRow, EnrollmentsService } from '@mtl/courses';
import { ApiErrors, DEFAULT_PAGE_SIZE, paginate, PageQueryDto } from '@mtl/http';
import { EnrollDto, EnrollmentPageResponse, EnrollmentResponse } from './enrollments.dto';

function present(row: EnrollmentRow): EnrollmentResponse {
  return { course_key: row.courseKey, mode: row.mode, active: row.isActive, created: row.created.toISOString() };
}

/** The signed-in caller's enrollments on this site (members of its organization, and operators). */
@ApiTags('enrollments')
@Controller('api/enrollments')
@Authenticated()
export class EnrollmentsController {
  constructor(private readonly enrollments: EnrollmentsService) {}

  @Post()
  @ApiOperation({
    summary: 'Enroll in a course this site serves',
    description:
      'Members enroll in courses of their own organization, operators in any course of the ' +
      'site. Enrolling again after unenrolling reactivates the enrollment (201).',
  })
  @ApiCreatedResponse({ type: EnrollmentResponse })
  @ApiErrors(400, 404, 409)
  async enroll(@Body() body: EnrollDto): Promise<EnrollmentResponse> {
    return present(await this.enrollments.enroll(body.course_key));
  }

  @Get()
  @ApiOperation({
    summary: "The caller's active enrollments, newest first",
    description: `Paginated: \`page\`, \`page_size\` (default ${DEFAULT_PAGE_SIZE}, at most 100).`,
  })
  @ApiOkResponse({ type: EnrollmentPageResponse })
  @ApiErrors(400, 404)
  async list(@Query() query: PageQueryDto, @Req() request: FastifyRequest): Promise<EnrollmentPageResponse> {
    return paginate(request, query, async ({ page, pageSize }) => {
      const { count, rows } = await this.enrollments.listMine(page, pageSize);
      return { count, results: rows.map(present) };
    });
  }

  @Delete(':courseKey')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Unenroll',
    description: 'The enrollment is kept, inactive; enrolling again reactivates it. 404 without an active enrollment.',
  })
  @ApiParam({ name: 'courseKey', example: 'course-v1:MITx+6.002x+2026_T1' })
  @ApiNoContentResponse()
  @ApiErrors(400, 404)
  async unenroll(@Param('courseKey') courseKey: string): Promise<void> {
    await this.enrollments.unenroll(courseKey);
  }
}
