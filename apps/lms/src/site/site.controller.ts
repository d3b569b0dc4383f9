import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { platformConfig, PlatformSettings } from '@mtl/config';
import { Public } from '@mtl/http';
import { CachedSite, CurrentSite, getDict, getValue } from '@mtl/sites';
import { SiteFaceDto } from './site-face.dto';

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

@ApiTags('site')
@Controller('api/site')
export class SiteController {
  /**
   * The face's JSON per cached site. A CachedSite is immutable and replaced by a new object
   * whenever its site, organization or configuration changes (SiteRegistry reloads by version),
   * so an entry can never outlive what it shows; old sites are collected with their entries.
   */
  private readonly faces = new WeakMap<CachedSite, string>();

  constructor(@Inject(platformConfig.KEY) private readonly platform: PlatformSettings) {}

  /** Served from the in-process site cache: no database query, serialized once per site version. */
  @Get()
  @Public()
  @ApiOperation({ summary: 'The site selected by the Host header: name, organization, platform name, theme' })
  @ApiOkResponse({ type: SiteFaceDto })
  face(@CurrentSite() site: CachedSite, @Res({ passthrough: true }) reply: FastifyReply): string {
    let json = this.faces.get(site);
    if (json === undefined) {
      json = JSON.stringify(this.faceOf(site));
      this.faces.set(site, json);
    }
    // A string with a JSON content type is sent as it is (no second serialization).
    void reply.type(JSON_CONTENT_TYPE);
    return json;
  }

  /** What SiteConfigurationHelpers' platformName() and getDict('theme') give for this site. */
  private faceOf(site: CachedSite): SiteFaceDto {
    const organization = site.organization;
    return {
      domain: site.domain,
      name: site.name,
      organization: organization
        ? { short_name: organization.shortName, name: organization.name, logo_url: organization.logoUrl }
        : null,
      platform_name: String(getValue(site.configuration, 'platform_name', this.platform.PLATFORM_NAME)),
      theme: getDict(site.configuration, 'theme'),
    };
  }
}
