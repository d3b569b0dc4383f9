import { Body, Controller, Get, Post, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Authenticated } from '@mtl/accounts';
import { CourseAuthoringService, LibraryView, presentLibrary } from '@mtl/courses';
import { ApiErrors, paginate, PageQueryDto } from '@mtl/http';
import { CreateLibraryDto, LibraryPageResponse } from './libraries.dto';

/** Content libraries (`lib:ORG:SLUG`), with the same organization rules as courses. */
@ApiTags('libraries')
@Controller('api/libraries')
@Authenticated({ roles: ['author', 'admin', 'operator'] })
export class LibrariesController {
  constructor(private readonly authoring: CourseAuthoringService) {}

  @Get()
  @ApiOperation({ summary: "The organization's libraries, by key (an operator's: every organization's)" })
  @ApiOkResponse({ type: LibraryPageResponse })
  @ApiErrors(400, 404)
  async list(@Query() query: PageQueryDto, @Req() request: FastifyRequest): Promise<LibraryPageResponse> {
    return paginate(request, query, async (window) => {
      const { count, results } = await this.authoring.listLibraries(window);
      return { count, results: results.map(presentLibrary) };
    });
  }

  @Post()
  @ApiOperation({
    summary: 'Create a library lib:ORG:SLUG',
    description:
      'Same organization rules as courses (403 for another organization, autocreate for ' +
      'operators); 409 when the key exists, compared case-insensitively. Libraries get no organization–course link.',
  })
  @ApiCreatedResponse({ type: LibraryView })
  @ApiErrors(400, 409)
  async create(@Body() body: CreateLibraryDto): Promise<LibraryView> {
    return presentLibrary(await this.authoring.createLibrary({ org: body.org, slug: body.slug, title: body.title }));
  }
}
