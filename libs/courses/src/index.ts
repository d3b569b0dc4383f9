export * from './course-run.entity';
export * from './course.view';
export * from './library.entity';
export * from './catalog';
export * from './enrollments';
