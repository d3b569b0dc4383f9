import { Body, Controller, Get, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Authenticated } from '@mtl/accounts';
import { ApiErrors, paginate, PageQueryDto } from '@mtl/http';
import { SitesService } from '@mtl/sites';
import { CreateSiteDto, SiteConfigurationDto, SitePageResponse, SiteResponse } from './admin-sites.dto';

/** Operators manage sites and their configuration; changes reach every LMS instance at once. */
@ApiTags('admin: sites')
@Controller('api/admin/sites')
@Authenticated({ operator: true })
export class AdminSitesController {
  /** Writes are audited by SitesService, in the cross-organization transaction that makes them. */
  constructor(private readonly sites: SitesService) {}

  @Get()
  @ApiOperation({ summary: 'Every site with its configuration, by id' })
  @ApiOkResponse({ type: SitePageResponse })
  @ApiErrors(400, 404)
  list(@Query() query: PageQueryDto, @Req() request: FastifyRequest): Promise<SitePageResponse> {
    return paginate(request, query, async ({ offset, pageSize }) => {
      const all = await this.sites.list();
      return { count: all.length, results: all.slice(offset, offset + pageSize).map((v) => SiteResponse.of(v)) };
    });
  }

  @Post()
  @ApiOperation({
    summary: 'Create a site',
    description:
      "A tenant site's configuration starts enabled with course_org_filter set to its organization's short_name.",
  })
  @ApiCreatedResponse({ type: SiteResponse })
  @ApiErrors(400, 409)
  async create(@Body() body: CreateSiteDto): Promise<SiteResponse> {
    const site = await this.sites.create({
      domain: body.domain,
      organization: body.organization ?? null,
      name: body.name,
    });
    return SiteResponse.of(site);
  }

  @Get(':domain/configuration')
  @ApiOperation({ summary: "A site's configuration" })
  @ApiOkResponse({ type: SiteConfigurationDto })
  @ApiErrors(404)
  async configuration(@Param('domain') domain: string): Promise<SiteConfigurationDto> {
    return (await this.sites.get(domain)).configuration;
  }

  @Put(':domain/configuration')
  @ApiOperation({
    summary: "Replace a site's values and set enabled",
    description: 'Visible on every running LMS within a second.',
  })
  @ApiOkResponse({ type: SiteConfigurationDto })
  @ApiErrors(400, 404)
  async configure(@Param('domain') domain: string, @Body() body: SiteConfigurationDto): Promise<SiteConfigurationDto> {
    const view = await this.sites.configure(domain, { values: body.site_values, merge: false, enabled: body.enabled });
    return view.configuration;
  }
}
