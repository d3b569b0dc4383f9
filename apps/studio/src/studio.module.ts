import { Module } from '@nestjs/common';
import { AppCoreModule } from '@mtl/app-core';
import { HealthModule } from '@mtl/health';

/** The authoring and operations app: authors work inside their organization, operators run the platform. */
@Module({
  imports: [AppCoreModule.forApp('studio'), HealthModule],
})
export class StudioModule {}
