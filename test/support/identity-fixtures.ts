import { authenticator } from 'otplib';
import { DataSource } from 'typeorm';
import { Clock, FieldCipher, KeyedHasher, parseKeyring, Role } from '@app/core';
import { databaseOptions, DemoCredential } from '@app/database';
import { DEMO_USER_FOR_ROLE, DemoUsername, identityDemoSeed } from '@app/identity';
import { TEST_FIELD_KEYS, TEST_LOOKUP_KEY, TestDatabase, TestHttpApp } from '@app/testing';

export type DemoRole = Role;
/** The demo people by user name (libs/identity/src/demo-seed.ts lists them). */
export type DemoPeople = Record<DemoUsername, DemoCredential>;

/** The demo user who speaks for a role (the first of that role). */
export const demoForRole = (people: DemoPeople, role: Role): DemoCredential => people[DEMO_USER_FOR_ROLE[role]];

/** The demo units and people, seeded into a test database exactly as `npm start` does. */
export async function seedDemoIdentity(database: TestDatabase): Promise<DemoPeople> {
  const cipher = new FieldCipher(parseKeyring(TEST_FIELD_KEYS));
  const credentials: DemoCredential[] = [];
  const dataSource = new DataSource(databaseOptions({ url: database.ownerUrl, poolSize: 1, applicationName: 'test-seed' }));
  await dataSource.initialize();
  try {
    const hasher = new KeyedHasher(Buffer.from(TEST_LOOKUP_KEY, 'base64'));
    const context = {
      now: new Date(),
      encrypt: (text: string, at: string) => cipher.encrypt(text, at),
      hash: (purpose: string, value: string) => hasher.hash(purpose, value),
    };
    await identityDemoSeed.run(dataSource, { ...context, credentials });
  } finally {
    await dataSource.destroy();
  }
  return Object.fromEntries(credentials.map((entry) => [entry.username, entry])) as DemoPeople;
}

/** The code an authenticator app would show at the app's (injected) time. */
export function totpAt(secret: string, clock: Clock, offsetSteps = 0): string {
  return authenticator.clone({ epoch: clock.now().getTime() + offsetSteps * 30_000 }).generate(secret);
}

type Request = ReturnType<ReturnType<TestHttpApp['http']>['get']>;

export interface SignedIn {
  cookie: string;
  csrfToken: string;
  /** Sends a request as this session, with the CSRF header on state changes. */
  get(path: string): Request;
  post(path: string, body?: object): Request;
  patch(path: string, body?: object): Request;
  put(path: string, body?: object): Request;
  delete(path: string, body?: object): Request;
}

/** The `sid=…` pair of a response's Set-Cookie, to send back as a Cookie header. */
export function sessionCookieOf(response: { headers: Record<string, unknown> }): string {
  const line = ([response.headers['set-cookie'] ?? []].flat() as string[]).find((entry) => entry.startsWith('sid='));
  if (!line) throw new Error('no session cookie in the response');
  return line.split(';')[0];
}

export function asSession(api: TestHttpApp, cookie: string, csrfToken: string): SignedIn {
  const change = (method: 'post' | 'patch' | 'put' | 'delete') => (path: string, body?: object) =>
    api
      .http()
      [method](path)
      .set('Cookie', cookie)
      .set('X-CSRF-Token', csrfToken)
      .send(body ?? {});
  return {
    cookie,
    csrfToken,
    get: (path) => api.http().get(path).set('Cookie', cookie),
    post: change('post'),
    patch: change('patch'),
    put: change('put'),
    delete: change('delete'),
  };
}

/** Signs in for real: password, then the TOTP code computed from the seeded secret at the app's clock. */
export async function signInAs(api: TestHttpApp, credential: DemoCredential): Promise<SignedIn> {
  const first = await api.http().post('/api/v1/auth/sign-in').send({ username: credential.username, password: credential.password });
  if (first.status !== 200) throw new Error(`sign-in of ${credential.username} failed: ${first.status} ${JSON.stringify(first.body)}`);
  let cookie = sessionCookieOf(first);
  let csrfToken: string = first.body.csrfToken;
  if (first.body.stage === 'second_factor') {
    const second = await api
      .http()
      .post('/api/v1/auth/second-factor')
      .set('Cookie', cookie)
      .set('X-CSRF-Token', csrfToken)
      .send({ code: totpAt(credential.totpSecret!, api.clock) });
    if (second.status !== 200) throw new Error(`second factor of ${credential.username} failed: ${second.status} ${JSON.stringify(second.body)}`);
    cookie = sessionCookieOf(second);
    csrfToken = second.body.csrfToken;
    // The next TOTP sign-in of the same user needs a later time step: codes are single-use.
    if ('advance' in api.clock) (api.clock as unknown as { advance(ms: number): void }).advance(30_000);
  }
  return asSession(api, cookie, csrfToken);
}
