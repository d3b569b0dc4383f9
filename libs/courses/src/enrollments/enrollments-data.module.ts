import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CourseRun } from '../course-run.entity';
import { Enrollment } from './enrollment.entity';
import { EnrollmentsRepository } from './enrollments.repository';

/**
 * Enrollment rows alone, for processes that serve no site (the CLI's demo seeding): no site
 * registry, no catalog. The LMS uses EnrollmentsModule.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Enrollment, CourseRun])],
  providers: [EnrollmentsRepository],
  exports: [EnrollmentsRepository, TypeOrmModule],
})
export class EnrollmentsDataModule {}
