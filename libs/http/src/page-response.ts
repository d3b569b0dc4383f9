import type { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import type { Page } from './pagination';

/** Examples for the OpenAPI description of one list's pages. */
export interface PageExamples {
  count?: number;
  next?: string;
  previous?: string;
}

/**
 * The OpenAPI shape of one page of `item`s (`{count, next, previous, results}`), for a response
 * class to extend: `class CoursePageResponse extends PageResponseOf(CourseView) {}` (the subclass
 * names the schema).
 */
export function PageResponseOf<T>(item: Type<T>, examples: PageExamples = {}): Type<Page<T>> {
  class PageResponse implements Page<T> {
    @ApiProperty({ example: examples.count })
    count!: number;

    @ApiProperty({ type: String, nullable: true, example: examples.next })
    next!: string | null;

    @ApiProperty({ type: String, nullable: true, example: examples.previous })
    previous!: string | null;

    @ApiProperty({ type: [item] })
    results!: T[];
  }
  return PageResponse;
}
