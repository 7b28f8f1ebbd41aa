import fc from 'fast-check';
import { loadConfig } from '@app/core';
import { createTestDatabase, createTestHttpApp, PrivateRedis, startPrivateRedis, TestDatabase, testEnvironment, TestHttpApp } from '@app/testing';
import { asSession, seedDemoIdentity, sessionCookieOf, signInAs, SignedIn } from '../support/identity-fixtures';
import { ApiModule } from '../../apps/api/src/api.module';

const anyJson = fc.jsonValue({ maxDepth: 3 });
const sneakyFields = fc.record(
  { status: fc.string(), centreId: fc.uuid(), role: fc.string(), ownerId: fc.uuid(), acceptedBy: fc.uuid(), isAdmin: fc.boolean() },
  { requiredKeys: [] },
);

const STRONG = 'Correct-Horse-Battery-Staple-42';

/** Text with a character no field accepts: NUL, other C0 controls, DEL, C1, ANSI escapes, lone surrogates. */
const forbiddenText = fc
  .tuple(
    fc.string({ maxLength: 8 }),
    fc.constantFrom('\u0000', '\u0001', '\u0008', '\u000b', '\u001b[31m', '\u007f', '\u0085', '\ud800', '\udc00x'),
    fc.string({ maxLength: 8 }),
  )
  .map((parts) => parts.join(''));
/** Bidi marks, embeddings, overrides and isolates mixed into text: allowed (Arabic needs them), never a 500. */
const bidiText = fc
  .array(
    fc.constantFrom('a', 'ب', '1', ' ', '\u200e', '\u200f', '\u061c', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'),
    {
      minLength: 1,
      maxLength: 20,
    },
  )
  .map((chars) => chars.join(''));
const nestedArrays = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);
const nestedObjects = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
const deepJson = fc.oneof(fc.integer({ min: 33, max: 3000 }).map(nestedArrays), fc.integer({ min: 33, max: 3000 }).map(nestedObjects));
const hugeNumber = fc.oneof(
  fc.constantFrom('2147483648', '-2147483649', '1e308', '-1e308', '9007199254740993', '1e400', '123456789012345678901234567890', '1.5', '-0'),
  fc.integer({ min: 2 ** 31, max: Number.MAX_SAFE_INTEGER }).map(String),
);
/** A JSON text fragment to put where a field's value goes. */
const hostileFragment = fc.oneof(
  forbiddenText.map((text) => JSON.stringify(text)),
  bidiText.map((text) => JSON.stringify(text)),
  deepJson,
  hugeNumber,
  anyJson.map((value) => JSON.stringify(value)),
);
const PLACEHOLDER = '__HOSTILE__';
const withFragment = (valid: object, field: string, fragment: string) =>
  JSON.stringify({ ...valid, [field]: PLACEHOLDER }).replace(JSON.stringify(PLACEHOLDER), fragment);

/** Any refusal is a 4xx in the one error shape; a 400 VALIDATION_FAILED names each field with a code. */
function expectOneErrorShape(response: { status: number; body: any }): void {
  expect(response.status).toBeLessThan(500);
  if (response.status < 400) return;
  expect(typeof response.body.code).toBe('string');
  expect(typeof response.body.message).toBe('string');
  if (response.body.code !== 'VALIDATION_FAILED') return;
  expect(response.body.fields.length).toBeGreaterThan(0);
  for (const field of response.body.fields) expect([typeof field.field, typeof field.code, typeof field.message]).toEqual(['string', 'string', 'string']);
}

/** Malformed bodies, unknown fields and oversize strings are answered with 4xx codes, never a 500. */
describe('bad input on the identity routes (HTTP, real PostgreSQL)', () => {
  let database: TestDatabase;
  let api: TestHttpApp;
  let admin: SignedIn;
  let half: SignedIn;
  let passwordChanger: SignedIn;
  let unitId: string;
  let target: { id: string };
  let demo: Awaited<ReturnType<typeof seedDemoIdentity>>;

  interface BodyRoute {
    name: string;
    method: 'post' | 'patch' | 'put';
    path: () => string;
    session?: () => SignedIn;
    valid: () => Record<string, unknown>;
  }
  /** Every route that takes a body, with a body it accepts (or refuses only for a rule of the domain). */
  const BODY_ROUTES: BodyRoute[] = [
    { name: 'sign-in', method: 'post', path: () => '/api/v1/auth/sign-in', valid: () => ({ username: 'someone', password: 'some password' }) },
    { name: 'second factor', method: 'post', path: () => '/api/v1/auth/second-factor', session: () => half, valid: () => ({ code: '123456' }) },
    {
      name: 'confirm enrolment',
      method: 'post',
      path: () => '/api/v1/auth/second-factor/enrolment/confirm',
      session: () => admin,
      valid: () => ({ code: '123456' }),
    },
    {
      name: 'change password',
      method: 'post',
      path: () => '/api/v1/auth/password',
      // A user of its own: wrong current passwords count toward the lockout, which ends the session.
      session: () => passwordChanger,
      valid: () => ({ currentPassword: 'not the password', newPassword: 'Another long passphrase 77' }),
    },
    {
      name: 'create unit',
      method: 'post',
      path: () => '/api/v1/admin/units',
      session: () => admin,
      valid: () => ({ kind: 'police_unit', code: 'FUZZ-UNIT', nameAr: 'وحدة', nameEn: 'Fuzz unit', officeLocation: 'Doha' }),
    },
    {
      name: 'update unit',
      method: 'patch',
      path: () => `/api/v1/admin/units/${unitId}`,
      session: () => admin,
      valid: () => ({ version: 1, nameAr: 'وحدة', nameEn: 'Rayyan', officeLocation: 'Al Rayyan' }),
    },
    {
      name: 'create user',
      method: 'post',
      path: () => '/api/v1/admin/users',
      session: () => admin,
      valid: () => ({ username: 'fuzz.body', displayName: 'Fuzz', unitId, roles: ['desk_officer'], temporaryPassword: STRONG }),
    },
    {
      name: 'update user',
      method: 'patch',
      path: () => `/api/v1/admin/users/${target.id}`,
      session: () => admin,
      valid: () => ({ version: 1, displayName: 'Target' }),
    },
    {
      name: 'set roles',
      method: 'put',
      path: () => `/api/v1/admin/users/${target.id}/roles`,
      session: () => admin,
      valid: () => ({ version: 1, roles: ['desk_officer'] }),
    },
    ...(['disable', 'enable', 'unlock'] as const).map((verb) => ({
      name: verb,
      method: 'post' as const,
      path: () => `/api/v1/admin/users/${target.id}/${verb}`,
      session: () => admin,
      valid: () => ({ version: 1 }),
    })),
    {
      name: 'reset password',
      method: 'post',
      path: () => `/api/v1/admin/users/${target.id}/reset-password`,
      session: () => admin,
      valid: () => ({ version: 1, temporaryPassword: STRONG }),
    },
  ];
  /** Sends a raw JSON text to a route, as its session (with the CSRF header) where it needs one. */
  function sendRaw(route: BodyRoute, text: string, contentType = 'application/json') {
    const request = api.http()[route.method](route.path()).set('Content-Type', contentType);
    const session = route.session?.();
    if (session) request.set('Cookie', session.cookie).set('X-CSRF-Token', session.csrfToken);
    return request.send(text);
  }
  const stringFields = (route: BodyRoute) =>
    Object.entries(route.valid())
      .filter(([, value]) => typeof value === 'string')
      .map(([key]) => key);

  beforeAll(async () => {
    database = await createTestDatabase();
    demo = await seedDemoIdentity(database);
    const config = loadConfig(testEnvironment(database, 'api'));
    api = await createTestHttpApp(ApiModule.forRoot(config), config);
    admin = await signInAs(api, demo.admin);
    unitId = (await database.asSuperuser<{ id: string }>(`SELECT id FROM unit WHERE code = 'CPD-RAYYAN'`))[0].id;
    target = (
      await admin.post('/api/v1/admin/users', {
        username: 'bad.input.target',
        displayName: 'Target',
        unitId,
        roles: ['desk_officer'],
        temporaryPassword: STRONG,
      })
    ).body;
    await admin
      .post('/api/v1/admin/users', { username: 'bad.input.changer', displayName: 'Changer', unitId, roles: ['desk_officer'], temporaryPassword: STRONG })
      .expect(201);
  });
  // Fresh sessions for each test: wrong codes and wrong current passwords sent by a fuzz run lock accounts.
  beforeEach(async () => {
    await database.asSuperuser('UPDATE app_user SET locked_at = NULL, failed_attempts = 0 WHERE username = $1', ['bad.input.changer']);
    const changer = await api.http().post('/api/v1/auth/sign-in').send({ username: 'bad.input.changer', password: STRONG }).expect(200);
    passwordChanger = asSession(api, sessionCookieOf(changer), changer.body.csrfToken);
    await database.asSuperuser('UPDATE app_user SET locked_at = NULL, failed_attempts = 0 WHERE username = $1', [demo.supervisor.username]);
    const first = await api.http().post('/api/v1/auth/sign-in').send({ username: demo.supervisor.username, password: demo.supervisor.password }).expect(200);
    half = asSession(api, sessionCookieOf(first), first.body.csrfToken);
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

  it('every route with a body: NUL, bidi controls, deep nesting, huge numbers and wrong types in any field → a 4xx in the one error shape, never 5xx', async () => {
    const mutation = fc
      .constantFrom(...BODY_ROUTES)
      .chain((route) => fc.record({ route: fc.constant(route), field: fc.constantFrom(...Object.keys(route.valid())), fragment: hostileFragment }));
    await fc.assert(
      fc.asyncProperty(mutation, async ({ route, field, fragment }) => {
        const response = await sendRaw(route, withFragment(route.valid(), field, fragment));
        expect([route.name, field, response.status < 500]).toEqual([route.name, field, true]);
        expectOneErrorShape(response);
      }),
      { numRuns: 300 },
    );
  });

  it.each(BODY_ROUTES.filter((route) => stringFields(route).length > 0).map((route) => [route.name, route] as const))(
    'NUL and other control characters in any text field of %s → 400 naming the field, code INVALID_CHARACTERS',
    async (_name, route) => {
      for (const field of stringFields(route)) {
        for (const text of ['a\u0000b', 'red \u001b[31m alert', 'lone \ud800 half']) {
          const response = await sendRaw(route, JSON.stringify({ ...route.valid(), [field]: text }));
          expect([field, response.status, response.body.code]).toEqual([field, 400, 'VALIDATION_FAILED']);
          expect(response.body.fields).toEqual([{ field, code: 'INVALID_CHARACTERS', message: expect.any(String) }]);
        }
      }
    },
  );

  it('the reported bodies: NUL in the sign-in name, unit names and office, and a display name → 400, never 22021', async () => {
    const signIn = await sendRaw(BODY_ROUTES[0], '{"username":"a\\u0000b","password":"x"}');
    expect(signIn.status).toBe(400);
    expect(signIn.body.fields).toEqual([expect.objectContaining({ field: 'username', code: 'INVALID_CHARACTERS' })]);
    const unit = await admin.patch(`/api/v1/admin/units/${unitId}`, { version: 1, nameEn: 'a\u0000', nameAr: 'ب\u0000', officeLocation: '\u0000' }).expect(400);
    expect(unit.body.fields.map((field: { field: string }) => field.field).sort()).toEqual(['nameAr', 'nameEn', 'officeLocation']);
    const user = await admin.patch(`/api/v1/admin/users/${target.id}`, { version: 1, displayName: 'x\u0000y' }).expect(400);
    expect(user.body.fields).toEqual([expect.objectContaining({ field: 'displayName', code: 'INVALID_CHARACTERS' })]);
    // query strings go through the same rule
    const query = await admin.get('/api/v1/admin/users?unitId=%00').expect(400);
    expect(query.body.fields).toEqual([expect.objectContaining({ field: 'unitId', code: 'INVALID_CHARACTERS' })]);
  });

  it('tab, line feed and bidi marks are text: a display name with them is stored as sent', async () => {
    const current = (await admin.get(`/api/v1/admin/users/${target.id}`).expect(200)).body;
    const displayName = '\u200fعلي\u200e (Ali)\tdesk\n2';
    const updated = await admin.patch(`/api/v1/admin/users/${target.id}`, { version: current.version, displayName }).expect(200);
    expect(updated.body.displayName).toBe(displayName);
  });

  it.each([
    ['1,500 nested arrays (3 KB)', nestedArrays(1500)],
    ['3,000 nested objects', nestedObjects(3000)],
    ['33 nested arrays', nestedArrays(33)],
  ])('%s as a whole body, or as a field, → 400 JSON_TOO_DEEP on every route', async (_name, deep) => {
    for (const route of BODY_ROUTES) {
      for (const text of [deep, withFragment(route.valid(), Object.keys(route.valid())[0], deep)]) {
        const response = await sendRaw(route, text);
        expect([route.name, response.status, response.body]).toEqual([route.name, 400, { code: 'JSON_TOO_DEEP', message: expect.any(String) }]);
      }
    }
  });

  it('nesting within the limit still reaches validation (a field error, not JSON_TOO_DEEP)', async () => {
    const response = await sendRaw(BODY_ROUTES[0], withFragment({ username: 'x', password: 'y' }, 'username', nestedArrays(31)));
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('VALIDATION_FAILED');
  });

  it.each(['2147483648', '1e308', '-1e308', '9007199254740993', '-2147483649', '0'])(
    'version %s on every versioned route → 400 naming version, never SQL state 22003/22P02',
    async (number) => {
      for (const route of BODY_ROUTES.filter((candidate) => 'version' in candidate.valid())) {
        const response = await sendRaw(route, withFragment(route.valid(), 'version', number));
        expect([route.name, response.status]).toEqual([route.name, 400]);
        expect(response.body.fields).toEqual([expect.objectContaining({ field: 'version', code: expect.stringMatching(/^(MAX|MIN)$/) })]);
      }
    },
  );

  it('a body that is not JSON → 415 UNSUPPORTED_MEDIA_TYPE on POST, PUT and PATCH; an empty body needs no type', async () => {
    for (const route of BODY_ROUTES) {
      for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
        const response = await sendRaw(route, JSON.stringify(route.valid()), type);
        expect([route.name, type, response.status, response.body.code]).toEqual([route.name, type, 415, 'UNSUPPORTED_MEDIA_TYPE']);
      }
    }
    const signIn = await api.http().post('/api/v1/auth/sign-in').set('Content-Type', 'text/plain').send('{"username":"a","password":"b"}').expect(415);
    expect(signIn.body).toEqual({ code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.any(String) });
    // no content type but a body: not read as empty either
    const untyped = await api.http().post('/api/v1/auth/sign-in').set('Content-Length', '5').send(Buffer.from('hello'));
    expect(untyped.status).toBe(415);
    // a bodiless POST without a content type stays fine
    const other = await signInAs(api, demo.admin);
    await api.http().post('/api/v1/auth/sign-out').set('Cookie', other.cookie).set('X-CSRF-Token', other.csrfToken).expect(204);
  });

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

  it('null clears only what can be cleared: a unit name or a list is a 400 (found by the fuzzer as a 500), an office is emptied', async () => {
    const current = async () =>
      (await database.asSuperuser<{ version: number; office_location: string | null }>('SELECT version, office_location FROM unit WHERE id = $1', [unitId]))[0];
    for (const field of ['nameAr', 'nameEn', 'timeZone', 'services', 'caseCategories', 'active']) {
      const refused = await admin.patch(`/api/v1/admin/units/${unitId}`, { version: (await current()).version, [field]: null });
      expect([field, refused.status, refused.body.fields?.[0]?.field]).toEqual([field, 400, field]);
    }
    await admin.patch(`/api/v1/admin/units/${unitId}`, { version: (await current()).version, officeLocation: 'First floor' }).expect(200);
    const cleared = await admin.patch(`/api/v1/admin/units/${unitId}`, { version: (await current()).version, officeLocation: null }).expect(200);
    expect(cleared.body.officeLocation).toBeNull();
    expect((await current()).office_location).toBeNull();
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
      // valid for a JavaScript Date, out of range for PostgreSQL: was a 500
      '/api/v1/audit/security-events?from=-271821-04-20T00:00:00Z',
      '/api/v1/audit/security-events?to=275760-09-13T00:00:00Z',
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

  const attempt = () => api.http().post('/api/v1/auth/sign-in').send({ username: 'someone', password: 'whatever it is' });

  it('answers 429 RATE_LIMITED with Retry-After past the limit, and audits one sign_in.throttled per client address and block', async () => {
    for (let i = 0; i < 3; i += 1) expect((await attempt()).status).toBe(401);
    for (let i = 0; i < 5; i += 1) {
      const limited = await attempt();
      expect(limited.status).toBe(429);
      expect(limited.body).toEqual({ code: 'RATE_LIMITED', message: expect.any(String) });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    }
    const events = await database.asSuperuser<{ outcome: string; ip: string; route: string }>(
      `SELECT outcome, host(client_ip) AS ip, detail->>'route' AS route FROM audit_event WHERE action = 'sign_in.throttled'`,
    );
    expect(events).toEqual([{ outcome: 'denied', ip: expect.stringMatching(/127\.0\.0\.1$/), route: '/api/v1/auth/sign-in' }]);
  });

  it('a frozen Redis (SIGSTOP) does not hold sign-in: every attempt answers as usual, unthrottled; after SIGCONT the limit holds again', async () => {
    redis.freeze();
    try {
      for (let i = 0; i < 3; i += 1) {
        // The bound is generous (the command timeout is 500 ms): without it the request waited for SIGCONT.
        const response = await attempt().timeout({ response: 10_000 });
        expect(response.status).toBe(401);
      }
    } finally {
      redis.thaw();
    }
    const after: number[] = [];
    for (let i = 0; i < 5 && !after.includes(429); i += 1) after.push((await attempt()).status);
    expect(after).toContain(429);
  });

  it('lets sign-in through (unthrottled) when Redis is down', async () => {
    await redis.stop();
    expect((await attempt()).status).toBe(401);
  });
});
