import { loadConfig, SystemClock } from '@app/core';
import {
  ChildApp,
  createTestDatabase,
  createTestHttpApp,
  PrivateRedis,
  startChildApp,
  startPrivateRedis,
  TestDatabase,
  testEnvironment,
  TestHttpApp,
} from '@app/testing';
import { ApiModule } from '../../apps/api/src/api.module';

export interface ApiWithWorker {
  database: TestDatabase;
  redis: PrivateRedis;
  /** The api in process, on the real clock (the worker's clock is real too). */
  api: TestHttpApp;
  /** The worker as a real child process. */
  worker: ChildApp;
  stop(): Promise<void>;
}

/**
 * A database and a Redis of the test's own, the api in process and the worker as a child process,
 * both given the same variables: the setup of every test that needs the worker's jobs to run.
 */
export async function startApiWithWorker(variables: Record<string, string> = {}, workerVariables: Record<string, string> = {}): Promise<ApiWithWorker> {
  const database = await createTestDatabase();
  const redis = await startPrivateRedis();
  const overrides = { REDIS_URL: redis.url, ...variables };
  const config = loadConfig(testEnvironment(database, 'api', overrides));
  const api = await createTestHttpApp(ApiModule.forRoot(config), config, { clock: new SystemClock() });
  const worker = startChildApp('worker', testEnvironment(database, 'worker', { ...overrides, ...workerVariables }));
  return {
    database,
    redis,
    api,
    worker,
    async stop() {
      await worker.stop('SIGKILL');
      await api.close();
      await redis.destroy();
      await database.drop();
    },
  };
}
