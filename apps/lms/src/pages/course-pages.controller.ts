import { Controller, Get, HttpStatus, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { CatalogService, CourseView, EnrollmentsService, presentCourse } from '@mtl/courses';
import { DomainError, PageQueryDto, Public } from '@mtl/http';
import { TenantTransactions } from '@mtl/tenancy';
import { CatalogQueryDto } from '../catalog/catalog.dto';
import { formProblemsOf } from './page-forms';
import { PageCsrfGuard, PageRequest, PageSessionGuard } from './page-guards';
import { PageRenderer } from './page-renderer.service';

/** Courses on a card grid: a multiple of 2 and 3 fills every row at every width. */
const CATALOG_PAGE_SIZE = 12;
const DASHBOARD_PAGE_SIZE = 10;

export class DashboardQueryDto extends PageQueryDto {
  /** The course just enrolled in or left, for the notice at the top. */
  @IsOptional()
  @IsString()
  @MaxLength(255)
  enrolled?: string;

  @IsOptional()
  @IsString()
  @MaxLength(255)
  unenrolled?: string;
}

/** Page numbers around the current one, for the pager. */
function pager(page: number, pageSize: number, count: number, link: (page: number) => string) {
  const pages = Math.max(1, Math.ceil(count / pageSize));
  const numbers: number[] = [];
  for (let n = Math.max(1, page - 2); n <= Math.min(pages, page + 2); n++) numbers.push(n);
  return {
    page,
    pages,
    previous: page > 1 ? link(page - 1) : null,
    next: page < pages ? link(page + 1) : null,
    numbers: numbers.map((n) => ({ number: n, url: link(n), current: n === page })),
  };
}

const coursePath = (courseKey: string) => `/courses/${encodeURIComponent(courseKey)}`;

/**
 * The catalog, a course's page and the learner's dashboard: what the JSON API's catalog and
 * enrollment endpoints answer (CatalogService, EnrollmentsService), rendered in the site's theme.
 */
@ApiExcludeController()
@Controller()
// Public to the router: pages read an optional site session (PageSessionGuard); a page that
// needs one sends the visitor to /login.
@Public()
@UseGuards(PageSessionGuard)
export class CoursePagesController {
  constructor(
    private readonly catalog: CatalogService,
    private readonly enrollments: EnrollmentsService,
    private readonly transactions: TenantTransactions,
    private readonly renderer: PageRenderer,
  ) {}

  @Get()
  async home(@Req() request: PageRequest, @Res() reply: FastifyReply, @Query() query: CatalogQueryDto): Promise<void> {
    const page = query.page ?? 1;
    const pageSize = query.page_size ?? CATALOG_PAGE_SIZE;
    const q = query.q?.trim() ?? '';
    const { count, courses } = await this.catalog.list({ page, pageSize, q: q || undefined });
    const link = (n: number) => `/?${new URLSearchParams({ ...(q ? { q } : {}), page: String(n) }).toString()}`;
    await this.renderer.render(request, reply, 'home', {
      crumbs: q ? [`Search: ${q}`] : [],
      visitor: request.visitor,
      data: { q, count, courses, pager: pager(page, pageSize, count, link), coursePath },
    });
  }

  @Get('courses/:courseKey')
  async course(
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
    @Param('courseKey') courseKey: string,
  ): Promise<void> {
    const course = presentCourse(await this.catalog.get(courseKey));
    const enrollment = request.visitor ? await this.enrollments.findMine(course.course_key) : null;
    await this.showCourse(request, reply, course, enrollment !== null);
  }

  @Post('courses/:courseKey/enroll')
  @UseGuards(PageCsrfGuard)
  async enroll(
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
    @Param('courseKey') courseKey: string,
  ): Promise<void> {
    if (!request.visitor) return void reply.redirect(`/login?next=${encodeURIComponent(coursePath(courseKey))}`, 303);
    try {
      const row = await this.transactions.run(() => this.enrollments.enroll(courseKey));
      void reply.redirect(`/dashboard?enrolled=${encodeURIComponent(row.courseKey)}`, 303);
    } catch (error) {
      const problems = formProblemsOf(error);
      // Already enrolled, or not allowed to (another organization's course): say so on the course page.
      if (
        !problems ||
        problems.status === Number(HttpStatus.NOT_FOUND) ||
        problems.status === Number(HttpStatus.BAD_REQUEST)
      )
        throw error;
      const course = presentCourse(await this.catalog.get(courseKey));
      const reasons = Object.values(problems.fields).flat();
      const notice = problems.form ?? `You are ${reasons.join('; ')}.`;
      await this.showCourse(
        request,
        reply,
        course,
        problems.status === Number(HttpStatus.CONFLICT),
        notice,
        problems.status,
      );
    }
  }

  @Post('courses/:courseKey/unenroll')
  @UseGuards(PageCsrfGuard)
  async unenroll(
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
    @Param('courseKey') courseKey: string,
  ): Promise<void> {
    if (!request.visitor) return void reply.redirect('/login?next=/dashboard', 303);
    await this.transactions.run(() => this.enrollments.unenroll(courseKey));
    void reply.redirect(`/dashboard?unenrolled=${encodeURIComponent(courseKey)}`, 303);
  }

  @Get('dashboard')
  async dashboard(
    @Req() request: PageRequest,
    @Res() reply: FastifyReply,
    @Query() query: DashboardQueryDto,
  ): Promise<void> {
    if (!request.visitor) return void reply.redirect('/login?next=/dashboard', 303);
    const page = query.page ?? 1;
    const pageSize = query.page_size ?? DASHBOARD_PAGE_SIZE;
    const { count, rows } = await this.enrollments.listMine(page, pageSize);
    // Each enrollment's course as this site serves it now (display name, dates); one that the site
    // no longer serves (unpublished, hidden) is listed by its key alone.
    const enrollments: { courseKey: string; created: Date; course: CourseView | null }[] = [];
    for (const row of rows) {
      const course = await this.catalog.get(row.courseKey).then(presentCourse, (error: unknown) => {
        if (error instanceof DomainError) return null;
        throw error;
      });
      enrollments.push({ courseKey: row.courseKey, created: row.created, course });
    }
    await this.renderer.render(request, reply, 'dashboard', {
      crumbs: ['Dashboard'],
      visitor: request.visitor,
      data: {
        count,
        enrollments,
        notice: query.enrolled
          ? { kind: 'enrolled', courseKey: query.enrolled }
          : query.unenrolled
            ? { kind: 'unenrolled', courseKey: query.unenrolled }
            : null,
        pager: pager(page, pageSize, count, (n) => `/dashboard?page=${n}`),
        coursePath,
      },
    });
  }

  private showCourse(
    request: PageRequest,
    reply: FastifyReply,
    course: CourseView,
    enrolled: boolean,
    notice: string | null = null,
    status = 200,
  ): Promise<void> {
    return this.renderer.render(request, reply, 'course', {
      crumbs: [course.display_name],
      status,
      visitor: request.visitor,
      data: { course, enrolled, notice, coursePath },
    });
  }
}
