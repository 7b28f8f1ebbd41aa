import { Body, Controller, Get, HttpStatus, Post } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { IsInt, IsString, MaxLength, Min } from 'class-validator';
import { DataSource } from 'typeorm';
import { defineErrorCodes, DomainException, loadConfig, Public } from '@app/core';
import { createTestDatabase, createTestHttpApp, LogCapture, TestDatabase, testEnvironment, TestHttpApp } from '@app/testing';
import { ApiModule } from '../../apps/api/src/api.module';

class CreateProbeDto {
  @IsString()
  @MaxLength(20)
  title!: string;

  @IsInt()
  @Min(0)
  count!: number;
}

const CANARY = 'CANARY-Fatima-55512345';

const ProbeErrorCode = defineErrorCodes('error-model-probe', { PROBE_LOCKED: HttpStatus.CONFLICT });

/** Test-only routes that exercise each branch of the error model. */
@Public()
@Controller('test-probe')
class ProbeController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Post('things')
  create(@Body() body: CreateProbeDto) {
    return { title: body.title, count: body.count };
  }

  @Get('unknown-error')
  unknownError() {
    throw new Error('kaboom in the probe');
  }

  @Get('driver-error')
  async driverError() {
    await this.dataSource.query('SELECT $1::uuid', [CANARY]);
  }

  @Get('domain-error')
  domainError() {
    throw new DomainException(ProbeErrorCode.PROBE_LOCKED, HttpStatus.CONFLICT, 'The probe is locked', { currentState: 'locked' });
  }
}

describe('the error model (HTTP, real PostgreSQL)', () => {
  let database: TestDatabase;
  let api: TestHttpApp;
  const logs = new LogCapture();

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = loadConfig(testEnvironment(database, 'api', { HTTP_BODY_LIMIT: '10kb', LOG_LEVEL: 'info' }));
    api = await createTestHttpApp(ApiModule.forRoot(config, { logDestination: logs.stream }), config, { controllers: [ProbeController] });
  });
  afterAll(async () => {
    await api.close();
    await database.drop();
  });

  it('an invalid body is a 400 with a code per field', async () => {
    const response = await api
      .http()
      .post('/test-probe/things')
      .send({ title: 'x'.repeat(21), count: -1 })
      .expect(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
    expect(response.body.fields).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'title', code: 'MAX_LENGTH' }), expect.objectContaining({ field: 'count', code: 'MIN' })]),
    );
    for (const field of response.body.fields) expect(typeof field.message).toBe('string');
  });

  it('a missing field is named', async () => {
    const response = await api.http().post('/test-probe/things').send({ title: 'ok' }).expect(400);
    expect(response.body.fields.map((field: { field: string }) => field.field)).toEqual(['count', 'count']);
  });

  it('an unknown field is refused, not silently dropped', async () => {
    const response = await api.http().post('/test-probe/things').send({ title: 'ok', count: 1, status: 'accepted' }).expect(400);
    expect(response.body.fields).toEqual([{ field: 'status', code: 'UNKNOWN_FIELD', message: 'status is not an accepted field' }]);
  });

  it('a valid body passes', async () => {
    await api.http().post('/test-probe/things').send({ title: 'ok', count: 2 }).expect(201, { title: 'ok', count: 2 });
  });

  it('malformed JSON is a 400 MALFORMED_JSON', async () => {
    const response = await api.http().post('/test-probe/things').set('Content-Type', 'application/json').send('{"title": ').expect(400);
    expect(response.body).toEqual({ code: 'MALFORMED_JSON', message: 'The body is not valid JSON' });
  });

  it('an oversize body is a 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await api
      .http()
      .post('/test-probe/things')
      .send({ title: 'x'.repeat(20000), count: 1 })
      .expect(413);
    expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('a domain error keeps its code, status and details', async () => {
    const response = await api.http().get('/test-probe/domain-error').expect(409);
    expect(response.body).toEqual({ code: 'PROBE_LOCKED', message: 'The probe is locked', currentState: 'locked' });
  });

  it('an unknown route is a 404 in the same shape', async () => {
    const response = await api.http().get('/no/such/route').expect(404);
    expect(response.body).toEqual({ code: 'ROUTE_NOT_FOUND', message: 'No such route' });
  });

  it('an unknown error is a masked 500 with an error id; the stack goes to the log only', async () => {
    const response = await api.http().get('/test-probe/unknown-error').set('X-Request-Id', 'probe-request-0001').expect(500);
    expect(Object.keys(response.body).sort()).toEqual(['code', 'errorId', 'message']);
    expect(response.body.code).toBe('INTERNAL');
    expect(response.body.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(response.body)).not.toMatch(/kaboom|at |\.ts/);
    const logged = logs.parsed().find((line) => line.errorId === response.body.errorId) as Record<string, any>;
    expect(logged).toBeDefined();
    expect(logged.correlationId).toBe('probe-request-0001');
    expect(logged.error.stack).toContain('unknownError');
  });

  it('a driver error is masked too, and its values never reach the log', async () => {
    const response = await api.http().get('/test-probe/driver-error').expect(500);
    expect(response.body.code).toBe('INTERNAL');
    const logged = logs.parsed().find((line) => line.errorId === response.body.errorId) as Record<string, any>;
    expect(logged.error).toEqual(expect.objectContaining({ type: 'QueryFailedError', sqlState: '22P02' }));
    expect(logs.text()).not.toContain('Fatima');
    expect(logs.text()).not.toContain('55512345');
  });

  it('every response is no-store and carries the security headers', async () => {
    for (const path of ['/health/live', '/no/such/route', '/test-probe/unknown-error']) {
      const response = await api.http().get(path);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-powered-by']).toBeUndefined();
      expect(response.headers['x-request-id']).toBeDefined();
    }
  });

  it('request log lines carry the correlation id and the route pattern, never the query string or cookies', async () => {
    await api.http().get('/test-probe/domain-error?name=Fatima').set('Cookie', 'sid=secret-session-token').set('X-Request-Id', 'probe-request-0002');
    const line = logs.parsed().find((entry) => entry.correlationId === 'probe-request-0002' && entry.req) as Record<string, any>;
    expect(line.req).toEqual({ method: 'GET' });
    expect(line.route).toBe('/test-probe/domain-error');
    expect(line.res).toEqual({ statusCode: 409 });
    expect(logs.text()).not.toContain('secret-session-token');
    expect(logs.text()).not.toContain('name=Fatima');
  });

  it('every log line is JSON', () => {
    expect(logs.lines.length).toBeGreaterThan(5);
    for (const line of logs.lines) expect(() => JSON.parse(line)).not.toThrow();
  });
});
