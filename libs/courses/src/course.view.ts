import { ApiProperty } from '@nestjs/swagger';
import { tryParseCourseKey } from '@mtl/course-keys';
import { CATALOG_VISIBILITIES, CatalogVisibility, CourseRun } from './course-run.entity';

/**
 * A course as both apps return it (product.md, Interface): Studio and the LMS answer the same
 * shape, so a client reads one course the same way wherever it came from. `org`, `number` and
 * `run` are the key's fields as written in the key; dates are ISO 8601 strings or null.
 */
export class CourseView {
  @ApiProperty({ example: 'course-v1:MITx+6.002x+2026_T1' })
  course_key!: string;

  @ApiProperty({ example: 'MITx' })
  org!: string;

  @ApiProperty({ example: '6.002x' })
  number!: string;

  @ApiProperty({ example: '2026_T1' })
  run!: string;

  @ApiProperty({ example: 'Circuits and Electronics' })
  display_name!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  start!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  end!: string | null;

  @ApiProperty({ enum: CATALOG_VISIBILITIES })
  catalog_visibility!: CatalogVisibility;

  @ApiProperty()
  published!: boolean;
}

/** The key's own fields as parsed by the key grammar (a `+branch@`/`+version@` suffix is not one of them). */
function keyFields(courseKey: string): { org: string; number: string; run: string } {
  const key = tryParseCourseKey(courseKey);
  return { org: key?.org ?? '', number: key?.course ?? '', run: key?.run ?? '' };
}

export function presentCourse(course: CourseRun): CourseView {
  return {
    course_key: course.courseKey,
    ...keyFields(course.courseKey),
    display_name: course.displayName,
    start: course.start ? course.start.toISOString() : null,
    end: course.end ? course.end.toISOString() : null,
    catalog_visibility: course.catalogVisibility,
    published: course.published,
  };
}
