import { loadConfig, ManualClock } from '@app/core';
import { createTestDatabase, createTestHttpApp, TestDatabase, testEnvironment, TestHttpApp } from '@app/testing';
import { asSession, demoForRole, DemoPeople, seedDemoIdentity, sessionCookieOf, signInAs, totpAt } from '../support/identity-fixtures';
import { ApiModule } from '../../apps/api/src/api.module';

const STRONG = 'Correct-Horse-Battery-Staple-42';
const STRONGER = 'Quiet lantern over the corniche at dawn';

describe('sign-in, second factor, lockout and enumeration (HTTP, real PostgreSQL)', () => {
  let database: TestDatabase;
  let api: TestHttpApp;
  let clock: ManualClock;
  let demo: DemoPeople;
  let admin: Awaited<ReturnType<typeof signInAs>>;
  let raylanUnitId: string;

  const signIn = (username: string, password: string) => api.http().post('/api/v1/auth/sign-in').send({ username, password });

  async function createUser(username: string, roles: string[], unitCode = 'CPD-RAYYAN') {
    const [unit] = await database.asSuperuser<{ id: string }>('SELECT id FROM unit WHERE code = $1', [unitCode]);
    const response = await admin.post('/api/v1/admin/users', { username, displayName: `Test ${username}`, unitId: unit.id, roles, temporaryPassword: STRONG });
    expect(response.status).toBe(201);
    return response.body as { id: string; version: number };
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    demo = await seedDemoIdentity(database);
    clock = new ManualClock(new Date('2026-11-23T08:00:00Z'));
    const config = loadConfig(testEnvironment(database, 'api'));
    api = await createTestHttpApp(ApiModule.forRoot(config), config, { clock });
    raylanUnitId = (await database.asSuperuser<{ id: string }>(`SELECT id FROM unit WHERE code = 'CPD-RAYYAN'`))[0].id;
  });
  // A fresh administrator session for every test: the lifetime tests move the clock by hours.
  beforeEach(async () => {
    admin = await signInAs(api, demo.admin);
  });
  afterAll(async () => {
    await api.close();
    await database.drop();
  });

  it.each(['desk_officer', 'supervisor', 'counsellor', 'centre_manager', 'auditor', 'administrator'] as const)(
    'the demo %s signs in (TOTP where required)',
    async (role) => {
      const session = await signInAs(api, demoForRole(demo, role));
      const view = await session.get('/api/v1/auth/session').expect(200);
      expect(view.body.user.roles).toEqual([role]);
      expect(view.body.csrfToken).toBe(session.csrfToken);
    },
  );

  it('stores argon2id hashes with 19 MiB, t=2, p=1', async () => {
    const rows = await database.asSuperuser<{ password_hash: string }>('SELECT password_hash FROM app_user');
    expect(rows.length).toBeGreaterThanOrEqual(6);
    for (const row of rows) expect(row.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
  });

  describe('no session on a password alone', () => {
    it('a supervisor after the password holds only a half session that opens nothing', async () => {
      const first = await signIn(demo.supervisor.username, demo.supervisor.password).expect(200);
      expect(first.body.stage).toBe('second_factor');
      const half = asSession(api, sessionCookieOf(first), first.body.csrfToken);
      const refused = await half.get('/api/v1/units').expect(401);
      expect(refused.body.code).toBe('SECOND_FACTOR_REQUIRED');
      await half.get('/api/v1/auth/session').expect(401);
    });

    it('a wrong code is refused; a right code is refused the second time (no replay)', async () => {
      clock.advance(30_000);
      const first = await signIn(demo.supervisor.username, demo.supervisor.password).expect(200);
      const half = asSession(api, sessionCookieOf(first), first.body.csrfToken);
      const wrong = await half.post('/api/v1/auth/second-factor', { code: totpAt(demo.supervisor.totpSecret!, clock, 5) }).expect(401);
      expect(wrong.body.code).toBe('INVALID_SECOND_FACTOR');
      const code = totpAt(demo.supervisor.totpSecret!, clock);
      const accepted = await half.post('/api/v1/auth/second-factor', { code }).expect(200);
      expect(accepted.body.stage).toBe('active');
      // the half session was replaced by a new one with a new token
      expect(sessionCookieOf(accepted)).not.toBe(half.cookie);
      await half.get('/api/v1/auth/session').expect(401);

      const again = await signIn(demo.supervisor.username, demo.supervisor.password).expect(200);
      const replay = await asSession(api, sessionCookieOf(again), again.body.csrfToken).post('/api/v1/auth/second-factor', { code }).expect(401);
      expect(replay.body.code).toBe('INVALID_SECOND_FACTOR');
      await database.asSuperuser('UPDATE app_user SET failed_attempts = 0 WHERE username = $1', [demo.supervisor.username]);
    });
  });

  describe('enrolment, recovery codes and the forced password change', () => {
    it('a new supervisor enrols an authenticator, must change the temporary password, and can use a recovery code once', async () => {
      clock.advance(60_000);
      await createUser('new.supervisor', ['supervisor']);
      const first = await signIn('new.supervisor', STRONG).expect(200);
      expect(first.body).toEqual(expect.objectContaining({ stage: 'enrolment', mustChangePassword: true }));
      const enrolling = asSession(api, sessionCookieOf(first), first.body.csrfToken);
      expect((await enrolling.get('/api/v1/units').expect(401)).body.code).toBe('SECOND_FACTOR_NOT_ENROLLED');
      const enrolment = await enrolling.post('/api/v1/auth/second-factor/enrolment').expect(200);
      expect(enrolment.body.otpauthUri).toMatch(/^otpauth:\/\/totp\/Referral%20Desk:new.supervisor\?secret=[A-Z2-7]+/);
      const secret: string = enrolment.body.secret;
      const confirmed = await enrolling.post('/api/v1/auth/second-factor/enrolment/confirm', { code: totpAt(secret, clock) }).expect(200);
      expect(confirmed.body.recoveryCodes).toHaveLength(10);
      const signedIn = asSession(api, sessionCookieOf(confirmed), confirmed.body.csrfToken);

      const blocked = await signedIn.get('/api/v1/units').expect(403);
      expect(blocked.body.code).toBe('PASSWORD_CHANGE_REQUIRED');
      const weak = await signedIn.post('/api/v1/auth/password', { currentPassword: STRONG, newPassword: 'password1234' }).expect(422);
      expect(weak.body.code).toBe('WEAK_PASSWORD');
      await signedIn.post('/api/v1/auth/password', { currentPassword: STRONG, newPassword: STRONGER }).expect(204);
      await signedIn.get('/api/v1/units').expect(200);

      const [recoveryCode] = confirmed.body.recoveryCodes as string[];
      const again = await signIn('new.supervisor', STRONGER).expect(200);
      expect(again.body.stage).toBe('second_factor');
      const half = asSession(api, sessionCookieOf(again), again.body.csrfToken);
      await half.post('/api/v1/auth/second-factor', { recoveryCode }).expect(200);
      const third = await signIn('new.supervisor', STRONGER).expect(200);
      const reused = await asSession(api, sessionCookieOf(third), third.body.csrfToken).post('/api/v1/auth/second-factor', { recoveryCode }).expect(401);
      expect(reused.body.code).toBe('INVALID_SECOND_FACTOR');
    });
  });

  describe('lockout and enumeration', () => {
    it('the fifth consecutive wrong password locks: after four the right one still works, after five it is refused like a wrong one', async () => {
      await createUser('four.misses', ['desk_officer']);
      for (let attempt = 1; attempt <= 4; attempt += 1) await signIn('four.misses', `wrong password number ${attempt}`).expect(401);
      await signIn('four.misses', STRONG).expect(200);

      const user = await createUser('lock.target', ['desk_officer']);
      const wrong = await signIn('lock.target', 'not the password at all').expect(401);
      for (let attempt = 2; attempt <= 5; attempt += 1) await signIn('lock.target', `wrong password number ${attempt}`).expect(401);
      const right = await signIn('lock.target', STRONG).expect(401);
      expect(right.text).toBe(wrong.text);
      expect(right.headers['set-cookie']).toBeUndefined();
      const events = await database.asSuperuser<{ action: string; reason: string | null; after: string | null }>(
        `SELECT action, detail->>'reason' AS reason, detail->>'after' AS after FROM audit_event WHERE object_type = 'user' AND object_id = $1 ORDER BY seq`,
        [user.id],
      );
      // five counted failures, the fifth locks, and the sixth attempt (the right password) is refused and audited
      expect(events.filter((event) => event.action === 'sign_in.failed').map((event) => event.reason)).toEqual([
        'password',
        'password',
        'password',
        'password',
        'password',
        'locked',
      ]);
      expect(events.filter((event) => event.action === 'account.locked')).toEqual([{ action: 'account.locked', reason: null, after: 'password' }]);

      const current = await admin.get(`/api/v1/admin/users/${user.id}`).expect(200);
      expect(current.body.locked).toBe(true);
      await admin.post(`/api/v1/admin/users/${user.id}/unlock`, { version: current.body.version }).expect(200);
      const unlocked = await signIn('lock.target', STRONG).expect(200);
      expect(unlocked.body.mustChangePassword).toBe(true);
    });

    it('attempts older than 15 minutes do not count', async () => {
      await createUser('slow.typist', ['desk_officer']);
      for (let attempt = 1; attempt <= 4; attempt += 1) await signIn('slow.typist', `wrong ${attempt} password`).expect(401);
      clock.advance(16 * 60_000);
      for (let attempt = 1; attempt <= 4; attempt += 1) await signIn('slow.typist', `wrong again ${attempt}`).expect(401);
      await signIn('slow.typist', STRONG).expect(200);
    });

    it('an unknown user and a wrong password get byte-identical answers; the typed name is stored only as a keyed hash', async () => {
      const unknown = await signIn('no.such.person', 'Some Password 123');
      const known = await signIn(demo.counsellor.username, 'Some Password 123');
      expect(unknown.status).toBe(401);
      expect(known.status).toBe(401);
      expect(unknown.text).toBe(known.text);
      expect(unknown.headers['set-cookie']).toBeUndefined();
      expect(known.headers['set-cookie']).toBeUndefined();
      const leaked = await database.asSuperuser(`SELECT 1 FROM audit_event WHERE app.audit_canonical(audit_event) LIKE '%no.such%'`);
      expect(leaked).toHaveLength(0);
      const [event] = await database.asSuperuser<{ subject_hash: string }>(
        `SELECT subject_hash FROM audit_event WHERE action = 'sign_in.failed' AND object_id IS NULL ORDER BY seq DESC LIMIT 1`,
      );
      expect(event.subject_hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    });
  });

  describe('a locked account cannot finish signing in (second factor)', () => {
    /** A supervisor with an enrolled authenticator, and the full session the enrolment gave them. */
    async function enrolledUser(username: string) {
      const user = await createUser(username, ['supervisor']);
      const first = await signIn(username, STRONG).expect(200);
      const enrolling = asSession(api, sessionCookieOf(first), first.body.csrfToken);
      const secret: string = (await enrolling.post('/api/v1/auth/second-factor/enrolment').expect(200)).body.secret;
      const confirmed = await enrolling.post('/api/v1/auth/second-factor/enrolment/confirm', { code: totpAt(secret, clock) }).expect(200);
      clock.advance(30_000); // the enrolment used this time step
      return { id: user.id, secret, full: asSession(api, sessionCookieOf(confirmed), confirmed.body.csrfToken) };
    }
    async function halfSession(username: string) {
      const first = await signIn(username, STRONG).expect(200);
      expect(first.body.stage).toBe('second_factor');
      return asSession(api, sessionCookieOf(first), first.body.csrfToken);
    }
    const liveSessions = async (userId: string) =>
      (await database.asSuperuser<{ n: number }>('SELECT count(*)::int AS n FROM user_session WHERE user_id = $1 AND revoked_at IS NULL', [userId]))[0].n;
    const revokedReasons = async (userId: string) =>
      (await database.asSuperuser<{ reason: string }>('SELECT DISTINCT revoked_reason AS reason FROM user_session WHERE user_id = $1', [userId])).map(
        (row) => row.reason,
      );

    it('five wrong codes lock the account and end all its sessions; the right code then opens nothing', async () => {
      const user = await enrolledUser('lock.by.codes');
      const half = await halfSession('lock.by.codes');
      for (let attempt = 1; attempt <= 5; attempt += 1) {
        const wrong = await half.post('/api/v1/auth/second-factor', { code: totpAt(user.secret, clock, 5) }).expect(401);
        expect(wrong.body.code).toBe('INVALID_SECOND_FACTOR');
      }
      const right = await half.post('/api/v1/auth/second-factor', { code: totpAt(user.secret, clock) });
      expect(right.status).toBe(401);
      expect(right.headers['set-cookie']).toBeUndefined();
      expect(await liveSessions(user.id)).toBe(0);
      await user.full.get('/api/v1/auth/session').expect(401);
      expect(await revokedReasons(user.id)).toEqual(expect.arrayContaining(['account_locked']));
      // the password step now answers exactly as for a name nobody has
      const locked = await signIn('lock.by.codes', STRONG).expect(401);
      expect(locked.text).toBe((await signIn('nobody.at.all', STRONG).expect(401)).text);
      const [event] = await database.asSuperuser<{ after: string }>(
        `SELECT detail->>'after' AS after FROM audit_event WHERE action = 'account.locked' AND object_id = $1`,
        [user.id],
      );
      expect(event.after).toBe('second_factor');
    });

    it('a half session opened before five wrong passwords cannot finish with the right code', async () => {
      const user = await enrolledUser('lock.by.passwords');
      const half = await halfSession('lock.by.passwords');
      for (let attempt = 1; attempt <= 5; attempt += 1) await signIn('lock.by.passwords', `wrong password number ${attempt}`).expect(401);
      const right = await half.post('/api/v1/auth/second-factor', { code: totpAt(user.secret, clock) });
      expect(right.status).toBe(401);
      expect(right.headers['set-cookie']).toBeUndefined();
      expect(await liveSessions(user.id)).toBe(0);
      await user.full.get('/api/v1/auth/session').expect(401);
    });

    it('the second-factor step re-checks locked and disabled itself, even where a half session survived', async () => {
      const user = await enrolledUser('standing.rechecked');
      const half = await halfSession('standing.rechecked');
      // locked behind the sessions' back (as a racing lockout would): the step refuses like a wrong code, without counting
      await database.asSuperuser('UPDATE app_user SET locked_at = now() WHERE id = $1', [user.id]);
      const refused = await half.post('/api/v1/auth/second-factor', { code: totpAt(user.secret, clock) }).expect(401);
      expect(refused.body.code).toBe('INVALID_SECOND_FACTOR');
      const [counted] = await database.asSuperuser<{ failed_attempts: number }>('SELECT failed_attempts FROM app_user WHERE id = $1', [user.id]);
      expect(counted.failed_attempts).toBe(0);
      const [event] = await database.asSuperuser<{ reason: string }>(
        `SELECT detail->>'reason' AS reason FROM audit_event WHERE action = 'sign_in.second_factor_failed' AND object_id = $1 ORDER BY seq DESC LIMIT 1`,
        [user.id],
      );
      expect(event.reason).toBe('locked');
      // disabled behind the sessions' back: refused too
      await database.asSuperuser('UPDATE app_user SET locked_at = NULL, disabled_at = now() WHERE id = $1', [user.id]);
      await half.post('/api/v1/auth/second-factor', { code: totpAt(user.secret, clock) }).expect(401);
      expect(await liveSessions(user.id)).toBe(2); // the two sessions this test opened, neither promoted
    });
  });

  describe('session lifetime (injected clock)', () => {
    it('idle 29:59 is fine, 30:01 is refused', async () => {
      const session = await signInAs(api, demo.officer);
      clock.advance(29 * 60_000 + 59_000);
      await session.get('/api/v1/auth/session').expect(200);
      clock.advance(30 * 60_000 + 1_000);
      expect((await session.get('/api/v1/auth/session').expect(401)).body.code).toBe('SESSION_EXPIRED');
    });

    it('a busy session still ends after 12 hours', async () => {
      const session = await signInAs(api, demo.officer);
      for (let minutes = 0; minutes < 12 * 60 - 20; minutes += 20) {
        clock.advance(20 * 60_000);
        await session.get('/api/v1/units').expect(200);
      }
      clock.advance(21 * 60_000);
      await session.get('/api/v1/units').expect(401);
    });

    it('background reads (the session check) do not keep a session alive; what the person does does', async () => {
      const session = await signInAs(api, demo.officer);
      const signedInAt = clock.now().getTime();
      clock.advance(20 * 60_000);
      const check = await session.get('/api/v1/auth/session').expect(200);
      expect(Date.parse(check.body.idleExpiresAt)).toBe(signedInAt + 30 * 60_000);
      clock.advance(11 * 60_000);
      expect((await session.get('/api/v1/auth/session').expect(401)).body.code).toBe('SESSION_EXPIRED');

      const busy = await signInAs(api, demo.officer);
      clock.advance(20 * 60_000);
      await busy.get('/api/v1/units').expect(200);
      const touchedAt = clock.now().getTime();
      clock.advance(11 * 60_000);
      expect(Date.parse((await busy.get('/api/v1/auth/session').expect(200)).body.idleExpiresAt)).toBe(touchedAt + 30 * 60_000);
    });

    it('the idle timer is written at most once a minute, not on every request', async () => {
      const session = await signInAs(api, demo.officer);
      const lastSeen = async () =>
        (
          await database.asSuperuser<{ at: Date }>(
            `SELECT max(last_seen_at) AS at FROM user_session s JOIN app_user u ON u.id = s.user_id WHERE u.username = 'officer' AND revoked_at IS NULL`,
          )
        )[0].at.getTime();
      const start = await lastSeen();
      clock.advance(30_000);
      await session.get('/api/v1/units').expect(200);
      expect(await lastSeen()).toBe(start);
      clock.advance(31_000);
      await session.get('/api/v1/units').expect(200);
      expect(await lastSeen()).toBe(clock.now().getTime());
    });

    it('sign-out ends the session; the cookie cannot be reused', async () => {
      const session = await signInAs(api, demo.counsellor);
      await session.post('/api/v1/auth/sign-out').expect(204);
      await session.get('/api/v1/auth/session').expect(401);
    });

    it('sign-out everywhere ends every session of the user', async () => {
      const one = await signInAs(api, demo.manager);
      const two = await signInAs(api, demo.manager);
      expect((await one.post('/api/v1/auth/sign-out-everywhere').expect(200)).body.sessionsEnded).toBeGreaterThanOrEqual(2);
      await two.get('/api/v1/auth/session').expect(401);
    });

    it('disabling a user ends their sessions at once; enabling lets them sign in again', async () => {
      const user = await createUser('to.disable', ['desk_officer']);
      const first = await signIn('to.disable', STRONG).expect(200);
      const session = asSession(api, sessionCookieOf(first), first.body.csrfToken);
      await session.get('/api/v1/auth/session').expect(200);
      const disabled = await admin.post(`/api/v1/admin/users/${user.id}/disable`, { version: user.version }).expect(200);
      await session.get('/api/v1/auth/session').expect(401);
      const [revoked] = await database.asSuperuser<{ reason: string }>('SELECT revoked_reason AS reason FROM user_session WHERE user_id = $1', [user.id]);
      expect(revoked.reason).toBe('user_disabled');
      await signIn('to.disable', STRONG).expect(401);
      await admin.post(`/api/v1/admin/users/${user.id}/enable`, { version: disabled.body.version }).expect(200);
      await signIn('to.disable', STRONG).expect(200);
    });

    it('deactivating a unit stops its people: their sessions end and they cannot sign in until it is active again', async () => {
      const [unit] = await database.asSuperuser<{ id: string }>(`SELECT id FROM unit WHERE code = 'CPD-WAKRA'`);
      const session = await signInAs(api, demo['officer.wakra']);
      await session.get('/api/v1/units').expect(200);
      const current = (await admin.get(`/api/v1/units/${unit.id}`).expect(200)).body;
      const off = await admin.patch(`/api/v1/admin/units/${unit.id}`, { version: current.version, active: false }).expect(200);
      await session.get('/api/v1/units').expect(401);
      const refused = await signIn(demo['officer.wakra'].username, demo['officer.wakra'].password).expect(401);
      expect(refused.body.code).toBe('INVALID_CREDENTIALS');
      await admin.patch(`/api/v1/admin/units/${unit.id}`, { version: off.body.version, active: true }).expect(200);
      await signIn(demo['officer.wakra'].username, demo['officer.wakra'].password).expect(200);
    });

    it('a password is compared in Unicode NFC: composed and decomposed spellings are the same password', async () => {
      const composed = 'Qahwa-\u00e9t\u00e9-corniche-dawn-12'; // é as one code point
      const decomposed = composed.normalize('NFD'); // é as e + combining accent
      expect(decomposed).not.toBe(composed);
      const user = await createUser('nfc.typist', ['desk_officer']);
      await admin.post(`/api/v1/admin/users/${user.id}/reset-password`, { version: user.version, temporaryPassword: composed }).expect(200);
      await signIn('nfc.typist', decomposed).expect(200);
    });

    it('a password reset ends the sessions and forces a change', async () => {
      const user = await createUser('to.reset', ['desk_officer']);
      const first = await signIn('to.reset', STRONG).expect(200);
      const session = asSession(api, sessionCookieOf(first), first.body.csrfToken);
      await admin.post(`/api/v1/admin/users/${user.id}/reset-password`, { version: user.version, temporaryPassword: STRONGER }).expect(200);
      await session.get('/api/v1/auth/session').expect(401);
      expect((await signIn('to.reset', STRONGER).expect(200)).body.mustChangePassword).toBe(true);
    });
  });

  describe('CSRF and administration rules', () => {
    it('a state change without the CSRF header is refused', async () => {
      const session = await signInAs(api, demo.officer);
      const response = await api.http().post('/api/v1/auth/sign-out').set('Cookie', session.cookie).expect(403);
      expect(response.body.code).toBe('CSRF_TOKEN_INVALID');
      await session.get('/api/v1/auth/session').expect(200);
    });

    it('a role must fit the unit: a counsellor cannot belong to a police unit', async () => {
      const response = await admin
        .post('/api/v1/admin/users', { username: 'misfit', displayName: 'Misfit', unitId: raylanUnitId, roles: ['counsellor'], temporaryPassword: STRONG })
        .expect(422);
      expect(response.body.code).toBe('ROLE_UNIT_MISMATCH');
      expect(response.body.fields).toEqual([expect.objectContaining({ field: 'roles', code: 'ROLE_UNIT_MISMATCH' })]);
    });

    it('weak, common or short passwords are refused with a field code', async () => {
      const base = { displayName: 'P', unitId: raylanUnitId, roles: ['desk_officer'] };
      const common = await admin.post('/api/v1/admin/users', { ...base, username: 'pw.common', temporaryPassword: 'password1234' }).expect(422);
      expect(common.body.fields[0]).toEqual(expect.objectContaining({ field: 'temporaryPassword', code: 'WEAK_PASSWORD' }));
      const short = await admin.post('/api/v1/admin/users', { ...base, username: 'pw.short', temporaryPassword: 'x7#Kq9!' }).expect(400);
      expect(short.body.fields[0]).toEqual(expect.objectContaining({ field: 'temporaryPassword', code: 'PASSWORD_LENGTH' }));
    });

    it('a stale version is a 409 naming the current version', async () => {
      const user = await createUser('stale.target', ['desk_officer']);
      await admin.patch(`/api/v1/admin/users/${user.id}`, { version: user.version, displayName: 'First' }).expect(200);
      const stale = await admin.patch(`/api/v1/admin/users/${user.id}`, { version: user.version, displayName: 'Second' }).expect(409);
      expect(stale.body).toEqual(expect.objectContaining({ code: 'STALE_VERSION', currentVersion: user.version + 1 }));
    });

    it('an administrator cannot disable themselves', async () => {
      const me = (await admin.get('/api/v1/auth/session').expect(200)).body.user.id;
      const response = await admin.post(`/api/v1/admin/users/${me}/disable`, { version: 1 }).expect(422);
      expect(response.body.code).toBe('CANNOT_CHANGE_OWN_ACCESS');
    });

    it('supervisors see the members of their own unit; any other unit is the same 404 as a missing one', async () => {
      const supervisor = await signInAs(api, demo.supervisor);
      const own = await supervisor.get(`/api/v1/units/${raylanUnitId}/members`).expect(200);
      const names = own.body.items.map((member: { displayName: string }) => member.displayName);
      expect(names).toEqual(expect.arrayContaining(['Desk Officer, Al Rayyan (demo)', 'Supervisor, Al Rayyan (demo)']));
      expect(names.filter((name: string) => /Wakra|Aman|Wifaq|Administrator|Auditor/.test(name))).toEqual([]);
      expect(Object.keys(own.body.items[0]).sort()).toEqual(['displayName', 'id', 'roles']);
      const [aman] = await database.asSuperuser<{ id: string }>(`SELECT id FROM unit WHERE code = 'AMAN-CPD'`);
      const other = await supervisor.get(`/api/v1/units/${aman.id}/members`).expect(404);
      const missing = await supervisor.get('/api/v1/units/00000000-0000-4000-8000-000000000000/members').expect(404);
      expect(other.text).toBe(missing.text);
    });
  });
});
