import { Module } from '@nestjs/common';
import { AdminBackfillController } from './admin-backfill.controller';

/** Studio only produces the job; the worker runs it (apps/worker/src/backfill). */
@Module({ controllers: [AdminBackfillController] })
export class AdminBackfillModule {}
