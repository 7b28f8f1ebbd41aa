import {
  ChildApp,
  createTestDatabase,
  eventually,
  freePort,
  PrivateRedis,
  startChildApp,
  startPrivateRedis,
  TestDatabase,
  testEnvironment,
} from '@app/testing';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Lines that are not one JSON object each: what a log collector could not parse. */
function unparsable(app: ChildApp): string[] {
  return app.logs.lines.filter((line) => {
    try {
      return typeof JSON.parse(line) !== 'object';
    } catch {
      return true;
    }
  });
}

const messages = (app: ChildApp) => app.logs.parsed().map((line) => line.msg);

/**
 * The api and the worker as real processes on a Redis of this test's own, which is SIGKILLed: ioredis
 * and BullMQ must report the outage through the JSON logger, once per connection, not as raw stacks.
 */
describe('a Redis outage is logged as JSON, briefly', () => {
  let database: TestDatabase;
  let redis: PrivateRedis;
  let api: ChildApp;
  let worker: ChildApp;
  let port: number;

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = await startPrivateRedis();
    port = await freePort();
    const overrides = { REDIS_URL: redis.url, LOG_LEVEL: 'info', WORKER_HEARTBEAT_INTERVAL_SECONDS: '1' };
    api = startChildApp('api', testEnvironment(database, 'api', { ...overrides, PORT: String(port) }));
    worker = startChildApp('worker', testEnvironment(database, 'worker', overrides));
  });

  afterAll(async () => {
    await api?.stop('SIGKILL');
    await worker?.stop('SIGKILL');
    await redis?.destroy();
    await database?.drop();
  });

  it('every line either process writes during the outage and after it parses as JSON', async () => {
    const ready = async () => (await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined))?.status === 200;
    await eventually(ready, 'the api to be ready with a beating worker', 60000);

    await redis.stop(); // SIGKILL
    await fetch(`http://127.0.0.1:${port}/health/ready`); // the readiness check's own connection fails too
    await sleep(6000); // ioredis retries every 50 ms … 2 s: many errors per connection
    await redis.start();
    await eventually(ready, 'readiness to return once Redis is back', 45000);
    // Stopping a BullMQ worker while it is still reconnecting hangs until the grace period ends
    // (taskforcesh/bullmq#4656): wait until every connection is back.
    const restored = (app: ChildApp) =>
      app.logs
        .parsed()
        .filter((line) => line.msg === 'Redis connection restored')
        .map((line) => line.connection);
    await eventually(() => ['queue:system', 'worker:system'].every((name) => restored(worker).includes(name)), 'the worker to reconnect', 30000);
    await eventually(() => restored(api).includes('api:readiness'), 'the api to reconnect', 30000);

    expect(await worker.stop('SIGTERM')).toBe(0);
    expect(await api.stop('SIGTERM')).toBe(0);
    expect(unparsable(api)).toEqual([]);
    expect(unparsable(worker)).toEqual([]);

    // Said once per connection and outage, and its end said too, not once per reconnect attempt.
    for (const app of [api, worker]) {
      const lost = messages(app).filter((msg) => msg === 'Redis connection lost');
      expect(lost.length).toBeGreaterThan(0);
      expect(lost.length).toBeLessThanOrEqual(6);
      expect(messages(app)).toContain('Redis connection restored');
    }
  }, 120000);
});
