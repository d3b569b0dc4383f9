export * from './http-test-app';
export * from './two-tenants';
