import { ApiHideProperty, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, IsUrl, Length, Matches, MaxLength, ValidateBy, ValidateIf } from 'class-validator';
import { Organization, SHORT_NAME_MAX_LENGTH, SHORT_NAME_PATTERN } from '@mtl/organizations';
import { PageResponseOf } from '@mtl/http';

/** Why a body carrying `active` is refused (B-ORGREST-6, in our error shape). */
export const ACTIVE_REFUSED = 'may not be specified via the Organizations HTTP API';

/** The PUT body: a full representation of the organization, as the original's serializer takes it. */
export class PutOrganizationDto {
  @ApiProperty({ example: 'MIT', maxLength: 255 })
  @IsString()
  @Length(1, 255)
  @Matches(/\S/, { message: 'must not be only white space' })
  name!: string;

  @ApiProperty({
    example: 'MITx',
    maxLength: SHORT_NAME_MAX_LENGTH,
    pattern: SHORT_NAME_PATTERN.source,
    description: "Must equal the path's short_name, compared case-insensitively; this spelling is stored",
  })
  @IsString()
  @Length(1, SHORT_NAME_MAX_LENGTH)
  @Matches(SHORT_NAME_PATTERN, { message: 'may contain only letters A-Z and a-z, digits, ".", "_" and "-"' })
  short_name!: string;

  @ApiPropertyOptional({
    example: 'Massachusetts Institute of Technology',
    nullable: true,
    type: String,
    description: 'Left out: kept (null on creation); null: cleared',
  })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  description?: string | null;

  @ApiPropertyOptional({
    example: 'https://cdn.example.com/logos/mitx.png',
    nullable: true,
    type: String,
    maxLength: 255,
    description:
      'An http(s) URL, stored as given and returned as `logo` (never downloaded). Left out: kept; null: cleared',
  })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsString()
  @MaxLength(255)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true }, { message: 'must be an http or https URL' })
  logo_url?: string | null;

  /** Declared only to be refused with its own message: present with any value (null included) → 400. */
  @ApiHideProperty()
  @ValidateIf((_o, v) => v !== undefined)
  @ValidateBy({ name: 'notAccepted', validator: { validate: () => false, defaultMessage: () => ACTIVE_REFUSED } })
  active?: unknown;
}

/** An organization as the edx-organizations REST API represents it (B-ORGREST-4). */
export class OrganizationResponse {
  @ApiProperty({ example: 7 }) id!: number;
  @ApiProperty({ example: '2026-01-31T12:00:00.000Z', format: 'date-time' }) created!: string;
  @ApiProperty({ example: '2026-02-01T09:30:00.000Z', format: 'date-time' }) modified!: string;
  @ApiProperty({ example: 'MIT' }) name!: string;
  @ApiProperty({ example: 'MITx' }) short_name!: string;
  @ApiProperty({ example: 'Massachusetts Institute of Technology', nullable: true, type: String }) description!:
    string | null;
  @ApiProperty({
    example: 'https://cdn.example.com/logos/mitx.png',
    nullable: true,
    type: String,
    description: 'The stored logo URL',
  })
  logo!: string | null;
  @ApiProperty({ example: true, description: 'Always true: inactive organizations are not served' }) active!: boolean;

  static of(organization: Organization): OrganizationResponse {
    return {
      id: organization.id,
      created: organization.created.toISOString(),
      modified: organization.modified.toISOString(),
      name: organization.name,
      short_name: organization.shortName,
      description: organization.description,
      logo: organization.logoUrl,
      active: organization.active,
    };
  }
}

export class OrganizationPageResponse extends PageResponseOf(OrganizationResponse, {
  count: 42,
  next: 'https://studio.example.com/api/organizations/v0/organizations/?page=3',
  previous: 'https://studio.example.com/api/organizations/v0/organizations/?page=1',
}) {}
