import { Module } from '@nestjs/common';
import { CourseAuthoringModule } from '@mtl/courses';
import { CoursesController } from './courses.controller';

/** `/api/courses`: authoring course runs (product.md behaviour 5). */
@Module({ imports: [CourseAuthoringModule], controllers: [CoursesController] })
export class CoursesModule {}
