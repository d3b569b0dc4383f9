import { Body, Controller, Delete, Get, HttpStatus, Param, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiExcludeEndpoint,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Authenticated } from '@mtl/accounts';
import { ApiError, ApiErrors, DEFAULT_PAGE_SIZE, paginate, PageQueryDto } from '@mtl/http';
import { OrganizationsService } from '@mtl/organizations';
import { OrganizationPageResponse, OrganizationResponse, PutOrganizationDto } from './organizations-api.dto';

/** Methods each route answers (Fastify adds HEAD to every GET route). */
const LIST_METHODS = 'GET, HEAD';
const DETAIL_METHODS = 'GET, HEAD, PUT';

/** A real 405 in the shared error shape, with `Allow`, instead of the framework's 404 for an unrouted method. */
function methodNotAllowed(request: FastifyRequest, reply: FastifyReply, allow: string): never {
  void reply.header('allow', allow);
  throw new ApiError(HttpStatus.METHOD_NOT_ALLOWED, `Method ${request.method} is not allowed here; allowed: ${allow}`);
}

/**
 * The edx-organizations v0 REST API (openedx-behaviours.md §3), for operators only: the registry
 * lists every tenant. Departures from the original are listed in docs/compat.md.
 */
@ApiTags('organizations (edx-organizations v0)')
@Controller('api/organizations/v0/organizations')
@Authenticated({ operator: true })
export class OrganizationsApiController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Get()
  @ApiOperation({
    summary: 'The active organizations, by id',
    description: `Paginated: \`page\`, \`page_size\` (default ${DEFAULT_PAGE_SIZE}, at most 100).`,
  })
  @ApiOkResponse({ type: OrganizationPageResponse })
  @ApiErrors(400, 404)
  list(@Query() query: PageQueryDto, @Req() request: FastifyRequest): Promise<OrganizationPageResponse> {
    return paginate(request, query, async ({ offset, pageSize }) => {
      const { count, organizations } = await this.organizations.listActivePage(offset, pageSize);
      return { count, results: organizations.map((o) => OrganizationResponse.of(o)) };
    });
  }

  @Get(':shortName')
  @ApiOperation({
    summary: 'One active organization',
    description: 'The short_name is matched case-insensitively; an inactive one is 404.',
  })
  @ApiParam({ name: 'shortName', example: 'MITx' })
  @ApiOkResponse({ type: OrganizationResponse })
  @ApiErrors(404)
  async get(@Param('shortName') shortName: string): Promise<OrganizationResponse> {
    return OrganizationResponse.of(await this.organizations.getByShortName(shortName));
  }

  @Put(':shortName')
  @ApiOperation({
    summary: 'Create or update an organization',
    description:
      "201 when it creates, 200 when it updates. The body's short_name must equal the path's (case-insensitively); " +
      '`active` may not be sent; an inactive organization is reactivated, with its course links. ' +
      'description and logo_url left out are kept (null on creation).',
  })
  @ApiParam({ name: 'shortName', example: 'MITx' })
  @ApiOkResponse({ type: OrganizationResponse, description: 'Updated (and reactivated if it was inactive)' })
  @ApiCreatedResponse({ type: OrganizationResponse, description: 'Created' })
  @ApiErrors(400, 409)
  async put(
    @Param('shortName') shortName: string,
    @Body() body: PutOrganizationDto,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<OrganizationResponse> {
    if (body.short_name.toLowerCase() !== shortName.toLowerCase()) {
      throw ApiError.field(
        'short_name',
        `must equal the short_name in the path ('${shortName}'); this API does not rename`,
      );
    }
    const { organization, created } = await this.organizations.createOrUpdate({
      shortName: body.short_name,
      name: body.name,
      description: body.description,
      logoUrl: body.logo_url,
    });
    // Audited by the service, in the cross-organization transaction that wrote the registry.
    void reply.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return OrganizationResponse.of(organization);
  }

  // Unsupported methods (B-ORGREST-6): one handler per method and route, as Nest keeps only one
  // method per handler; hidden from /docs, they are not operations.

  @Post()
  @ApiExcludeEndpoint()
  postList(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): never {
    methodNotAllowed(request, reply, LIST_METHODS);
  }

  @Put()
  @ApiExcludeEndpoint()
  putList(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): never {
    methodNotAllowed(request, reply, LIST_METHODS);
  }

  @Patch()
  @ApiExcludeEndpoint()
  patchList(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): never {
    methodNotAllowed(request, reply, LIST_METHODS);
  }

  @Delete()
  @ApiExcludeEndpoint()
  deleteList(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): never {
    methodNotAllowed(request, reply, LIST_METHODS);
  }

  @Post(':shortName')
  @ApiExcludeEndpoint()
  postDetail(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): never {
    methodNotAllowed(request, reply, DETAIL_METHODS);
  }

  @Patch(':shortName')
  @ApiExcludeEndpoint()
  patchDetail(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): never {
    methodNotAllowed(request, reply, DETAIL_METHODS);
  }

  @Delete(':shortName')
  @ApiExcludeEndpoint()
  deleteDetail(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): never {
    methodNotAllowed(request, reply, DETAIL_METHODS);
  }
}
