import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrganizationsModule } from '@mtl/organizations';
import { CourseRun } from '../course-run.entity';
import { Library } from '../library.entity';
import { AuthoredCoursesRepository, AuthoredLibrariesRepository } from './authored-courses.repository';
import { CourseAuthoringService } from './course-authoring.service';

/** Studio's authoring of courses and libraries, shared by Studio and the CLI (demo data). */
@Module({
  imports: [TypeOrmModule.forFeature([CourseRun, Library]), OrganizationsModule],
  providers: [CourseAuthoringService, AuthoredCoursesRepository, AuthoredLibrariesRepository],
  exports: [CourseAuthoringService],
})
export class CourseAuthoringModule {}
