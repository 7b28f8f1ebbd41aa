import fc from 'fast-check';
import { loadConfig } from '@app/core';
import { createTestDatabase, createTestHttpApp, PrivateRedis, startPrivateRedis, TestDatabase, testEnvironment, TestHttpApp } from '@app/testing';
import { seedDemoIdentity, signInAs, SignedIn } from '../support/identity-fixtures';
import { ApiModule } from '../../apps/api/src/api.module';

const anyJson = fc.jsonValue({ maxDepth: 3 });
const sneakyFields = fc.record(
  { status: fc.string(), centreId: fc.uuid(), role: fc.string(), ownerId: fc.uuid(), acceptedBy: fc.uuid(), isAdmin: fc.boolean() },
  { requiredKeys: [] },
);

/** Malformed bodies, unknown fields and oversize strings are answered with 4xx codes, never a 500. */
describe('bad input on the identity routes (HTTP, real PostgreSQL)', () => {
  let database: TestDatabase;
  let api: TestHttpApp;
  let admin: SignedIn;
  let unitId: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    const demo = await seedDemoIdentity(database);
    const config = loadConfig(testEnvironment(database, 'api'));
    api = await createTestHttpApp(ApiModule.forRoot(config), config);
    admin = await signInAs(api, demo.admin);
    unitId = (await database.asSuperuser<{ id: string }>(`SELECT id FROM unit WHERE code = 'CPD-RAYYAN'`))[0].id;
  });
  afterAll(async () => {
    await api.close();
    await database.drop();
  });

  const expectClientError = (status: number, body: { code?: unknown }) => {
    expect(status).toBeGreaterThanOrEqual(400);
    expect(status).toBeLessThan(500);
    expect(typeof body.code).toBe('string');
  };

  it('sign-in: 150 arbitrary JSON bodies → 400 or 401, never 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(anyJson, async (body) => {
        const response = await api.http().post('/api/v1/auth/sign-in').set('Content-Type', 'application/json').send(JSON.stringify(body));
        expectClientError(response.status, response.body);
        expect([400, 401]).toContain(response.status);
      }),
      { numRuns: 150 },
    );
  });

  it('creating a user: 200 mutated bodies (wrong types, extra fields, huge strings) → 4xx with field codes', async () => {
    const valid = { username: 'fuzz.user', displayName: 'Fuzz', unitId, roles: ['desk_officer'], temporaryPassword: 'Correct-Horse-Battery-Staple-42' };
    const mutation = fc.oneof(
      fc.record({ key: fc.constantFrom(...Object.keys(valid)), value: anyJson }).map(({ key, value }) => ({ ...valid, [key]: value })),
      sneakyFields.filter((extra) => Object.keys(extra).length > 0).map((extra) => ({ ...valid, ...extra })),
      fc.constantFrom('username', 'displayName', 'temporaryPassword').map((key) => ({ ...valid, [key]: 'x'.repeat(5000) })),
    );
    await fc.assert(
      fc.asyncProperty(mutation, async (body) => {
        const response = await admin.post('/api/v1/admin/users', body);
        if (response.status === 201) return; // a mutation that happened to stay valid
        expectClientError(response.status, response.body);
        if (response.status === 400) expect(Array.isArray(response.body.fields) || response.body.code === 'MALFORMED_JSON').toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('unknown fields are refused, and nothing is written', async () => {
    const before = (await database.asSuperuser<{ n: number }>('SELECT count(*)::int AS n FROM app_user'))[0].n;
    const response = await admin.post('/api/v1/admin/users', {
      username: 'mass.assign',
      displayName: 'Mass',
      unitId,
      roles: ['desk_officer'],
      temporaryPassword: 'Correct-Horse-Battery-Staple-42',
      locked_at: null,
      isAdmin: true,
    });
    expect(response.status).toBe(400);
    expect(response.body.fields.map((field: { code: string }) => field.code)).toEqual(['UNKNOWN_FIELD', 'UNKNOWN_FIELD']);
    expect((await database.asSuperuser<{ n: number }>('SELECT count(*)::int AS n FROM app_user'))[0].n).toBe(before);
  });

  it('query parameters: page sizes over 100, bad UUIDs and junk → 400, never clamped or 5xx', async () => {
    for (const path of [
      '/api/v1/units?pageSize=100000',
      '/api/v1/units?page=0',
      '/api/v1/units?kind=castle',
      '/api/v1/admin/users?unitId=not-a-uuid',
      '/api/v1/units/not-a-uuid',
    ]) {
      const response = await admin.get(path);
      expect([path, response.status]).toEqual([path, 400]);
      expect(response.body.code).toBe('VALIDATION_FAILED');
    }
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), async (key, value) => {
        const response = await admin.get('/api/v1/units').query({ [key || 'x']: value });
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: 100 },
    );
  });

  it('a random id is the same 404 as any other miss', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uuid({ version: 4 }), async (id) => {
        const response = await admin.get(`/api/v1/admin/users/${id}`);
        expect(response.status).toBe(404);
        expect(response.body).toEqual({ code: 'NOT_FOUND', message: 'Not found' });
      }),
      { numRuns: 50 },
    );
  });
});

describe('sign-in throttling per client address (private Redis)', () => {
  let database: TestDatabase;
  let redis: PrivateRedis;
  let api: TestHttpApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = await startPrivateRedis();
    const config = loadConfig(testEnvironment(database, 'api', { REDIS_URL: redis.url, SIGN_IN_RATE_PER_MINUTE: '3' }));
    api = await createTestHttpApp(ApiModule.forRoot(config), config);
  });
  afterAll(async () => {
    await api.close();
    await redis.destroy();
    await database.drop();
  });

  it('answers 429 RATE_LIMITED after the limit, and lets sign-in through (unthrottled) when Redis is down', async () => {
    const attempt = () => api.http().post('/api/v1/auth/sign-in').send({ username: 'someone', password: 'whatever it is' });
    for (let i = 0; i < 3; i += 1) expect((await attempt()).status).toBe(401);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
    await redis.stop();
    expect((await attempt()).status).toBe(401);
  });
});
