export * from './test-services';
export * from './test-database';
export * from './test-config';
export * from './log-capture';
export * from './test-http-app';
export * from './child-app';
export * from './private-redis';
export * from './private-postgres';
