export * from './enrollment.entity';
export * from './enrollments.exception';
export * from './enrollments.module';
export * from './enrollments.repository';
export * from './enrollments.service';
