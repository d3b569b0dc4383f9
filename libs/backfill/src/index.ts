export * from './backfill-report';
export * from './backfill.module';
export * from './backfill.service';
export * from './backfill.types';
export * from './key-classifier';
