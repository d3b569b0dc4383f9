import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsObject, IsOptional, IsString, Length, Matches, ValidateIf } from 'class-validator';
import type { SiteView } from '@mtl/sites';
import { PageResponseOf } from '@mtl/http';

export class CreateSiteDto {
  @ApiProperty({ example: 'mitx.example.com', description: 'Host name; matched case-insensitively, without port' })
  @IsString()
  @Length(1, 253)
  domain!: string;

  @ApiPropertyOptional({
    example: 'MITx',
    nullable: true,
    description: "The organization's short_name; omit or null for the main site",
  })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,255}$/, { message: 'must be a short_name: letters, digits, . _ -' })
  organization?: string | null;

  @ApiPropertyOptional({ example: 'MITx Online', description: 'Defaults to the domain' })
  @IsOptional()
  @IsString()
  @Length(1, 255)
  name?: string;
}

export class SiteConfigurationDto {
  @ApiProperty({ example: true })
  @IsBoolean()
  enabled!: boolean;

  @ApiProperty({
    example: { course_org_filter: 'MITx', platform_name: 'MITx Online' },
    description: 'A JSON object; replaces the stored values',
  })
  @IsObject({ message: 'must be a JSON object' })
  site_values!: Record<string, unknown>;
}

export class SiteResponse {
  @ApiProperty({ example: 'mitx.example.com' }) domain!: string;
  @ApiProperty({ example: 'MITx Online' }) name!: string;
  @ApiProperty({ example: 'MITx', nullable: true, type: String }) organization!: string | null;
  @ApiProperty({ type: SiteConfigurationDto }) configuration!: SiteConfigurationDto;

  static of(view: SiteView): SiteResponse {
    return { domain: view.domain, name: view.name, organization: view.organization, configuration: view.configuration };
  }
}

export class SitePageResponse extends PageResponseOf(SiteResponse) {}
