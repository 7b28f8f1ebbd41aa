import { Test } from '@nestjs/testing';
import { AuditWriterModule } from '@app/audit';
import { ConsentLapses } from '@app/consent';
import { Clock, CoreModule, loadConfig, ManualClock, RequestContext, SYSTEM_ROLE } from '@app/core';
import { DatabaseModule } from '@app/database';
import { OutboxModule } from '@app/queue';
import { DeadlineWatch, ReferralsCoreModule } from '@app/referrals';
import { testEnvironment } from '@app/testing';
import { SYSTEM_PERMISSIONS } from '../../apps/worker/src/system-actor';
import { DemoApi, startDemoApi } from '../support/demo-api';
import { consentBody, openFamilyCase } from '../support/family-case';
import { signInAs, SignedIn } from '../support/identity-fixtures';
import { familyReadyForAman, sendToAman } from '../support/referral-fixtures';

const HOUR = 3_600_000;

/**
 * The worker's side, in process with its own database role and the system actor: the deadline scan
 * marks reminders and overdue referrals once each, from PostgreSQL; the lapse scan withdraws what
 * relied on a consent that expired, through the worker's column grants (no ciphertext).
 */
describe('referrals: the worker’s deadline and lapse scans (real PostgreSQL, the worker’s role)', () => {
  let system: DemoApi;
  let officer: SignedIn;
  let watch: DeadlineWatch;
  let lapses: ConsentLapses;
  let context: RequestContext;
  let workerClock: ManualClock;
  let close: () => Promise<void>;

  beforeAll(async () => {
    system = await startDemoApi();
    officer = await signInAs(system.api, system.demo.officer);
    const config = loadConfig(testEnvironment(system.database, 'worker'));
    workerClock = new ManualClock(system.clock.now());
    const moduleRef = await Test.createTestingModule({
      imports: [CoreModule.forRoot(config, 'worker'), DatabaseModule.forProcess('worker'), AuditWriterModule, OutboxModule, ReferralsCoreModule],
    })
      .overrideProvider(Clock)
      .useValue(workerClock)
      .compile();
    const app = await moduleRef.init();
    close = () => app.close();
    watch = app.get(DeadlineWatch);
    lapses = app.get(ConsentLapses);
    context = app.get(RequestContext);
  });
  afterAll(async () => {
    await close?.();
    await system?.stop();
  });

  const asSystem = <T>(work: () => Promise<T>) =>
    context.runDetached('test-scan', work, { kind: 'system', unitId: system.unitIds.SYSTEM, roles: [SYSTEM_ROLE], permissions: [...SYSTEM_PERMISSIONS] });
  const outboxOf = (id: string) =>
    system.database.asSuperuser<{ event: string; audiences: string[] }>(`SELECT event, audiences FROM outbox WHERE record_id = $1 ORDER BY created_at`, [id]);

  it('a reminder before the deadline and overdue once it passes, each marked once with its outbox row', async () => {
    const family = await familyReadyForAman(officer, { title: 'Deadline scan family' });
    const referral = await sendToAman(system, officer, family, { urgency: 'critical' }); // four calendar hours
    const sentAt = system.clock.now().getTime();
    workerClock.set(new Date(sentAt + HOUR));
    expect(await asSystem(() => watch.scan())).toEqual({ reminded: 0, overdue: 0 });
    workerClock.set(new Date(sentAt + 3.5 * HOUR));
    expect(await asSystem(() => watch.scan())).toEqual({ reminded: 1, overdue: 0 });
    expect(await asSystem(() => watch.scan())).toEqual({ reminded: 0, overdue: 0 });
    workerClock.set(new Date(sentAt + 4.5 * HOUR));
    expect(await asSystem(() => watch.scan())).toEqual({ reminded: 0, overdue: 1 });
    expect(await asSystem(() => watch.scan())).toEqual({ reminded: 0, overdue: 0 });
    expect((await outboxOf(referral.id)).map((row) => [row.event, row.audiences])).toEqual([
      ['referral.sent', ['centre_office']],
      ['referral.reminder_due', ['centre_office']],
      ['referral.overdue', ['unit_supervisors']],
    ]);
    const [trail] = await system.database.asSuperuser<{ actor_roles: string[]; case_id: string }>(
      `SELECT actor_roles, case_id FROM audit_event WHERE action = 'referral.overdue' AND object_id = $1`,
      [referral.id],
    );
    expect(trail).toEqual({ actor_roles: [SYSTEM_ROLE], case_id: family.id });
  });

  it('an expired consent withdraws the referral that relied on it, in the lapse scan’s transaction', async () => {
    const family = await openFamilyCase(officer, { title: 'Expiring consent family' });
    const expiresAt = new Date(system.clock.now().getTime() + 2 * HOUR).toISOString();
    await officer
      .post(`/api/v1/cases/${family.id}/consents`, consentBody(family.mother, { services: ['protection'], dataCategories: ['identity'], expiresAt }))
      .expect(201);
    const sent = await officer
      .post(`/api/v1/cases/${family.id}/referrals`, {
        centreId: system.unitIds['AMAN-CPD'],
        clientSubjectIds: [family.mother],
        services: ['protection'],
        urgency: 'low',
        reason: 'Protection for the mother',
        shared: [{ subjectId: family.mother, fields: ['nameLatin'] }],
      })
      .expect(201);
    workerClock.set(new Date(system.clock.now().getTime() + 3 * HOUR));
    expect(await asSystem(() => lapses.announceDue())).toEqual({ consents: 1, legalBases: 0 });
    const [row] = await system.database.asSuperuser<{ status: string; withdrawal_reason: string }>(
      'SELECT status, withdrawal_reason FROM referral WHERE id = $1',
      [sent.body.id],
    );
    expect(row).toEqual({ status: 'withdrawn', withdrawal_reason: 'consent_lapsed' });
    const [caseRow] = await system.database.asSuperuser<{ status: string }>('SELECT status FROM case_file WHERE id = $1', [family.id]);
    expect(caseRow.status).toBe('open');
  });

  it('the worker reads no ciphertext of referrals, snapshots or notes', async () => {
    await expect(system.database.as('worker', 'SELECT reason_enc FROM referral')).rejects.toThrow(/permission denied/);
    await expect(system.database.as('worker', 'SELECT summary FROM referral')).rejects.toThrow(/permission denied/);
    await expect(system.database.as('worker', 'SELECT content_enc FROM referral_snapshot')).rejects.toThrow(/permission denied/);
    await expect(system.database.as('worker', 'SELECT body_enc FROM referral_note')).rejects.toThrow(/permission denied/);
  });
});
