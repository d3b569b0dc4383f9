import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { CourseView } from '@mtl/courses';
import { PageQueryDto } from '@mtl/http';

export class CatalogQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: 'Text found in the display name or the course key, any case',
    example: 'circuits',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class CoursePageResponse {
  @ApiProperty({ example: 42 }) count!: number;
  @ApiProperty({ nullable: true, type: String, example: 'http://mitx.localhost:3000/api/courses?page=3' }) next!:
    string | null;
  @ApiProperty({ nullable: true, type: String, example: 'http://mitx.localhost:3000/api/courses?page=1' }) previous!:
    string | null;
  @ApiProperty({ type: [CourseView] }) results!: CourseView[];
}
