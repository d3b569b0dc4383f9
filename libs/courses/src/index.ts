export * from './course-run.entity';
export * from './library.entity';
