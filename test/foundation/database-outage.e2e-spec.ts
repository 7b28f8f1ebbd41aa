import { Controller, Get, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { loadConfig, Public } from '@app/core';
import { createTestHttpApp, eventually, LogCapture, PrivatePostgres, startPrivatePostgres, testEnvironment, TestHttpApp } from '@app/testing';
import { DemoPeople, seedDemoIdentity, signInAs } from '../support/identity-fixtures';
import { ApiModule } from '../../apps/api/src/api.module';

/** A test-only route that holds a pooled connection for a while, so a test can fill the pool or stop the server under it. */
@Public()
@Controller('test-probe')
class SlowQueryProbe {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get('sleep')
  async sleep(@Query('seconds') seconds: string) {
    await this.dataSource.query('SELECT pg_sleep($1)', [Number(seconds)]);
    return { slept: Number(seconds) };
  }
}

function expectUnavailable(response: { status: number; body: unknown; headers: Record<string, string> }): void {
  expect([response.status, response.body]).toEqual([503, { code: 'SERVICE_UNAVAILABLE', message: expect.any(String) }]);
  expect(response.headers['retry-after']).toBe('5');
}

/** Against a PostgreSQL of this file's own: the suite's shared cluster is never stopped. */
describe('a PostgreSQL outage is a 503 with Retry-After, never a masked 500 (private PostgreSQL)', () => {
  let postgres: PrivatePostgres;
  let api: TestHttpApp;
  let demo: DemoPeople;
  const logs = new LogCapture();

  const sleeping = async () =>
    (await postgres.database.asSuperuser<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%'`))[0].n;
  const signIn = () => api.http().post('/api/v1/auth/sign-in').send({ username: demo.officer.username, password: demo.officer.password });

  beforeAll(async () => {
    postgres = await startPrivatePostgres();
    demo = await seedDemoIdentity(postgres.database);
    const config = loadConfig(testEnvironment(postgres.database, 'api', { DATABASE_POOL_SIZE: '2', LOG_LEVEL: 'info' }));
    api = await createTestHttpApp(ApiModule.forRoot(config, { logDestination: logs.stream }), config, { controllers: [SlowQueryProbe] });
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await postgres?.destroy();
  });

  it('a full pool: a request still waiting for a connection after the pool timeout (5 s) gets 503', async () => {
    const holders = [api.http().get('/test-probe/sleep?seconds=7'), api.http().get('/test-probe/sleep?seconds=7')].map((request) => request.then((r) => r));
    await eventually(async () => (await sleeping()) === 2, 'both pooled connections to be busy');
    expectUnavailable(await signIn());
    for (const holder of await Promise.all(holders)) expect(holder.status).toBe(200);
  }, 30_000);

  it('a server shutting down and then down: the in-flight query (57P01), sign-in and the session check (refused) all get 503; after a restart all works again', async () => {
    const session = await signInAs(api, demo.officer);
    const inFlight = api
      .http()
      .get('/test-probe/sleep?seconds=30')
      .then((response) => response);
    await eventually(async () => (await sleeping()) === 1, 'the slow query to run');
    await postgres.stop();

    expectUnavailable(await inFlight);
    expectUnavailable(await signIn());
    expectUnavailable(await session.get('/api/v1/auth/session'));
    const lines = logs.parsed();
    expect(lines.filter((line) => line.msg === 'unexpected error')).toEqual([]);
    expect(lines.filter((line) => line.msg === 'backing service unavailable').length).toBeGreaterThanOrEqual(3);

    await postgres.start();
    await eventually(async () => (await session.get('/api/v1/auth/session')).status === 200, 'the api to reconnect', 20_000);
    expect((await signIn()).status).toBe(200);
  }, 60_000);
});
