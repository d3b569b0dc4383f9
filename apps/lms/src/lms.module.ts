import { Module } from '@nestjs/common';
import { AppCoreModule } from '@mtl/app-core';
import { HealthModule } from '@mtl/health';

/** The learner-facing app: the Host header picks the site. */
@Module({
  imports: [AppCoreModule.forApp('lms'), HealthModule],
})
export class LmsModule {}
