export * from './app-core.module';
export * from './load-config-or-exit';
export * from './start-http-app';
export * from './root-hooks';
export * from './inert-enhancers';
