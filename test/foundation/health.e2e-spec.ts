import { loadConfig, ManualClock } from '@app/core';
import { ChildApp, createTestHttpApp, eventually, PrivateRedis, TestDatabase, testEnvironment, TestHttpApp } from '@app/testing';
import { ApiModule } from '../../apps/api/src/api.module';
import { ApiWithWorker, startApiWithWorker } from '../support/api-with-worker';

/**
 * The api in process and the worker as a real child process, both on a Redis of this test's own,
 * which the test stops and starts again.
 */
describe('health: api + worker against private PostgreSQL and Redis', () => {
  let database: TestDatabase;
  let redis: PrivateRedis;
  let api: TestHttpApp;
  let worker: ChildApp;
  let system: ApiWithWorker;

  const readiness = async () => (await api.http().get('/health/ready')).status;

  beforeAll(async () => {
    // The worker logs at info: the shutdown test reads its "worker stopped" line.
    system = await startApiWithWorker({ WORKER_HEARTBEAT_INTERVAL_SECONDS: '1', WORKER_HEARTBEAT_STALE_SECONDS: '30' }, { LOG_LEVEL: 'info' });
    ({ database, redis, api, worker } = system);
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('is ready once the worker has beaten', async () => {
    await eventually(async () => (await readiness()) === 200, 'readiness to turn 200', 45000);
    const body = (await api.http().get('/health/ready').expect(200)).body;
    expect(body.info.postgres.status).toBe('up');
    expect(body.info.redis.status).toBe('up');
    expect(body.info.redis.warnings).toEqual(expect.arrayContaining(['Redis AOF persistence is off']));
    expect(body.info.worker.status).toBe('up');
    const [row] = await database.asSuperuser<{ workers: number }>('SELECT count(*)::int AS workers FROM worker_heartbeat');
    expect(row.workers).toBe(1);
  });

  it('turns 503 when Redis stops, while live and serving stay 200', async () => {
    await redis.stop();
    await eventually(async () => (await readiness()) === 503, 'readiness to turn 503');
    const body = (await api.http().get('/health/ready').expect(503)).body;
    expect(body.error.redis).toEqual({ status: 'down', message: 'Redis is not reachable' });
    expect(body.details.postgres.status).toBe('up');
    await api.http().get('/health/live').expect(200);
    await api.http().get('/health/serving').expect(200);
  });

  it('returns to 200 when Redis is back, with the worker beating again (schedules re-upserted)', async () => {
    await redis.start(); // an empty Redis: the worker must re-create its heartbeat scheduler
    const before = (await database.asSuperuser<{ at: Date }>('SELECT max(beat_at) AS at FROM worker_heartbeat'))[0].at;
    await eventually(async () => (await readiness()) === 200, 'readiness to return to 200', 45000);
    await eventually(
      async () => (await database.asSuperuser<{ at: Date }>('SELECT max(beat_at) AS at FROM worker_heartbeat'))[0].at > before,
      'a new heartbeat after the Redis restart',
      30000,
    );
    expect(worker.process.exitCode).toBeNull();
  });

  it('the worker drains and exits 0 on SIGTERM, well within 30 s', async () => {
    const started = Date.now();
    const code = await worker.stop('SIGTERM');
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(30000);
    expect(worker.logs.text()).toContain('"msg":"worker stopped"');
  });

  it('reports a stale heartbeat as not ready (injected clock)', async () => {
    const clock = new ManualClock(new Date());
    const config = loadConfig(testEnvironment(database, 'api', { REDIS_URL: redis.url, WORKER_HEARTBEAT_STALE_SECONDS: '30' }));
    const staleApi = await createTestHttpApp(ApiModule.forRoot(config), config, { clock });
    try {
      const latest = (await database.asSuperuser<{ at: Date }>('SELECT max(beat_at) AS at FROM worker_heartbeat'))[0].at;
      clock.set(new Date(latest.getTime() + 29_000));
      expect((await staleApi.http().get('/health/ready')).status).toBe(200);
      clock.set(new Date(latest.getTime() + 31_000));
      const body = (await staleApi.http().get('/health/ready').expect(503)).body;
      expect(body.error.worker).toEqual(expect.objectContaining({ status: 'down', message: 'Worker heartbeat is stale', ageSeconds: 31 }));
    } finally {
      await staleApi.close();
    }
  });

  it.each([
    ['by default over 2 minutes', {}, 110, 130],
    ['over AUDIT_SEAL_ALERT_SECONDS', { AUDIT_SEAL_ALERT_SECONDS: '600' }, 540, 660],
  ])('reports the audit sealer down when events have waited unsealed %s (injected clock)', async (_when, alert, upAt, downAt) => {
    // The worker stopped in the test above: nothing seals the probe event (or the one of the first case).
    await database.asSuperuser(`INSERT INTO audit_event (occurred_at, action, outcome) VALUES (now(), 'probe.unsealed', 'success')`);
    const [{ oldest }] = await database.asSuperuser<{ oldest: Date }>(
      'SELECT min(occurred_at) AS oldest FROM audit_event WHERE seq > coalesce((SELECT max(seq) FROM audit_seal), 0)',
    );
    const clock = new ManualClock(new Date(oldest.getTime() + upAt * 1000));
    const config = loadConfig(testEnvironment(database, 'api', { REDIS_URL: redis.url, ...alert }));
    const probe = await createTestHttpApp(ApiModule.forRoot(config), config, { clock });
    try {
      const early = (await probe.http().get('/health/ready')).body;
      expect((early.info ?? early.details).auditSealer).toEqual({ status: 'up', oldestUnsealedSeconds: upAt });
      clock.advance((downAt - upAt) * 1000);
      const late = (await probe.http().get('/health/ready').expect(503)).body;
      expect(late.error.auditSealer).toEqual({ status: 'down', oldestUnsealedSeconds: downAt, message: 'Audit events are not being sealed' });
    } finally {
      await probe.close();
    }
  });
});
