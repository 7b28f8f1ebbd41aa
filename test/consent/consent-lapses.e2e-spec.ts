import { Test } from '@nestjs/testing';
import { AuditWriterModule } from '@app/audit';
import { ConsentLapses, ConsentLedgerEvent, ConsentLedgerEventsModule, ConsentEvents } from '@app/consent';
import { Clock, CoreModule, loadConfig, ManualClock, RequestContext, SYSTEM_ROLE } from '@app/core';
import { DatabaseModule } from '@app/database';
import { eventually, testEnvironment } from '@app/testing';
import { SYSTEM_PERMISSIONS } from '../../apps/worker/src/system-actor';
import { ApiWithWorker, startApiWithWorker } from '../support/api-with-worker';
import { DemoApi, startDemoApi } from '../support/demo-api';
import { consentBody } from '../support/family-case';
import { seedDemoIdentity, signInAs, SignedIn } from '../support/identity-fixtures';

const DAY = 86_400_000;

const familyCase = {
  category: 'child_protection',
  urgency: 'high',
  intakeChannel: 'school',
  title: 'Expiry scan case',
  subjects: [
    { role: 'victim', person: { nameLatin: 'Noor Adult', birthDate: '1990-01-01', sex: 'female' } },
    // 17 on the api's clock (2026-12-01), 18 the next day.
    { role: 'child', person: { nameLatin: 'Almost Adult', birthDate: '2008-12-02', sex: 'male' } },
    { role: 'guardian', person: { nameLatin: 'Huda Guardian', birthDate: '1970-01-01', sex: 'female' } },
  ],
};

async function openWithSubjects(officer: SignedIn) {
  const opened = await officer.post('/api/v1/cases', familyCase).expect(201);
  const byName = (name: string) => opened.body.subjects.find((entry: { nameLatin: string }) => entry.nameLatin === name).id as string;
  return { caseId: opened.body.id as string, adult: byName('Noor Adult'), teen: byName('Almost Adult'), guardian: byName('Huda Guardian') };
}

describe('lapses: expiry and a minor turning 18 publish the ledger’s event in the scan’s transaction', () => {
  let system: DemoApi;
  let lapses: ConsentLapses;
  let events: ConsentEvents;
  let context: RequestContext;
  let workerClock: ManualClock;
  let close: () => Promise<void>;
  let officer: SignedIn;
  const seen: ConsentLedgerEvent[] = [];
  let failing = false;

  beforeAll(async () => {
    system = await startDemoApi();
    officer = await signInAs(system.api, system.demo.officer);
    // The worker's side, in process: its database role, the system actor, its own clock.
    const config = loadConfig(testEnvironment(system.database, 'worker'));
    workerClock = new ManualClock(system.clock.now());
    const moduleRef = await Test.createTestingModule({
      imports: [CoreModule.forRoot(config, 'worker'), DatabaseModule.forProcess('worker'), AuditWriterModule, ConsentLedgerEventsModule],
    })
      .overrideProvider(Clock)
      .useValue(workerClock)
      .compile();
    const app = await moduleRef.init();
    close = () => app.close();
    lapses = app.get(ConsentLapses);
    events = app.get(ConsentEvents);
    context = app.get(RequestContext);
    events.subscribe(async (event) => {
      seen.push(event);
      if (failing) throw new Error('listener failed');
    });
  });
  afterAll(async () => {
    await close?.();
    await system?.stop();
  });

  const scan = () =>
    context.runDetached('test-scan', () => lapses.announceDue(), {
      kind: 'system',
      unitId: system.unitIds.SYSTEM,
      roles: [SYSTEM_ROLE],
      permissions: [...SYSTEM_PERMISSIONS],
    });

  it('announces an expired consent, a guardian’s consent for a subject now 18, and an expired approved legal basis, once each', async () => {
    const family = await openWithSubjects(officer);
    const soon = new Date(system.clock.now().getTime() + 3_600_000).toISOString();
    const expiring = await officer.post(`/api/v1/cases/${family.caseId}/consents`, consentBody(family.adult, { expiresAt: soon })).expect(201);
    const lasting = await officer.post(`/api/v1/cases/${family.caseId}/consents`, consentBody(family.adult, { dataCategories: ['contact'] })).expect(201);
    const byGuardian = await officer
      .post(`/api/v1/cases/${family.caseId}/consents`, consentBody(family.teen, { givenBy: 'guardian', guardianSubjectId: family.guardian }))
      .expect(201);
    const basis = await officer
      .post(`/api/v1/cases/${family.caseId}/legal-bases`, {
        basis: 'child_at_risk',
        justification: 'Lapse test justification',
        subjectIds: [family.teen],
        dataCategories: ['address'],
        expiresAt: soon,
      })
      .expect(201);
    const supervisor = await signInAs(system.api, system.demo.supervisor);
    await supervisor.post(`/api/v1/legal-bases/${basis.body.id}/approval`, { version: basis.body.version }).expect(200);

    expect(await scan()).toEqual({ consents: 0, legalBases: 0 });
    workerClock.set(new Date(system.clock.now().getTime() + DAY));
    expect(await scan()).toEqual({ consents: 2, legalBases: 1 });
    expect(seen.map((event) => [event.type, event.recordId]).sort()).toEqual(
      [
        ['consent.lapsed', expiring.body.id],
        ['consent.lapsed', byGuardian.body.id],
        ['legal_basis.lapsed', basis.body.id],
      ].sort(),
    );
    expect(seen.every((event) => event.caseId === family.caseId)).toBe(true);
    expect(seen.map((event) => event.recordId)).not.toContain(lasting.body.id);
    expect(await scan()).toEqual({ consents: 0, legalBases: 0 });
    const [trail] = await system.database.asSuperuser<{ actor_roles: string[]; detail: unknown }>(
      `SELECT actor_roles, detail FROM audit_event WHERE action = 'consent.lapses_announced'`,
    );
    expect(trail).toEqual({ actor_roles: [SYSTEM_ROLE], detail: { consents: 2, legalBases: 1 } });
  });

  it('a listener that fails rolls the announcement back; the next scan announces it again', async () => {
    seen.length = 0;
    const family = await openWithSubjects(officer);
    const soon = new Date(system.clock.now().getTime() + 3_600_000).toISOString();
    const expiring = await officer.post(`/api/v1/cases/${family.caseId}/consents`, consentBody(family.adult, { expiresAt: soon })).expect(201);
    failing = true;
    await expect(scan()).rejects.toThrow('listener failed');
    const [row] = await system.database.asSuperuser<{ lapse_announced_at: Date | null }>('SELECT lapse_announced_at FROM consent_record WHERE id = $1', [
      expiring.body.id,
    ]);
    expect(row.lapse_announced_at).toBeNull();
    failing = false;
    expect(await scan()).toEqual({ consents: 1, legalBases: 0 });
    expect(seen.map((event) => event.recordId)).toEqual([expiring.body.id, expiring.body.id]);
  });

  it('the worker reads no content of the ledger: its role is refused the note and the justification', async () => {
    await expect(system.database.as('worker', 'SELECT note_enc FROM consent_record')).rejects.toThrow(/permission denied/);
    await expect(system.database.as('worker', 'SELECT justification_enc FROM legal_basis')).rejects.toThrow(/permission denied/);
    await expect(system.database.as('worker', 'SELECT name_latin FROM person')).rejects.toThrow(/permission denied/);
    await expect(system.database.as('worker', `UPDATE consent_record SET expires_at = now()`)).rejects.toThrow(/permission denied/);
  });
});

describe('the worker process runs the lapse scan on its schedule', () => {
  let system: ApiWithWorker;

  beforeAll(async () => {
    system = await startApiWithWorker({ CONSENT_LAPSE_SCAN_SECONDS: '1' });
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('a consent that expires is announced by the worker within seconds, as the system actor', async () => {
    const demo = await seedDemoIdentity(system.database);
    const officer = await signInAs(system.api, demo.officer);
    const family = await openWithSubjects(officer);
    const expiresAt = new Date(Date.now() + 1500).toISOString();
    const consent = await officer.post(`/api/v1/cases/${family.caseId}/consents`, consentBody(family.adult, { expiresAt })).expect(201);
    const announced = async () =>
      (await system.database.asSuperuser<{ at: Date | null }>('SELECT lapse_announced_at AS at FROM consent_record WHERE id = $1', [consent.body.id]))[0].at;
    await eventually(async () => (await announced()) !== null, 'the worker to announce the lapse', 20000);
    const [event] = await system.database.asSuperuser<{ actor_roles: string[] }>(
      `SELECT actor_roles FROM audit_event WHERE action = 'consent.lapses_announced'`,
    );
    expect(event.actor_roles).toEqual([SYSTEM_ROLE]);
  });
});
