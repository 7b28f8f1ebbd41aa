import { AppConfig, loadConfig } from '@app/core';
import { TestDatabase } from './test-database';
import { testServices } from './test-services';

export const TEST_FIELD_KEYS = `t1:${Buffer.alloc(32, 17).toString('base64')}`;
export const TEST_LOOKUP_KEY = Buffer.alloc(32, 23).toString('base64');
export const TEST_AUDIT_SEAL_KEY = Buffer.alloc(32, 29).toString('base64');

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
    LOG_LEVEL: 'silent', // tests that read logs ask for 'info' and capture them
    SIGN_IN_RATE_PER_MINUTE: '1000', // every test signs in from 127.0.0.1; the throttle test sets its own
    FIELD_ENCRYPTION_KEYS: TEST_FIELD_KEYS,
    LOOKUP_HASH_KEY: TEST_LOOKUP_KEY,
    AUDIT_SEAL_KEY: TEST_AUDIT_SEAL_KEY,
    ...overrides,
  };
}

export function testConfig(database: TestDatabase, overrides: Record<string, string> = {}): AppConfig {
  return loadConfig(testEnvironment(database, 'api', overrides));
}
