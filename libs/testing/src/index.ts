export * from './http-test-app';
export * from './two-tenants';
export * from './cli-runner';
export * from './database-owner';
export * from './route-guards';
export * from './bearer-client';
export * from './two-tenant-app';
export * from './platform-test-module';
