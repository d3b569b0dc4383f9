import { Module } from '@nestjs/common';
import { CourseAuthoringModule } from '@mtl/courses';
import { LibrariesController } from './libraries.controller';

/** `/api/libraries`: authoring content libraries. */
@Module({ imports: [CourseAuthoringModule], controllers: [LibrariesController] })
export class LibrariesModule {}
