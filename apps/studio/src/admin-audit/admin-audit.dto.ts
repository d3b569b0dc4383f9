import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQueryDto, PageResponseOf } from '@mtl/http';
import { AUDIT_ACTIONS, type AuditAction, type AuditTrailRow } from '@mtl/tenancy';

export class AuditQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only rows about this organization (its short_name, any case)', example: 'MITx' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  @Matches(/^[A-Za-z0-9._-]+$/, { message: 'may contain only letters A-Z and a-z, digits, ".", "_" and "-"' })
  organization?: string;

  @ApiPropertyOptional({ enum: AUDIT_ACTIONS })
  @IsOptional()
  @IsIn(AUDIT_ACTIONS)
  action?: AuditAction;
}

export class AuditEntryResponse {
  @ApiProperty({ example: '42' })
  id!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  at!: string;

  @ApiProperty({ example: 'operator:4b0c…', description: '`role:id` of who acted, or the name a command gave' })
  actor!: string;

  @ApiProperty({ enum: AUDIT_ACTIONS })
  action!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'MITx',
    description: 'The organization acted on (its short_name), or null',
  })
  organization!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'course-v1:MITx+6.002x+2026_T1' })
  target!: string | null;

  @ApiProperty({ type: String, nullable: true })
  detail!: string | null;

  @ApiProperty({ type: String, nullable: true })
  request_id!: string | null;

  static of(row: AuditTrailRow): AuditEntryResponse {
    return {
      id: row.id,
      at: new Date(row.at).toISOString(),
      actor: row.actor,
      action: row.action,
      organization: row.organizationShortName,
      target: row.target,
      detail: row.detail,
      request_id: row.requestId,
    };
  }
}

export class AuditPageResponse extends PageResponseOf(AuditEntryResponse, { count: 120 }) {}
