export * from './data-source-options';
export * from './database.module';
export * from './migrations-runner';
export * from './base-entities';
