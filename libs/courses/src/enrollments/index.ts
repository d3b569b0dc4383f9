export * from './enrollment.entity';
export * from './enrollments.error';
export * from './enrollments.module';
export * from './enrollments.repository';
export * from './enrollments.service';
export * from './enrollments-data.module';
