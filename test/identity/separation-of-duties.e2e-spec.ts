import { ManualClock } from '@app/core';
import { TestDatabase, TestHttpApp } from '@app/testing';
import { DemoApi, startDemoApi } from '../support/demo-api';
import { DemoPeople, signInAs, SignedIn } from '../support/identity-fixtures';

const TEMPORARY = 'Correct-Horse-Battery-Staple-42';
const RESET_TO = 'Lanterns over the corniche at dusk 7';
/** The approving administrator's part of a new temporary password (dual control). */
const APPROVER_PART = 'ferry-wind-4481';

/** Granting auditor or administrator, and resetting such an account's password, take two administrators. */
describe('separation of duties for privileged account changes (HTTP, real PostgreSQL)', () => {
  let system: DemoApi;
  let database: TestDatabase;
  let api: TestHttpApp;
  let clock: ManualClock;
  let demo: DemoPeople;
  let admin: SignedIn;
  let admin2: SignedIn;
  let unitIds: Record<string, string>;
  let userIds: Record<string, string>;

  const signIn = (username: string, password: string) => api.http().post('/api/v1/auth/sign-in').send({ username, password });
  const eventsOf = (action: string) =>
    database.asSuperuser<{ actor_user_id: string; object_id: string | null; detail: Record<string, unknown> }>(
      `SELECT actor_user_id, object_id, detail FROM audit_event WHERE action = $1 ORDER BY seq`,
      [action],
    );
  const newAuditorRequest = (username: string) =>
    admin.post('/api/v1/admin/users', {
      username,
      displayName: `Auditor ${username}`,
      unitId: unitIds['MOI-AUDIT'],
      roles: ['auditor'],
      temporaryPassword: TEMPORARY,
    });

  beforeAll(async () => {
    system = await startDemoApi();
    ({ database, api, clock, demo, unitIds, userIds } = system);
  });
  beforeEach(async () => {
    admin = await signInAs(api, demo.admin);
    admin2 = await signInAs(api, demo.admin2);
  });
  afterAll(async () => {
    await system?.stop();
  });

  describe('a new auditor account', () => {
    let approvalId: string;

    it('is only requested: 202 with the pending approval, and no account exists yet', async () => {
      const response = await newAuditorRequest('new.auditor').expect(202);
      expect(response.body).toEqual(
        expect.objectContaining({ kind: 'account_creation', status: 'pending', username: 'new.auditor', roles: ['auditor'], requestedBy: userIds.admin }),
      );
      expect(JSON.stringify(response.body)).not.toMatch(/argon2|Correct-Horse/);
      approvalId = response.body.id;
      const [stored] = await database.asSuperuser<{ part: string }>('SELECT password_part_enc AS part FROM approval_request WHERE id = $1', [approvalId]);
      expect(stored.part).toMatch(/^v1\.[A-Za-z0-9_-]+\./); // ciphertext under a key id, never the part itself
      expect(stored.part).not.toContain(TEMPORARY);
      expect(await database.asSuperuser(`SELECT 1 FROM app_user WHERE username = 'new.auditor'`)).toHaveLength(0);
      await signIn('new.auditor', TEMPORARY).expect(401);
      const [requested] = await eventsOf('approval.requested');
      expect(requested).toEqual(
        expect.objectContaining({ actor_user_id: userIds.admin, detail: expect.objectContaining({ approvalId, kind: 'account_creation' }) }),
      );
      const pending = await admin2.get('/api/v1/admin/approvals?status=pending').expect(200);
      expect(pending.body.items.map((item: { id: string }) => item.id)).toContain(approvalId);
    });

    it('the requesting administrator cannot approve it', async () => {
      const refused = await admin.post(`/api/v1/admin/approvals/${approvalId}/approval`, { temporaryPasswordPart: APPROVER_PART }).expect(422);
      expect(refused.body.code).toBe('APPROVER_IS_REQUESTER');
      expect((await admin.get(`/api/v1/admin/approvals/${approvalId}`).expect(200)).body.status).toBe('pending');
    });

    it('a second administrator approves: the account exists with the password that was asked for, and both steps are in the trail', async () => {
      const approved = await admin2.post(`/api/v1/admin/approvals/${approvalId}/approval`, { temporaryPasswordPart: APPROVER_PART }).expect(200);
      expect(approved.body.approval).toEqual(expect.objectContaining({ status: 'approved', decidedBy: userIds.admin2 }));
      expect(approved.body.user).toEqual(expect.objectContaining({ username: 'new.auditor', roles: ['auditor'], mustChangePassword: true }));
      // Dual control: the password is the requester's part then the approver's; neither part alone opens it.
      await signIn('new.auditor', TEMPORARY).expect(401);
      await signIn('new.auditor', APPROVER_PART).expect(401);
      expect((await signIn('new.auditor', TEMPORARY + APPROVER_PART).expect(200)).body.stage).toBe('enrolment');
      const [decision] = await eventsOf('approval.approved');
      expect(decision).toEqual(
        expect.objectContaining({
          actor_user_id: userIds.admin2,
          object_id: approved.body.user.id,
          detail: expect.objectContaining({ approvalId, requestedBy: userIds.admin }),
        }),
      );
      const created = (await eventsOf('account.created')).find((event) => event.object_id === approved.body.user.id);
      expect(created?.detail).toEqual(expect.objectContaining({ approvalId, roles: ['auditor'] }));
    });

    it('is decided once: approving or rejecting again is a 409 naming the state', async () => {
      const again = await admin2.post(`/api/v1/admin/approvals/${approvalId}/approval`, { temporaryPasswordPart: APPROVER_PART }).expect(409);
      expect(again.body).toEqual(expect.objectContaining({ code: 'TRANSITION_NOT_ALLOWED', currentState: 'approved' }));
      await admin2.post(`/api/v1/admin/approvals/${approvalId}/rejection`).expect(409);
    });
  });

  it('each part of a new temporary password is 8 to 64 characters', async () => {
    const short = await admin.post('/api/v1/admin/users', {
      username: 'short.auditor',
      displayName: 'S',
      unitId: unitIds['MOI-AUDIT'],
      roles: ['auditor'],
      temporaryPassword: 'tiny',
    });
    expect([short.status, short.body.fields?.[0]]).toEqual([400, expect.objectContaining({ field: 'temporaryPassword', code: 'PASSWORD_PART_LENGTH' })]);
    const { body } = await newAuditorRequest('part.auditor').expect(202);
    const weak = await admin2.post(`/api/v1/admin/approvals/${body.id}/approval`, { temporaryPasswordPart: 'x' });
    expect([weak.status, weak.body.fields?.[0]?.code]).toEqual([400, 'PASSWORD_PART_LENGTH']);
    expect((await admin2.get(`/api/v1/admin/approvals/${body.id}`).expect(200)).body.status).toBe('pending');
  });

  it('a user name already taken is refused when asking, not only when approving', async () => {
    expect((await newAuditorRequest('auditor').expect(409)).body.code).toBe('USERNAME_TAKEN');
  });

  it('an approval that no longer applies rolls back whole: the request stays pending', async () => {
    const { body } = await newAuditorRequest('race.auditor').expect(202);
    await admin2
      .post('/api/v1/admin/users', {
        username: 'race.auditor',
        displayName: 'Clerk',
        unitId: unitIds['CPD-RAYYAN'],
        roles: ['desk_officer'],
        temporaryPassword: TEMPORARY,
      })
      .expect(201);
    expect((await admin2.post(`/api/v1/admin/approvals/${body.id}/approval`, { temporaryPasswordPart: APPROVER_PART }).expect(409)).body.code).toBe(
      'USERNAME_TAKEN',
    );
    expect((await admin2.get(`/api/v1/admin/approvals/${body.id}`).expect(200)).body.status).toBe('pending');
  });

  it('a rejection ends the request; the requester may withdraw their own', async () => {
    const refusedOne = (await newAuditorRequest('refused.auditor').expect(202)).body.id;
    expect((await admin2.post(`/api/v1/admin/approvals/${refusedOne}/rejection`).expect(200)).body).toEqual(
      expect.objectContaining({ status: 'rejected', decidedBy: userIds.admin2 }),
    );
    await admin.post(`/api/v1/admin/approvals/${refusedOne}/approval`, { temporaryPasswordPart: APPROVER_PART }).expect(422);
    expect((await admin2.post(`/api/v1/admin/approvals/${refusedOne}/approval`, { temporaryPasswordPart: APPROVER_PART }).expect(409)).body.currentState).toBe(
      'rejected',
    );
    const withdrawn = (await newAuditorRequest('withdrawn.auditor').expect(202)).body.id;
    await admin.post(`/api/v1/admin/approvals/${withdrawn}/rejection`).expect(200);
    const [history] = await database.asSuperuser<{ reason_code: string }>('SELECT reason_code FROM approval_request_history WHERE record_id = $1', [withdrawn]);
    expect(history.reason_code).toBe('withdrawn');
    expect(await database.asSuperuser(`SELECT 1 FROM app_user WHERE username IN ('refused.auditor', 'withdrawn.auditor')`)).toHaveLength(0);
  });

  it('a request expires after 24 hours', async () => {
    const { body } = await newAuditorRequest('late.auditor').expect(202);
    clock.advance(24 * 60 * 60 * 1000 + 1000);
    const fresh = await signInAs(api, demo.admin2);
    expect((await fresh.post(`/api/v1/admin/approvals/${body.id}/approval`, { temporaryPasswordPart: APPROVER_PART }).expect(409)).body.code).toBe(
      'APPROVAL_EXPIRED',
    );
  });

  describe("resetting an auditor's password", () => {
    it('waits for approval: until then the old password and sessions keep working', async () => {
      const auditor = await signInAs(api, demo.auditor);
      const [target] = await database.asSuperuser<{ version: number }>('SELECT version FROM app_user WHERE id = $1', [userIds.auditor]);
      const requested = await admin
        .post(`/api/v1/admin/users/${userIds.auditor}/reset-password`, { version: target.version, temporaryPassword: RESET_TO })
        .expect(202);
      expect(requested.body).toEqual(expect.objectContaining({ kind: 'password_reset', targetUserId: userIds.auditor, status: 'pending' }));
      await auditor.get('/api/v1/auth/session').expect(200);
      await signIn(demo.auditor.username, RESET_TO).expect(401);

      expect((await admin2.post(`/api/v1/admin/approvals/${requested.body.id}/approval`).expect(422)).body.code).toBe('PASSWORD_PART_REQUIRED');
      await admin2.post(`/api/v1/admin/approvals/${requested.body.id}/approval`, { temporaryPasswordPart: APPROVER_PART }).expect(200);
      await auditor.get('/api/v1/auth/session').expect(401);
      await signIn(demo.auditor.username, RESET_TO).expect(401);
      expect((await signIn(demo.auditor.username, RESET_TO + APPROVER_PART).expect(200)).body.mustChangePassword).toBe(true);
    });

    it("an administrator's own reset cannot be requested, nor approved by its target", async () => {
      const [me] = await database.asSuperuser<{ version: number }>('SELECT version FROM app_user WHERE id = $1', [userIds.admin]);
      expect(
        (await admin.post(`/api/v1/admin/users/${userIds.admin}/reset-password`, { version: me.version, temporaryPassword: RESET_TO }).expect(422)).body.code,
      ).toBe('CANNOT_CHANGE_OWN_ACCESS');
      const [other] = await database.asSuperuser<{ version: number }>('SELECT version FROM app_user WHERE id = $1', [userIds.admin2]);
      const { body } = await admin
        .post(`/api/v1/admin/users/${userIds.admin2}/reset-password`, { version: other.version, temporaryPassword: RESET_TO })
        .expect(202);
      expect((await admin2.post(`/api/v1/admin/approvals/${body.id}/approval`, { temporaryPasswordPart: APPROVER_PART }).expect(422)).body.code).toBe(
        'CANNOT_CHANGE_OWN_ACCESS',
      );
    });

    it('a stale version is refused when asking', async () => {
      expect(
        (await admin.post(`/api/v1/admin/users/${userIds.auditor}/reset-password`, { version: 1, temporaryPassword: RESET_TO }).expect(409)).body.code,
      ).toBe('STALE_VERSION');
    });
  });

  it("a desk officer's password reset needs no second administrator", async () => {
    const [officer] = await database.asSuperuser<{ version: number }>('SELECT version FROM app_user WHERE id = $1', [userIds['officer.wakra']]);
    await admin.post(`/api/v1/admin/users/${userIds['officer.wakra']}/reset-password`, { version: officer.version, temporaryPassword: RESET_TO }).expect(200);
  });

  it('the database refuses an approval decided by its requester, even written directly', async () => {
    await expect(
      database.asSuperuser(
        `INSERT INTO approval_request (kind, status, payload, requested_by, requested_at, expires_at, decided_by, decided_at, updated_at)
         VALUES ('account_creation', 'approved', '{}', $1, now(), now() + interval '1 day', $1, now(), now())`,
        [userIds.admin],
      ),
    ).rejects.toThrow(/approval_request_check/);
    // …and a pending creation without the requester's (encrypted) part of the password
    await expect(
      database.asSuperuser(
        `INSERT INTO approval_request (kind, payload, requested_by, requested_at, expires_at, updated_at)
         VALUES ('account_creation', '{}', $1, now(), now() + interval '1 day', now())`,
        [userIds.admin],
      ),
    ).rejects.toThrow(/approval_request_check/);
  });

  it('other roles cannot see or decide approvals (403), and an unknown id is a 404', async () => {
    const supervisor = await signInAs(api, demo.supervisor);
    await supervisor.get('/api/v1/admin/approvals').expect(403);
    await admin2.post('/api/v1/admin/approvals/00000000-0000-4000-8000-000000000000/approval', { temporaryPasswordPart: APPROVER_PART }).expect(404);
  });
});
