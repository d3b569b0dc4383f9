export * from './authoring.error';
export * from './course-authoring.module';
export * from './course-authoring.service';
export * from './library.view';
