import { ApiProperty } from '@nestjs/swagger';

export class SiteOrganizationDto {
  @ApiProperty({ example: 'MITx' }) short_name!: string;
  @ApiProperty({ example: 'MIT' }) name!: string;
  @ApiProperty({ nullable: true, type: String, example: 'https://cdn.example.com/mitx.png' }) logo_url!: string | null;
}

/** The public face of the site the request came to. */
export class SiteFaceDto {
  @ApiProperty({ example: 'mitx.localhost' }) domain!: string;
  @ApiProperty({ example: 'MITx Online' }) name!: string;
  @ApiProperty({ type: SiteOrganizationDto, nullable: true, description: 'null on the main site' })
  organization!: SiteOrganizationDto | null;
  @ApiProperty({ example: 'MITx Online', description: "The site's platform_name, else PLATFORM_NAME" })
  platform_name!: string;
  @ApiProperty({
    example: { logo_url: 'https://cdn.example.com/mitx-logo.svg', primary_color: '#a31f34' },
    description: 'The `theme` object of an enabled site configuration; empty otherwise',
  })
  theme!: Record<string, unknown>;
}
