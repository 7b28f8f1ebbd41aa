export * from './queue-names';
export * from './redis-connection';
export * from './worker-heartbeat.entity';
export * from './worker-heartbeat.repository';
export * from './outbox';
export * from './bull-error-logging';
