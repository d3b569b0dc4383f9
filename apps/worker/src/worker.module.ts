import { Module } from '@nestjs/common';
import { AppCoreModule } from '@mtl/app-core';
import { SystemProcessor } from './system/system.processor';

/** The only consumer of the queues: the HTTP apps and the CLI produce, the worker processes. */
@Module({
  imports: [AppCoreModule.forApp('worker')],
  providers: [SystemProcessor],
})
export class WorkerModule {}
