export * from './http-test-app';
