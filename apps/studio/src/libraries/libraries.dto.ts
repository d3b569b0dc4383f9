import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { LibraryView } from '@mtl/courses';
import { PageResponseOf } from '@mtl/http';

export class CreateLibraryDto {
  @ApiProperty({ example: 'MITx', description: "The organization's short_name: a member's own; any for operators" })
  @IsString()
  @MaxLength(255)
  org!: string;

  @ApiProperty({ example: 'circuits-problems', description: 'Letters, digits, _, - and .' })
  @IsString()
  @MaxLength(255)
  slug!: string;

  @ApiProperty({ example: 'Circuits problem bank' })
  @IsString()
  @MaxLength(255)
  title!: string;
}

export class LibraryPageResponse extends PageResponseOf(LibraryView, { count: 3 }) {}
