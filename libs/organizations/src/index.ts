export * from './organization-course.entity';
export * from './organization-courses.repository';
export * from './organization.entity';
export * from './organization.types';
export * from './organizations.exception';
export * from './organizations.module';
export * from './organizations.service';
export * from './short-name.util';
