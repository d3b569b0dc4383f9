export * from './catalog-cache';
export * from './catalog.error';
export * from './catalog.module';
export * from './catalog.repository';
export * from './catalog.service';
export * from './course-key-param';
