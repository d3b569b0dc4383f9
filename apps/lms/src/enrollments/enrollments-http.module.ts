import { Module } from '@nestjs/common';
import { EnrollmentsModule } from '@mtl/courses';
import { EnrollmentsController } from './enrollments.controller';

/** `/api/enrollments` (authentication comes from the app's global AuthModule). */
@Module({
  imports: [EnrollmentsModule],
  controllers: [EnrollmentsController],
})
export class LmsEnrollmentsModule {}
