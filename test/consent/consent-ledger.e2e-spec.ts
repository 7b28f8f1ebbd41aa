import { ConsentEvents } from '@app/consent';
import { TransactionRunner, selectOne } from '@app/database';
import { LogCapture, TestDatabase, TestHttpApp } from '@app/testing';
import { DemoApi, startDemoApi } from '../support/demo-api';
import { consentBody, openFamilyCase } from '../support/family-case';
import { DemoPeople, signInAs, SignedIn } from '../support/identity-fixtures';

/** Unique strings in every free-text field of the ledger: none may reach a log line, an audit row or an error body. */
const CANARY = {
  note: 'CANARYCONSENTNOTE4417 وافقت الأم شفهياً',
  withdrawal: 'CANARYWITHDRAWAL4417',
  justification: 'CANARYJUSTIFICATION4417 الطفل في خطر',
  rejection: 'CANARYREJECTION4417',
};
const MINUTE = 60_000;

describe('consent and legal basis: the ledger and the sharing check (HTTP, real PostgreSQL)', () => {
  const logs = new LogCapture();
  let system: DemoApi;
  let database: TestDatabase;
  let api: TestHttpApp;
  let demo: DemoPeople;
  let officer: SignedIn;
  let officer2: SignedIn;
  let supervisor: SignedIn;
  let supervisor2: SignedIn;
  let wakra: SignedIn;
  let counsellor: SignedIn;
  let aman: string;
  let wifaq: string;
  /** The family case: subjects by name. */
  let caseId: string;
  const subject: Record<'mother' | 'child' | 'teen' | 'father' | 'motherAsGuardian' | 'fatherAsGuardian', string> = {} as never;

  const now = () => api.clock.now();
  const later = (minutes: number) => new Date(now().getTime() + minutes * MINUTE).toISOString();
  const auditRows = () =>
    database.asSuperuser<{ action: string; detail: unknown; justification: string | null }>('SELECT action, detail, justification FROM audit_event');
  const consentOf = (overrides: Record<string, unknown> = {}) =>
    consentBody(subject.mother, { services: ['protection', 'psychological_support'], dataCategories: ['identity', 'contact'], ...overrides });

  const check = (categories: string[], overrides: Record<string, unknown> = {}, who: SignedIn = officer) =>
    who.post(`/api/v1/cases/${caseId}/sharing-check`, {
      centreId: aman,
      services: ['protection'],
      subjects: [{ subjectId: subject.mother, categories }],
      ...overrides,
    });
  const reasonsOf = (body: any, index = 0) => Object.fromEntries(body.subjects[index].categories.map((entry: any) => [entry.category, entry.reasons]));
  const resignIn = async () => {
    [officer, supervisor, supervisor2] = [await signInAs(api, demo.officer), await signInAs(api, demo.supervisor), await signInAs(api, demo.supervisor2)];
  };

  beforeAll(async () => {
    system = await startDemoApi({ LOG_LEVEL: 'info' }, undefined, logs);
    ({ database, api, demo } = system);
    aman = system.unitIds['AMAN-CPD'];
    wifaq = system.unitIds['WIFAQ-CPD'];
    officer = await signInAs(api, demo.officer);
    officer2 = await signInAs(api, demo.officer2);
    supervisor = await signInAs(api, demo.supervisor);
    supervisor2 = await signInAs(api, demo.supervisor2);
    wakra = await signInAs(api, demo['officer.wakra']);
    counsellor = await signInAs(api, demo.counsellor);
    const family = await openFamilyCase(officer, { fatherAlsoGuardian: true });
    caseId = family.id;
    Object.assign(subject, { ...family });
  });
  afterAll(async () => {
    await system?.stop();
  });

  describe('recording consent', () => {
    let firstId: string;

    it('an adult consents for herself: the note is masked, stored encrypted, and out of the trail and the timeline', async () => {
      const response = await officer.post(`/api/v1/cases/${caseId}/consents`, consentOf({ note: CANARY.note, expiresAt: later(600) })).expect(201);
      firstId = response.body.id;
      expect(response.body).toMatchObject({ state: 'active', givenBy: 'subject', anyCentre: true, note: { present: true, masked: '••••' }, supersedes: null });
      const [row] = await database.asSuperuser<{ note_enc: string }>('SELECT note_enc FROM consent_record WHERE id = $1', [firstId]);
      expect(row.note_enc).toMatch(/^v1\./);
      expect(row.note_enc).not.toContain('CANARY');
      const revealed = await officer.post(`/api/v1/consents/${firstId}/reveal`, { fields: ['note'] }).expect(200);
      expect(revealed.body).toEqual({ note: CANARY.note });
      const timeline = await officer.get(`/api/v1/cases/${caseId}/timeline`).expect(200);
      expect(timeline.body.items.map((entry: any) => entry.action)).toContain('consent_recorded');
      const recorded = (await auditRows()).filter((event) => event.action === 'consent.recorded');
      expect(recorded).toHaveLength(1);
      expect(recorded[0].detail).toMatchObject({ subjectId: subject.mother, givenBy: 'subject', method: 'verbal' });
    });

    it('a retry with the same Idempotency-Key answers the first record; another body under it is a 422', async () => {
      const body = consentOf({ dataCategories: ['address'], centres: { any: false, centreIds: [aman] } });
      const first = await officer.post(`/api/v1/cases/${caseId}/consents`, body).set('Idempotency-Key', 'consent-key-0001').expect(201);
      const again = await officer.post(`/api/v1/cases/${caseId}/consents`, body).set('Idempotency-Key', 'consent-key-0001').expect(201);
      expect(again.body.id).toBe(first.body.id);
      const other = await officer.post(`/api/v1/cases/${caseId}/consents`, { ...body, method: 'written' }).set('Idempotency-Key', 'consent-key-0001');
      expect([other.status, other.body.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    });

    it.each([
      ['a minor consenting for herself', { subjectId: 'child' }, 'GUARDIAN_REQUIRED', 'givenBy'],
      [
        'a guardian who is an alleged perpetrator',
        { subjectId: 'child', givenBy: 'guardian', guardianSubjectId: 'fatherAsGuardian' },
        'GUARDIAN_CONFLICT',
        'guardianSubjectId',
      ],
      [
        'a "guardian" who is not a guardian subject of the case',
        { subjectId: 'child', givenBy: 'guardian', guardianSubjectId: 'mother' },
        'GUARDIAN_NOT_ON_CASE',
        'guardianSubjectId',
      ],
      ['a minor with no guardian named', { subjectId: 'child', givenBy: 'guardian' }, 'GUARDIAN_REQUIRED', 'guardianSubjectId'],
      ['an adult with a guardian', { givenBy: 'guardian', guardianSubjectId: 'motherAsGuardian' }, 'GUARDIAN_NOT_APPLICABLE', 'givenBy'],
      [
        'the assent of a child under 15',
        { subjectId: 'child', givenBy: 'guardian', guardianSubjectId: 'motherAsGuardian', minorView: 'assent' },
        'MINOR_VIEW_NOT_APPLICABLE',
        'minorView',
      ],
      ['a subject of another case', { subjectId: 'unknown' }, 'SUBJECT_NOT_ON_CASE', 'subjectId'],
      ['a centre that is not a partner centre', { centres: { any: false, centreIds: ['police'] } }, 'UNKNOWN_CENTRE', 'centres.centreIds'],
      ['any centre and named ones at once', { centres: { any: true, centreIds: ['aman'] } }, 'UNKNOWN_CENTRE', 'centres.centreIds'],
      ['an expiry in the past', { expiresAt: 'past' }, 'EXPIRY_IN_PAST', 'expiresAt'],
    ])('refuses %s: 422 %s on the field, nothing written', async (_name, change, code, field) => {
      const resolved: Record<string, unknown> = { ...change };
      for (const key of ['subjectId', 'guardianSubjectId'] as const) {
        const value = resolved[key] as string | undefined;
        if (value) resolved[key] = value === 'unknown' ? '00000000-0000-4000-8000-000000000000' : subject[value as keyof typeof subject];
      }
      const centres = resolved.centres as { any: boolean; centreIds: string[] } | undefined;
      if (centres) centres.centreIds = centres.centreIds.map((name) => (name === 'aman' ? aman : system.unitIds['CPD-RAYYAN']));
      if (resolved.expiresAt === 'past') resolved.expiresAt = later(-1);
      const before = (await database.asSuperuser<{ n: number }>('SELECT count(*)::int AS n FROM consent_record'))[0].n;
      const response = await officer.post(`/api/v1/cases/${caseId}/consents`, consentOf(resolved));
      expect([response.status, response.body.code, response.body.fields?.[0]?.field]).toEqual([422, code, field]);
      expect((await database.asSuperuser<{ n: number }>('SELECT count(*)::int AS n FROM consent_record'))[0].n).toBe(before);
    });

    it('bad input is a 400 naming the field: unknown service, category, method, language, unknown fields', async () => {
      for (const [change, field] of [
        [{ services: ['massage'] }, 'services'],
        [{ dataCategories: ['health'] }, 'dataCategories'],
        [{ method: 'telepathy' }, 'method'],
        [{ language: 'Arabic' }, 'language'],
        [{ services: [] }, 'services'],
        [{ extra: 1 }, 'extra'],
        [{ note: 'x'.repeat(2001) }, 'note'],
      ] as const) {
        const response = await officer.post(`/api/v1/cases/${caseId}/consents`, consentOf(change));
        expect([JSON.stringify(change), response.status, response.body.fields?.map((entry: any) => entry.field)]).toEqual([
          JSON.stringify(change),
          400,
          expect.arrayContaining([expect.stringContaining(field)]),
        ]);
      }
    });

    it('a change is a new record superseding the current one; the old one cannot be superseded or withdrawn again', async () => {
      const next = await officer.post(`/api/v1/cases/${caseId}/consents`, consentOf({ supersedes: firstId, dataCategories: ['identity'] })).expect(201);
      expect(next.body.supersedes).toBe(firstId);
      const old = await officer.get(`/api/v1/consents/${firstId}`).expect(200);
      expect([old.body.state, old.body.supersededBy]).toEqual(['superseded', next.body.id]);
      const twice = await officer.post(`/api/v1/cases/${caseId}/consents`, consentOf({ supersedes: firstId }));
      expect([twice.status, twice.body.code, twice.body.currentState]).toEqual([409, 'CONSENT_NOT_CURRENT', 'superseded']);
      const withdrawOld = await officer.post(`/api/v1/consents/${firstId}/withdrawal`, { reportedBy: 'subject', reason: 'too late for this one' });
      expect([withdrawOld.status, withdrawOld.body.code]).toEqual([409, 'CONSENT_NOT_CURRENT']);
      const otherSubject = await officer.post(
        `/api/v1/cases/${caseId}/consents`,
        consentOf({ subjectId: subject.teen, givenBy: 'guardian', guardianSubjectId: subject.motherAsGuardian, supersedes: next.body.id }),
      );
      expect([otherSubject.status, otherSubject.body.code]).toEqual([422, 'SUPERSEDES_ANOTHER_SUBJECT']);
    });
  });

  describe('the sharing check', () => {
    it('answers allowed through the current record, and the exact reasons where it falls short', async () => {
      const allowed = await check(['identity']).expect(200);
      expect(allowed.body.allowed).toBe(true);
      expect(allowed.body.subjects[0].categories[0]).toMatchObject({ allowed: true, basis: { kind: 'consent' }, reasons: [] });
      expect(allowed.body.reliedOn.consentIds).toEqual([allowed.body.subjects[0].categories[0].basis.id]);
      // The superseded record covered contact; the current one does not. The named-centre record covers only address at Aman.
      const contact = await check(['contact', 'address']).expect(200);
      expect(contact.body.allowed).toBe(false);
      expect(reasonsOf(contact.body)).toEqual({ contact: ['OUT_OF_SCOPE_DATA'], address: [] });
      const atWifaq = await check(['address'], { centreId: wifaq }).expect(200);
      // Two records are equally near: one names only Aman, the other does not cover the address.
      expect(reasonsOf(atWifaq.body)).toEqual({ address: ['OUT_OF_SCOPE_CENTRE', 'OUT_OF_SCOPE_DATA'] });
      const service = await check(['identity'], { services: ['mediation'] }).expect(200);
      expect(reasonsOf(service.body)).toEqual({ identity: ['OUT_OF_SCOPE_SERVICE'] });
      const nobody = await check(['identity'], { subjects: [{ subjectId: subject.father, categories: ['identity'] }] }).expect(200);
      expect(reasonsOf(nobody.body)).toEqual({ identity: ['NO_CONSENT'] });
    });

    it('refuses a centre that is not a partner centre, and bad input', async () => {
      const police = await check(['identity'], { centreId: system.unitIds['CPD-RAYYAN'] });
      expect([police.status, police.body.code]).toEqual([422, 'UNKNOWN_CENTRE']);
      const bad = await check(['identity'], { services: [] });
      expect(bad.status).toBe(400);
    });

    it('a named-centre consent: in scope at its centre, OUT_OF_SCOPE_CENTRE elsewhere', async () => {
      await officer
        .post(
          `/api/v1/cases/${caseId}/consents`,
          consentOf({ subjectId: subject.father, centres: { any: false, centreIds: [wifaq] }, dataCategories: ['identity'] }),
        )
        .expect(201);
      const fatherAt = (centreId: string) => check([], { centreId, subjects: [{ subjectId: subject.father, categories: ['identity'] }] });
      expect((await fatherAt(wifaq).expect(200)).body.allowed).toBe(true);
      expect(reasonsOf((await fatherAt(aman).expect(200)).body)).toEqual({ identity: ['OUT_OF_SCOPE_CENTRE'] });
    });

    it('expiry holds to the millisecond at the injected clock', async () => {
      const expiresAt = new Date(now().getTime() + 10 * MINUTE);
      await officer
        .post(
          `/api/v1/cases/${caseId}/consents`,
          consentOf({ subjectId: subject.teen, givenBy: 'guardian', guardianSubjectId: subject.motherAsGuardian, expiresAt }),
        )
        .expect(201);
      const teen = () => check([], { subjects: [{ subjectId: subject.teen, categories: ['identity'] }] });
      system.clock.set(new Date(expiresAt.getTime() - 1));
      expect((await teen().expect(200)).body.allowed).toBe(true);
      system.clock.set(expiresAt);
      expect(reasonsOf((await teen().expect(200)).body)).toEqual({ identity: ['CONSENT_EXPIRED'] });
    });

    it('a minor of 15 or more who dissents blocks sharing, whatever the guardian consented to', async () => {
      await officer
        .post(
          `/api/v1/cases/${caseId}/consents`,
          consentOf({ subjectId: subject.teen, givenBy: 'guardian', guardianSubjectId: subject.motherAsGuardian, minorView: 'dissent' }),
        )
        .expect(201);
      const teen = await check([], { subjects: [{ subjectId: subject.teen, categories: ['identity'] }] }).expect(200);
      expect(reasonsOf(teen.body)).toEqual({ identity: ['MINOR_DISSENTS'] });
    });

    it('a withdrawn consent: CONSENT_WITHDRAWN, the reason encrypted, and a second withdrawal is a 409', async () => {
      const child = await officer
        .post(`/api/v1/cases/${caseId}/consents`, consentOf({ subjectId: subject.child, givenBy: 'guardian', guardianSubjectId: subject.motherAsGuardian }))
        .expect(201);
      const childCheck = () => check([], { subjects: [{ subjectId: subject.child, categories: ['identity'] }] });
      expect((await childCheck().expect(200)).body.allowed).toBe(true);
      const withdrawn = await officer.post(`/api/v1/consents/${child.body.id}/withdrawal`, { reportedBy: 'guardian', reason: CANARY.withdrawal }).expect(200);
      expect(withdrawn.body).toMatchObject({ state: 'withdrawn', withdrawal: { reportedBy: 'guardian', reason: { present: true, masked: '••••' } } });
      expect(reasonsOf((await childCheck().expect(200)).body)).toEqual({ identity: ['CONSENT_WITHDRAWN'] });
      const again = await officer.post(`/api/v1/consents/${child.body.id}/withdrawal`, { reportedBy: 'guardian', reason: 'once more' });
      expect([again.status, again.body.code, again.body.currentState]).toEqual([409, 'CONSENT_NOT_CURRENT', 'withdrawn']);
    });
  });

  describe('legal basis', () => {
    let basisId: string;

    it('a request is pending until another supervisor approves it; meanwhile the check says LEGAL_BASIS_PENDING', async () => {
      await resignIn();
      const requested = await officer
        .post(`/api/v1/cases/${caseId}/legal-bases`, {
          basis: 'child_at_risk',
          justification: CANARY.justification,
          subjectIds: [subject.child],
          dataCategories: ['identity', 'address'],
          expiresAt: later(20),
        })
        .expect(201);
      basisId = requested.body.id;
      expect(requested.body).toMatchObject({ status: 'pending', justification: { present: true, masked: '••••' }, decidable: false });
      const child = await check([], { subjects: [{ subjectId: subject.child, categories: ['address'] }] }).expect(200);
      expect(reasonsOf(child.body)).toEqual({ address: ['CONSENT_WITHDRAWN', 'LEGAL_BASIS_PENDING'] });
      const queue = await supervisor.get('/api/v1/legal-bases?status=pending').expect(200);
      expect(queue.body.items.map((item: any) => [item.id, item.decidable])).toEqual([[basisId, true]]);
      expect((await wakra.get('/api/v1/legal-bases?status=pending').expect(200)).body.items).toEqual([]);
      const revealed = await supervisor.post(`/api/v1/legal-bases/${basisId}/reveal`, { fields: ['justification'] }).expect(200);
      expect(revealed.body).toEqual({ justification: CANARY.justification });
    });

    it('a desk officer cannot decide (403); a supervisor approves; the check then allows through the legal basis', async () => {
      expect((await officer.post(`/api/v1/legal-bases/${basisId}/approval`, { version: 1 })).status).toBe(403);
      const approved = await supervisor.post(`/api/v1/legal-bases/${basisId}/approval`, { version: 1 }).expect(200);
      expect(approved.body).toMatchObject({ status: 'approved', decidedBy: system.userIds.supervisor });
      const again = await supervisor2.post(`/api/v1/legal-bases/${basisId}/rejection`, { version: approved.body.version, reason: 'changed my mind' });
      expect([again.status, again.body.code, again.body.currentState]).toEqual([409, 'TRANSITION_NOT_ALLOWED', 'approved']);
      const child = await check([], { subjects: [{ subjectId: subject.child, categories: ['address', 'contact'] }] }).expect(200);
      expect(child.body.subjects[0].categories[0]).toMatchObject({ category: 'address', allowed: true, basis: { kind: 'legal_basis', id: basisId } });
      expect(reasonsOf(child.body).contact).toEqual(['CONSENT_WITHDRAWN']);
      expect(child.body.reliedOn.legalBasisIds).toEqual([basisId]);
    });

    it('an approved basis lapses at its expiry: LEGAL_BASIS_EXPIRED', async () => {
      system.clock.advance(21 * MINUTE);
      await resignIn();
      const child = await check([], { subjects: [{ subjectId: subject.child, categories: ['address'] }] }).expect(200);
      expect(reasonsOf(child.body)).toEqual({ address: ['CONSENT_WITHDRAWN', 'LEGAL_BASIS_EXPIRED'] });
      const view = await officer.get(`/api/v1/legal-bases/${basisId}`).expect(200);
      expect([view.body.status, view.body.expired]).toEqual(['approved', true]);
    });

    it('four eyes: a supervisor cannot decide their own request (422 SELF_APPROVAL_FORBIDDEN); another rejects it with a reason', async () => {
      const own = await supervisor
        .post(`/api/v1/cases/${caseId}/legal-bases`, {
          basis: 'imminent_danger_to_life',
          justification: CANARY.justification,
          subjectIds: [subject.teen],
          dataCategories: ['contact'],
          expiresAt: later(60),
        })
        .expect(201);
      for (const route of ['approval', 'rejection']) {
        const self = await supervisor.post(
          `/api/v1/legal-bases/${own.body.id}/${route}`,
          route === 'approval' ? { version: 1 } : { version: 1, reason: 'my own' },
        );
        expect([route, self.status, self.body.code]).toEqual([route, 422, 'SELF_APPROVAL_FORBIDDEN']);
      }
      const rejected = await supervisor2.post(`/api/v1/legal-bases/${own.body.id}/rejection`, { version: 1, reason: CANARY.rejection }).expect(200);
      expect(rejected.body).toMatchObject({ status: 'rejected', rejectionReason: { present: true } });
      const teen = await check([], { subjects: [{ subjectId: subject.teen, categories: ['contact'] }] }).expect(200);
      expect(reasonsOf(teen.body).contact).toContain('LEGAL_BASIS_REJECTED');
      const stale = await supervisor2.post(`/api/v1/legal-bases/${own.body.id}/approval`, { version: 1 });
      expect(stale.status).toBe(409);
    });

    it('the database refuses a decision by the requester even past the service (a CHECK)', async () => {
      const pending = await officer
        .post(`/api/v1/cases/${caseId}/legal-bases`, {
          basis: 'court_order',
          justification: 'A court order',
          subjectIds: [subject.mother],
          dataCategories: ['identity'],
          expiresAt: later(60),
        })
        .expect(201);
      await expect(
        database.asSuperuser(`UPDATE legal_basis SET status = 'approved', decided_by = requested_by, decided_at = now() WHERE id = $1`, [pending.body.id]),
      ).rejects.toThrow(/check constraint/);
    });
  });

  describe('the domain event of a withdrawal', () => {
    it('a subscriber runs inside the withdrawal’s transaction (it sees the withdrawal before commit), and its failure rolls it back', async () => {
      await resignIn();
      const events = api.app.get(ConsentEvents);
      const tx = api.app.get(TransactionRunner);
      const seen: Array<{ type: string; recordId: string; withdrawnInside: boolean }> = [];
      let fail = false;
      events.subscribe(async (event) => {
        const row = await selectOne<{ withdrawn: boolean }>(tx.manager, 'SELECT withdrawn_at IS NOT NULL AS withdrawn FROM consent_record WHERE id = $1', [
          event.recordId,
        ]);
        seen.push({ type: event.type, recordId: event.recordId, withdrawnInside: row?.withdrawn ?? false });
        if (fail) throw new Error('the subscriber failed');
      });
      const consent = await officer.post(`/api/v1/cases/${caseId}/consents`, consentOf({ dataCategories: ['narrative'] })).expect(201);
      fail = true;
      const failed = await officer.post(`/api/v1/consents/${consent.body.id}/withdrawal`, { reportedBy: 'subject', reason: 'rolled back' });
      expect([failed.status, failed.body.code, typeof failed.body.errorId]).toEqual([500, 'INTERNAL', 'string']);
      expect(seen).toEqual([{ type: 'consent.withdrawn', recordId: consent.body.id, withdrawnInside: true }]);
      expect((await officer.get(`/api/v1/consents/${consent.body.id}`).expect(200)).body.state).toBe('active');
      const [row] = await database.asSuperuser<{ withdrawn_at: Date | null }>('SELECT withdrawn_at FROM consent_record WHERE id = $1', [consent.body.id]);
      expect(row.withdrawn_at).toBeNull();
      fail = false;
      await officer.post(`/api/v1/consents/${consent.body.id}/withdrawal`, { reportedBy: 'subject', reason: 'committed' }).expect(200);
      expect(seen.map((entry) => entry.withdrawnInside)).toEqual([true, true]);
      const superseding = await officer.post(`/api/v1/cases/${caseId}/consents`, consentOf({ supersedes: (await latestMotherConsent()).id })).expect(201);
      expect(seen.at(-1)).toMatchObject({ type: 'consent.superseded' });
      expect(superseding.body.supersedes).toBeTruthy();
    });

    async function latestMotherConsent(): Promise<{ id: string }> {
      const list = await officer.get(`/api/v1/cases/${caseId}/consents`).expect(200);
      return list.body.items.filter((item: any) => item.subjectId === subject.mother && item.state === 'active').at(-1);
    }
  });

  describe('access', () => {
    it('another unit’s officer and a same-unit officer without the case get 404 everywhere; centre staff 403', async () => {
      await resignIn();
      officer2 = await signInAs(api, demo.officer2);
      wakra = await signInAs(api, demo['officer.wakra']);
      counsellor = await signInAs(api, demo.counsellor);
      const [consent] = (await officer.get(`/api/v1/cases/${caseId}/consents`).expect(200)).body.items;
      const [basis] = (await officer.get(`/api/v1/cases/${caseId}/legal-bases`).expect(200)).body.items;
      for (const outsider of [wakra, officer2]) {
        const answers = [
          (await outsider.get(`/api/v1/cases/${caseId}/consents`)).status,
          (await outsider.get(`/api/v1/consents/${consent.id}`)).status,
          (await outsider.post(`/api/v1/consents/${consent.id}/reveal`, { fields: ['note'] })).status,
          (await outsider.post(`/api/v1/consents/${consent.id}/withdrawal`, { reportedBy: 'other', reason: 'not mine' })).status,
          (await outsider.post(`/api/v1/cases/${caseId}/consents`, consentOf())).status,
          (await check(['identity'], {}, outsider)).status,
          (await outsider.get(`/api/v1/cases/${caseId}/legal-bases`)).status,
          (await outsider.get(`/api/v1/legal-bases/${basis.id}`)).status,
          (await outsider.post(`/api/v1/legal-bases/${basis.id}/reveal`, { fields: ['justification'] })).status,
        ];
        expect(answers).toEqual(Array(answers.length).fill(404));
      }
      expect((await counsellor.get(`/api/v1/consents/${consent.id}`)).status).toBe(403);
      expect((await counsellor.post(`/api/v1/cases/${caseId}/sharing-check`, {})).status).toBe(403);
    });

    it('no free text of the ledger in any audit row, error body or log line', async () => {
      const trail = JSON.stringify(await auditRows());
      const logged = logs.text();
      for (const value of Object.values(CANARY)) {
        expect([value, trail.includes(value), logged.includes(value)]).toEqual([value, false, false]);
      }
      const ledger = JSON.stringify(
        await database.asSuperuser(
          'SELECT note_enc, withdrawal_reason_enc FROM consent_record UNION ALL SELECT justification_enc, rejection_reason_enc FROM legal_basis',
        ),
      );
      for (const value of Object.values(CANARY)) expect(ledger.includes(value.slice(0, 20))).toBe(false);
      const decided = (await auditRows()).filter((event) => event.action.startsWith('legal_basis.'));
      expect(decided.length).toBeGreaterThan(4);
      for (const event of decided) expect(event.justification).toBeNull();
    });
  });
});
