import { AppConfig, loadConfig } from '@app/core';
import { TestDatabase } from './test-database';
import { testServices } from './test-services';

/** The environment a process of the suite gets: its own database, the shared test Redis, quiet logs. */
export function testEnvironment(database: TestDatabase, role: 'api' | 'worker', overrides: Record<string, string> = {}): Record<string, string> {
  const services = testServices();
  return {
    NODE_ENV: 'test',
    DATABASE_URL: role === 'api' ? database.apiUrl : database.workerUrl,
    DATABASE_API_ROLE: services.roles.api.name,
    DATABASE_WORKER_ROLE: services.roles.worker.name,
    DATABASE_POOL_SIZE: '4',
    REDIS_URL: services.redisUrl,
    LOG_LEVEL: 'info',
    ...overrides,
  };
}

export function testConfig(database: TestDatabase, overrides: Record<string, string> = {}): AppConfig {
  return loadConfig(testEnvironment(database, 'api', overrides));
}
