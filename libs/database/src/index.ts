export * from './database.module';
export * from './database-options';
export * from './database-boot-check';
export * from './transaction-runner';
export * from './runtime-roles';
export * from './migrations';
export * from './migration-runner';
