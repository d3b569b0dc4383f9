import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { CATALOG_VISIBILITIES, CatalogVisibility, CourseView } from '@mtl/courses';
import { PageQueryDto, PageResponseOf } from '@mtl/http';

/*
 * Types and lengths here; the key grammar, the organization rule and the date order are the
 * authoring service's (the same checks for HTTP and commands).
 */

export class CreateCourseDto {
  @ApiProperty({ example: 'MITx', description: "The organization's short_name: a member's own; any for operators" })
  @IsString()
  @MaxLength(255)
  org!: string;

  @ApiProperty({ example: '6.002x' })
  @IsString()
  @MaxLength(255)
  number!: string;

  @ApiProperty({ example: '2026_T1' })
  @IsString()
  @MaxLength(255)
  run!: string;

  @ApiProperty({ example: 'Circuits and Electronics' })
  @IsString()
  @MaxLength(255)
  display_name!: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  @IsOptional()
  @IsISO8601({ strict: true })
  start?: string | null;

  @ApiPropertyOptional({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'After start when both are set',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  end?: string | null;
}

export class UpdateCourseDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(255)
  display_name?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'null clears it' })
  @IsOptional()
  @IsISO8601({ strict: true })
  start?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true, description: 'null clears it' })
  @IsOptional()
  @IsISO8601({ strict: true })
  end?: string | null;

  @ApiPropertyOptional({ enum: CATALOG_VISIBILITIES })
  @IsOptional()
  @IsIn(CATALOG_VISIBILITIES)
  catalog_visibility?: CatalogVisibility;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  published?: boolean;
}

export class CourseListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Case-insensitive search in display name and course key' })
  @IsOptional()
  @IsString()
  @MaxLength(255)
  q?: string;
}

export class CoursePageResponse extends PageResponseOf(CourseView, { count: 42 }) {}
