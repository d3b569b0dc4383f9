export * from './organization-course.entity';
export * from './organization.entity';
