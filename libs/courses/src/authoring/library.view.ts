import { ApiProperty } from '@nestjs/swagger';
import { tryParseLearningContextKey } from '@mtl/course-keys';
import { Library } from '../library.entity';

/** A library as Studio returns it. */
export class LibraryView {
  @ApiProperty({ example: 'lib:MITx:circuits-problems' })
  library_key!: string;

  @ApiProperty({ example: 'MITx' })
  org!: string;

  @ApiProperty({ example: 'circuits-problems' })
  slug!: string;

  @ApiProperty({ example: 'Circuits problem bank' })
  title!: string;
}

export function presentLibrary(library: Library): LibraryView {
  const key = tryParseLearningContextKey(library.libraryKey);
  return { library_key: library.libraryKey, org: key?.org ?? '', slug: key?.slug ?? '', title: library.title };
}
