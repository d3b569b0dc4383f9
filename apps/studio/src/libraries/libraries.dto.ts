import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { LibraryView } from '@mtl/courses';

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

export class LibraryPageResponse {
  @ApiProperty({ example: 3 })
  count!: number;

  @ApiProperty({ type: String, nullable: true })
  next!: string | null;

  @ApiProperty({ type: String, nullable: true })
  previous!: string | null;

  @ApiProperty({ type: [LibraryView] })
  results!: LibraryView[];
}
