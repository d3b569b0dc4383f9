import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@mtl/http';
import { CachedSite, CurrentSite, SiteConfigurationHelpers } from '@mtl/sites';
import { SiteFaceDto } from './site-face.dto';

@ApiTags('site')
@Controller('api/site')
export class SiteController {
  constructor(private readonly helpers: SiteConfigurationHelpers) {}

  /** Served from the in-process site cache: no database query. */
  @Get()
  @Public()
  @ApiOperation({ summary: 'The site selected by the Host header: name, organization, platform name, theme' })
  @ApiOkResponse({ type: SiteFaceDto })
  face(@CurrentSite() site: CachedSite): SiteFaceDto {
    const organization = site.organization;
    return {
      domain: site.domain,
      name: site.name,
      organization: organization
        ? { short_name: organization.shortName, name: organization.name, logo_url: organization.logoUrl }
        : null,
      platform_name: this.helpers.platformName(),
      theme: this.helpers.getDict('theme'),
    };
  }
}
