import { gzipSync } from 'node:zlib';
import { TestDatabase, TestHttpApp } from '@app/testing';
import { DemoApi, startDemoApi } from '../support/demo-api';
import { DemoPeople, signInAs } from '../support/identity-fixtures';

/*
 * Defects found by the black-box review of the hardened platform (review branch). Each test states
 * the behaviour the platform promises and fails on the reviewed main.
 */
const TEMPORARY = 'Violet-Lantern-Harbour-8312';
const CHANGED = 'Quiet meadow falcon 5521 over the bay';

describe('review findings (HTTP, real PostgreSQL)', () => {
  let system: DemoApi;
  let database: TestDatabase;
  let api: TestHttpApp;
  let demo: DemoPeople;
  let unitIds: Record<string, string>;
  let userIds: Record<string, string>;

  beforeAll(async () => {
    system = await startDemoApi();
    ({ database, api, demo, unitIds, userIds } = system);
  });
  afterAll(async () => {
    await system?.stop();
  });

  describe('a body whose Content-Encoding does not match it is a 4xx, never a 500 (public sign-in)', () => {
    const cases: Array<[string, string, Buffer | string]> = [
      ['gzip, plain body', 'gzip', '{"username":"x","password":"y"}'],
      ['deflate, plain body', 'deflate', '{"username":"x","password":"y"}'],
      ['br, plain body', 'br', '{"username":"x","password":"y"}'],
      ['gzip, truncated stream', 'gzip', gzipSync('{"username":"x","password":"y"}').subarray(0, 20)],
    ];
    it.each(cases)('%s', async (_label, encoding, body) => {
      const response = await api.http().post('/api/v1/auth/sign-in').set('Content-Type', 'application/json').set('Content-Encoding', encoding).send(body);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(response.body.code).not.toBe('INTERNAL');
    });
  });

  describe('an upper-case UUID names the same record as its lower-case form', () => {
    it('a centre manager reads their own unit’s members by either spelling', async () => {
      const manager = await signInAs(api, demo.manager);
      const lower = await manager.get(`/api/v1/units/${unitIds['AMAN-CPD']}/members`).expect(200);
      const upper = await manager.get(`/api/v1/units/${unitIds['AMAN-CPD'].toUpperCase()}/members`);
      expect(upper.status).toBe(200);
      expect(upper.body).toEqual(lower.body);
    });

    it('a unit named as its own parent in upper case is the 422 of the lower-case case, not a 500', async () => {
      const admin = await signInAs(api, demo.admin);
      const id = unitIds['CPD-WAKRA'];
      const { version } = (await admin.get(`/api/v1/units/${id}`).expect(200)).body;
      const response = await admin.patch(`/api/v1/admin/units/${id}`, { version, parentId: id.toUpperCase() });
      expect(response.status).toBe(422);
      expect(response.body.code).toBe('UNIT_PARENT_INVALID');
    });

    it('an administrator cannot disable their own account by upper-casing its id', async () => {
      const admin2 = await signInAs(api, demo.admin2);
      const id = userIds.admin2;
      const { version } = (await admin2.get(`/api/v1/admin/users/${id}`).expect(200)).body;
      await admin2.post(`/api/v1/admin/users/${id}/disable`, { version }).expect(422);
      try {
        const upper = await admin2.post(`/api/v1/admin/users/${id.toUpperCase()}/disable`, { version });
        expect(upper.status).toBe(422);
        expect(upper.body.code).toBe('CANNOT_CHANGE_OWN_ACCESS');
        expect(await database.asSuperuser(`SELECT 1 FROM app_user WHERE id = $1 AND disabled_at IS NOT NULL`, [id])).toHaveLength(0);
      } finally {
        // the other tests sign in as admin2
        await database.asSuperuser(`UPDATE app_user SET disabled_at = NULL WHERE id = $1`, [id]);
      }
    });
  });

  it('a unit cannot become the parent of its own parent (no cycles in the hierarchy)', async () => {
    const admin = await signInAs(api, demo.admin);
    const hq = unitIds['CPD-HQ'];
    const child = (await database.asSuperuser<{ id: string }>(`SELECT id FROM unit WHERE parent_id = $1 LIMIT 1`, [hq]))[0]?.id;
    expect(child).toBeDefined();
    const { version } = (await admin.get(`/api/v1/units/${hq}`).expect(200)).body;
    const response = await admin.patch(`/api/v1/admin/units/${hq}`, { version, parentId: child });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('UNIT_PARENT_INVALID');
  });

  it('wrong current passwords at POST /auth/password count toward the lockout and are audited', async () => {
    const officer = await signInAs(api, demo.officer);
    const [{ seq }] = await database.asSuperuser<{ seq: string }>(`SELECT coalesce(max(seq), 0) AS seq FROM audit_event`);
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const response = await officer.post('/api/v1/auth/password', { currentPassword: `guess-number-${attempt}`, newPassword: CHANGED });
      expect(response.status).toBeGreaterThanOrEqual(400);
    }
    // Five wrong passwords lock the account and end its sessions, wherever they were typed.
    const [account] = await database.asSuperuser<{ locked: boolean }>(`SELECT locked_at IS NOT NULL AS locked FROM app_user WHERE id = $1`, [userIds.officer]);
    expect(account.locked).toBe(true);
    await officer.get('/api/v1/auth/session').expect(401);
    const failures = await database.asSuperuser(
      `SELECT 1 FROM audit_event WHERE seq > $1 AND outcome <> 'success' AND (actor_user_id = $2 OR object_id = $2::text)`,
      [seq, userIds.officer],
    );
    expect(failures.length).toBeGreaterThanOrEqual(5);
  });

  it('one administrator cannot obtain a second administrator account of their own and approve their own requests with it', async () => {
    const admin = await signInAs(api, demo.admin);
    const admin2 = await signInAs(api, demo.admin2);
    // admin asks for a third administrator with their part of its temporary password; admin2 approves with theirs.
    const request = await admin
      .post('/api/v1/admin/users', {
        username: 'admin.three',
        displayName: 'Third administrator',
        unitId: unitIds.SYSTEM,
        roles: ['administrator'],
        temporaryPassword: TEMPORARY,
      })
      .expect(202);
    const approverPart = 'harbour-gull-3907';
    await admin2.post(`/api/v1/admin/approvals/${request.body.id}/approval`, { temporaryPasswordPart: approverPart }).expect(200);
    // Neither administrator alone can finish the new account's first sign-in (and so enrol it and approve with it).
    expect((await api.http().post('/api/v1/auth/sign-in').send({ username: 'admin.three', password: TEMPORARY })).status).toBe(401);
    expect((await api.http().post('/api/v1/auth/sign-in').send({ username: 'admin.three', password: approverPart })).status).toBe(401);
    // The person, told both parts, can.
    const first = await api
      .http()
      .post('/api/v1/auth/sign-in')
      .send({ username: 'admin.three', password: TEMPORARY + approverPart });
    expect([first.status, first.body.stage]).toEqual([200, 'enrolment']);
    expect(
      await database.asSuperuser(`SELECT password_part_enc FROM approval_request WHERE id = $1 AND password_part_enc IS NULL`, [request.body.id]),
    ).toHaveLength(1);
  });

  it('a session that predates a role needing a second factor does not carry that role without one', async () => {
    const admin = await signInAs(api, demo.admin);
    const officer = await signInAs(api, demo['officer.wakra']); // a desk officer: no second factor needed, none enrolled
    const id = userIds['officer.wakra'];
    const { version } = (await admin.get(`/api/v1/admin/users/${id}`).expect(200)).body;
    await admin.put(`/api/v1/admin/users/${id}/roles`, { version, roles: ['supervisor'] }).expect(200);
    // A fresh sign-in would now stop at `enrolment`; the old session must not read the unit's trail.
    const trail = await officer.get('/api/v1/audit/events');
    expect(trail.status).not.toBe(200);
  });

  it('binding a new authenticator app to a signed-in account asks for the password again', async () => {
    const officer = await signInAs(api, demo.counsellor);
    // Whoever holds the session cookie (a stolen one, an unlocked screen) would lock the owner out:
    // the password alone no longer signs in, and no administrator route resets a second factor.
    const response = await officer.post('/api/v1/auth/second-factor/enrolment');
    expect([response.status, response.body.code]).toEqual([422, 'CURRENT_PASSWORD_INCORRECT']);
    expect((await officer.post('/api/v1/auth/second-factor/enrolment', { currentPassword: 'a wrong guess at it' })).status).toBe(422);
    expect((await officer.post('/api/v1/auth/second-factor/enrolment', { currentPassword: demo.counsellor.password })).status).toBe(200);
  });
});
