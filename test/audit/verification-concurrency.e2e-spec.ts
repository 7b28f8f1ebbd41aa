import { loadConfig, ManualClock } from '@app/core';
import { createTestDatabase, createTestHttpApp, eventually, TestDatabase, testEnvironment, TestHttpApp } from '@app/testing';
import { asSession, seedDemoIdentity, signInAs, SignedIn } from '../support/identity-fixtures';
import { ApiModule } from '../../apps/api/src/api.module';

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/**
 * Two api instances on one database stand for two api processes (each has its own in-process guard);
 * the verification lock must hold across them, and verifications must not take request connections.
 */
describe('one audit verification at a time, on connections of its own (HTTP, two api instances)', () => {
  let database: TestDatabase;
  let first: TestHttpApp;
  let second: TestHttpApp;
  let auditorOnFirst: SignedIn;
  let auditorOnSecond: SignedIn;

  beforeAll(async () => {
    database = await createTestDatabase();
    const demo = await seedDemoIdentity(database);
    const config = loadConfig(testEnvironment(database, 'api'));
    const clock = new ManualClock(new Date('2026-11-23T09:00:00Z'));
    first = await createTestHttpApp(ApiModule.forRoot(config), config, { clock });
    second = await createTestHttpApp(ApiModule.forRoot(config), config, { clock });
    auditorOnFirst = await signInAs(first, demo.auditor);
    auditorOnSecond = asSession(second, auditorOnFirst.cookie, auditorOnFirst.csrfToken); // sessions live in PostgreSQL
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
    await database?.drop();
  });

  it('10 parallel verifications: exactly one 200, nine 409 VERIFICATION_RUNNING; a signed-in request meanwhile is answered', async () => {
    const locker = await database.connect('superuser');
    let locked = true;
    try {
      // Holds the verification that runs at its first read of the seals, so the others overlap it for certain.
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE audit_seal IN ACCESS EXCLUSIVE MODE');
      const answered: Answer[] = [];
      const calls = Array.from({ length: 10 }, (_, index) =>
        (index % 2 === 0 ? auditorOnFirst : auditorOnSecond).get('/api/v1/audit/verification').then((response) => {
          answered.push(response);
          return response as Answer;
        }),
      );
      await eventually(() => answered.length >= 9, 'nine verifications answered while one runs');
      const waitingOnTheLock = async () =>
        (
          await database.asSuperuser<{ application_name: string }>(
            `SELECT application_name FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          )
        ).map((row) => row.application_name);
      await eventually(async () => (await waitingOnTheLock()).length > 0, 'the running verification to reach the seals');
      expect(await waitingOnTheLock()).toEqual(['referral-desk-api-verifier']); // its own connection, not a request's

      const session = await auditorOnSecond.get('/api/v1/auth/session');
      expect([session.status, session.body.code]).toEqual([200, undefined]);

      await locker.query('COMMIT');
      locked = false;
      const answers = await Promise.all(calls);
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, ...Array(9).fill(409)]);
      for (const refused of answers.filter((answer) => answer.status === 409)) {
        expect(refused.body).toEqual({ code: 'VERIFICATION_RUNNING', message: expect.any(String) });
      }
      expect(answers.find((answer) => answer.status === 200)?.body).toEqual({ ok: true, count: 0, checkpointsChecked: 0 });
    } finally {
      if (locked) await locker.query('ROLLBACK');
      await locker.end();
    }
  });

  it('the refused ones leave no audit event; the one that ran records audit.verified; the next verification runs again', async () => {
    const [{ n }] = await database.asSuperuser<{ n: number }>(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'audit.verified'`);
    expect(n).toBe(1);
    await auditorOnSecond.get('/api/v1/audit/verification').expect(200);
    await auditorOnFirst.get('/api/v1/audit/verification').expect(200);
  });
});
