export * from './configure-http-app';
export * from './errors/api-exception.filter';
export * from './errors/api-validation.pipe';
export * from './errors/api.error';
export * from './errors/error-body';
export * from './errors/validation-errors';
export * from './openapi';
export * from './request-id/request-id';
