import { consentBody, FamilyCase, Harness, MINUTE, openFamilyCase, shapeOf, startHarness } from './fixture';

const MISSING = '00000000-0000-4000-8000-00000000dead';
const CANARY = {
  note: 'CANARYHOSTILENOTE9931',
  reason: 'CANARYHOSTILEREASON9931',
  justification: 'CANARYHOSTILEJUSTIFICATION9931',
  rejection: 'CANARYHOSTILEREJECTION9931',
  failed: 'CANARYHOSTILEFAILED9931',
};

/** Ids guessed across cases and units, roles probing, four eyes, idempotency keys reused. */
describe('hostile consent: scope, roles and ids across cases and units', () => {
  let h: Harness;
  let a: FamilyCase; // officer's case
  let b: FamilyCase; // officer's second case
  let w: FamilyCase; // Wakra's case
  const ids: Record<string, string> = {};
  const later = (minutes: number) => new Date(h.api.clock.now().getTime() + minutes * MINUTE).toISOString();
  const count = async (table: string) => (await h.database.asSuperuser<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
  const basisBody = (subjectIds: string[], overrides: Record<string, unknown> = {}) => ({
    basis: 'child_at_risk',
    justification: CANARY.justification,
    subjectIds,
    dataCategories: ['identity', 'address'],
    expiresAt: later(600),
    ...overrides,
  });

  beforeAll(async () => {
    h = await startHarness([
      'officer',
      'officer2',
      'supervisor',
      'supervisor2',
      'officer.wakra',
      'supervisor.wakra',
      'counsellor',
      'manager',
      'wifaq.counsellor',
      'auditor',
      'admin',
    ]);
    a = await openFamilyCase(h.as.officer, { title: 'First family at risk' });
    b = await openFamilyCase(h.as.officer, { title: 'Second family at risk' });
    w = await openFamilyCase(h.as['officer.wakra'], { title: 'Wakra family at risk' });
    const post = async (who: string, path: string, body: object) => (await h.as[who].post(path, body).expect(201)).body.id as string;
    ids.consentA = await post('officer', `/api/v1/cases/${a.id}/consents`, consentBody(a.mother, { note: CANARY.note }));
    ids.consentB = await post('officer', `/api/v1/cases/${b.id}/consents`, consentBody(b.mother));
    ids.consentW = await post('officer.wakra', `/api/v1/cases/${w.id}/consents`, consentBody(w.mother));
    ids.basisA = await post('officer', `/api/v1/cases/${a.id}/legal-bases`, basisBody([a.child]));
    ids.basisW = await post('officer.wakra', `/api/v1/cases/${w.id}/legal-bases`, basisBody([w.child]));
  });
  afterAll(async () => {
    await h?.system.stop();
  });

  describe('ids of another case or unit', () => {
    it('supersedes naming a consent of another case of the same officer: 422 SUPERSEDES_ANOTHER_SUBJECT; nothing written, that record untouched', async () => {
      const before = await count('consent_record');
      const response = await h.as.officer.post(`/api/v1/cases/${a.id}/consents`, consentBody(a.mother, { supersedes: ids.consentB }));
      expect([response.status, response.body.code, response.body.fields?.[0]?.field]).toEqual([422, 'SUPERSEDES_ANOTHER_SUBJECT', 'supersedes']);
      expect(await count('consent_record')).toBe(before);
      expect((await h.as.officer.get(`/api/v1/consents/${ids.consentB}`).expect(200)).body).toMatchObject({ state: 'active', supersededBy: null });
    });

    it('supersedes naming another unit’s consent is answered exactly as a missing one; nothing written, that record untouched', async () => {
      const before = await count('consent_record');
      const foreign = await h.as.officer.post(`/api/v1/cases/${a.id}/consents`, consentBody(a.mother, { supersedes: ids.consentW }));
      const missing = await h.as.officer.post(`/api/v1/cases/${a.id}/consents`, consentBody(a.mother, { supersedes: MISSING }));
      expect(foreign.status).toBe(missing.status);
      expect([400, 404, 422]).toContain(foreign.status);
      expect(shapeOf(foreign.body)).toEqual(shapeOf(missing.body));
      expect(await count('consent_record')).toBe(before);
      const [row] = await h.database.asSuperuser<{ n: number }>('SELECT count(*)::int AS n FROM consent_record WHERE supersedes_id = $1', [ids.consentW]);
      expect(row.n).toBe(0);
    });

    it('supersedes naming a legal-basis id (type confusion) is answered as a missing record', async () => {
      const response = await h.as.officer.post(`/api/v1/cases/${a.id}/consents`, consentBody(a.mother, { supersedes: ids.basisA }));
      const missing = await h.as.officer.post(`/api/v1/cases/${a.id}/consents`, consentBody(a.mother, { supersedes: MISSING }));
      expect([response.status, shapeOf(response.body)]).toEqual([missing.status, shapeOf(missing.body)]);
    });

    it('a subject or guardian of another case is refused on the field (422), nothing written', async () => {
      const before = await count('consent_record');
      for (const [body, code, field] of [
        [consentBody(b.mother), 'SUBJECT_NOT_ON_CASE', 'subjectId'],
        [consentBody(w.mother), 'SUBJECT_NOT_ON_CASE', 'subjectId'],
        [consentBody(a.child, { givenBy: 'guardian', guardianSubjectId: b.motherAsGuardian }), 'GUARDIAN_NOT_ON_CASE', 'guardianSubjectId'],
        [consentBody(a.child, { givenBy: 'guardian', guardianSubjectId: w.motherAsGuardian }), 'GUARDIAN_NOT_ON_CASE', 'guardianSubjectId'],
      ] as const) {
        const response = await h.as.officer.post(`/api/v1/cases/${a.id}/consents`, body);
        expect([response.status, response.body.code, response.body.fields?.[0]?.field]).toEqual([422, code, field]);
      }
      expect(await count('consent_record')).toBe(before);
    });

    it('a legal basis naming a subject of another case or unit: 422 SUBJECT_NOT_ON_CASE on subjectIds.N, nothing written', async () => {
      const before = await count('legal_basis');
      for (const foreign of [b.child, w.child]) {
        const response = await h.as.officer.post(`/api/v1/cases/${a.id}/legal-bases`, basisBody([a.child, foreign]));
        expect([response.status, response.body.code, response.body.fields?.[0]?.field]).toEqual([422, 'SUBJECT_NOT_ON_CASE', 'subjectIds.1']);
      }
      expect(await count('legal_basis')).toBe(before);
    });

    it('the sharing check never borrows another case’s ledger: another case’s subject is SUBJECT_NOT_ON_CASE, and the same person’s consent on another case does not count', async () => {
      const check = (subjectId: string) =>
        h.as.officer
          .post(`/api/v1/cases/${a.id}/sharing-check`, { centreId: h.aman, services: ['protection'], subjects: [{ subjectId, categories: ['identity'] }] })
          .expect(200);
      for (const foreign of [b.mother, w.mother]) {
        const response = await check(foreign);
        expect([response.body.allowed, response.body.subjects[0].categories[0].reasons, response.body.reliedOn]).toEqual([
          false,
          ['SUBJECT_NOT_ON_CASE'],
          { consentIds: [], legalBasisIds: [] },
        ]);
      }
      // Case A's father, linked to case B as a witness, consents on case B only.
      const caseB = await h.as.officer.get(`/api/v1/cases/${b.id}`).expect(200);
      const caseA = await h.as.officer.get(`/api/v1/cases/${a.id}`).expect(200);
      const fatherPerson = caseA.body.subjects.find((entry: any) => entry.id === a.father).personId;
      const linked = await h.as.officer
        .post(`/api/v1/cases/${b.id}/subjects`, { role: 'witness', personId: fatherPerson, version: caseB.body.version })
        .expect(200);
      const witness = linked.body.subjects.find((entry: any) => entry.personId === fatherPerson).id;
      await h.as.officer.post(`/api/v1/cases/${b.id}/consents`, consentBody(witness)).expect(201);
      expect((await check(a.father)).body.subjects[0].categories[0].reasons).toEqual(['NO_CONSENT']);
    });

    it('a consent id used on legal-basis routes and a legal-basis id on consent routes are plain 404s', async () => {
      expect((await h.as.officer.get(`/api/v1/legal-bases/${ids.consentA}`)).status).toBe(404);
      expect((await h.as.officer.get(`/api/v1/consents/${ids.basisA}`)).status).toBe(404);
      expect((await h.as.officer.post(`/api/v1/consents/${ids.basisA}/withdrawal`, { reportedBy: 'subject', reason: 'confused id' })).status).toBe(404);
      expect((await h.as.supervisor.post(`/api/v1/legal-bases/${ids.consentA}/approval`, { version: 1 })).status).toBe(404);
      expect((await h.as.officer.get(`/api/v1/cases/${ids.consentA}/consents`)).status).toBe(404);
    });
  });

  describe('outsiders: 404 exactly as for a missing record, nothing written', () => {
    const probes = (consentId: string, basisId: string, caseId: string, subjectId: string): Array<[string, string, object | undefined]> => [
      ['get', `/api/v1/cases/${caseId}/consents`, undefined],
      ['post', `/api/v1/cases/${caseId}/consents`, consentBody(subjectId)],
      ['get', `/api/v1/consents/${consentId}`, undefined],
      ['post', `/api/v1/consents/${consentId}/reveal`, { fields: ['note', 'withdrawalReason'] }],
      ['post', `/api/v1/consents/${consentId}/withdrawal`, { reportedBy: 'other', reason: CANARY.failed }],
      ['post', `/api/v1/cases/${caseId}/legal-bases`, basisBody([subjectId], { justification: CANARY.failed })],
      ['get', `/api/v1/cases/${caseId}/legal-bases`, undefined],
      ['get', `/api/v1/legal-bases/${basisId}`, undefined],
      ['post', `/api/v1/legal-bases/${basisId}/reveal`, { fields: ['justification'] }],
      ['post', `/api/v1/cases/${caseId}/sharing-check`, { centreId: h.aman, services: ['protection'], subjects: [{ subjectId, categories: ['identity'] }] }],
    ];

    it.each(['officer2', 'officer.wakra', 'supervisor.wakra'])('%s probing case A', async (who) => {
      const before = [await count('consent_record'), await count('legal_basis')];
      const real = probes(ids.consentA, ids.basisA, a.id, a.mother);
      const fake = probes(MISSING, MISSING, MISSING, a.mother);
      for (let index = 0; index < real.length; index += 1) {
        const [method, path, body] = real[index];
        const send = (p: string, b?: object) => (method === 'get' ? h.as[who].get(p) : h.as[who].post(p, b));
        const [seen, unseen] = [await send(path, body), await send(fake[index][1], fake[index][2])];
        expect([path, seen.status, shapeOf(seen.body)]).toEqual([path, 404, shapeOf(unseen.body)]);
        expect(unseen.status).toBe(404);
      }
      expect([await count('consent_record'), await count('legal_basis')]).toEqual(before);
    });

    it('officer2 and Wakra’s supervisor cannot decide on case A’s request (404), Rayyan’s supervisor cannot decide on Wakra’s (404)', async () => {
      for (const [who, basisId] of [
        ['officer2', ids.basisA],
        ['supervisor.wakra', ids.basisA],
        ['supervisor', ids.basisW],
        ['supervisor2', ids.basisW],
      ]) {
        const approve = await h.as[who].post(`/api/v1/legal-bases/${basisId}/approval`, { version: 1 });
        const reject = await h.as[who].post(`/api/v1/legal-bases/${basisId}/rejection`, { version: 1, reason: CANARY.failed });
        const expected = who === 'officer2' ? 403 : 404;
        expect([who, approve.status, reject.status]).toEqual([who, expected, expected]);
      }
      expect((await h.as.officer.get(`/api/v1/legal-bases/${ids.basisA}`).expect(200)).body.status).toBe('pending');
      expect((await h.as['officer.wakra'].get(`/api/v1/legal-bases/${ids.basisW}`).expect(200)).body.status).toBe('pending');
    });

    it('the pending queue holds only the caller’s reach', async () => {
      const queue = async (who: string) => (await h.as[who].get('/api/v1/legal-bases?status=pending').expect(200)).body.items.map((item: any) => item.id);
      expect(await queue('supervisor')).toEqual([ids.basisA]);
      expect(await queue('supervisor.wakra')).toEqual([ids.basisW]);
      expect(await queue('officer2')).toEqual([]);
    });
  });

  describe('roles without the permission: 403, whether or not the record exists', () => {
    it.each(['counsellor', 'manager', 'wifaq.counsellor', 'auditor', 'admin'])('%s', async (who) => {
      const routes: Array<[string, string, object | undefined]> = [];
      for (const [consentId, basisId, caseId] of [
        [ids.consentA, ids.basisA, a.id],
        [MISSING, MISSING, MISSING],
      ]) {
        routes.push(
          ['get', `/api/v1/cases/${caseId}/consents`, undefined],
          ['post', `/api/v1/cases/${caseId}/consents`, consentBody(a.mother)],
          ['get', `/api/v1/consents/${consentId}`, undefined],
          ['post', `/api/v1/consents/${consentId}/reveal`, { fields: ['note'] }],
          ['post', `/api/v1/consents/${consentId}/withdrawal`, { reportedBy: 'centre', reason: CANARY.failed }],
          ['post', `/api/v1/cases/${caseId}/legal-bases`, basisBody([a.child])],
          ['get', `/api/v1/cases/${caseId}/legal-bases`, undefined],
          ['get', '/api/v1/legal-bases?status=pending', undefined],
          ['get', `/api/v1/legal-bases/${basisId}`, undefined],
          ['post', `/api/v1/legal-bases/${basisId}/reveal`, { fields: ['justification'] }],
          ['post', `/api/v1/legal-bases/${basisId}/approval`, { version: 1 }],
          ['post', `/api/v1/legal-bases/${basisId}/rejection`, { version: 1, reason: CANARY.failed }],
          [
            'post',
            `/api/v1/cases/${caseId}/sharing-check`,
            { centreId: h.aman, services: ['protection'], subjects: [{ subjectId: a.mother, categories: ['identity'] }] },
          ],
        );
      }
      const statuses = [];
      for (const [method, path, body] of routes) {
        const response = method === 'get' ? await h.as[who].get(path) : await h.as[who].post(path, body);
        statuses.push([path, response.status, response.body.code]);
      }
      expect(statuses).toEqual(routes.map(([, path]) => [path, 403, 'FORBIDDEN']));
    });

    it('a desk officer cannot approve or reject, not even with a valid version (403), and the request stays pending', async () => {
      expect((await h.as.officer2.post(`/api/v1/legal-bases/${ids.basisA}/approval`, { version: 1 })).status).toBe(403);
      expect((await h.as.officer.post(`/api/v1/legal-bases/${ids.basisA}/approval`, { version: 1 })).status).toBe(403);
      expect((await h.as.officer.post(`/api/v1/legal-bases/${ids.basisA}/rejection`, { version: 1, reason: CANARY.failed })).status).toBe(403);
      expect((await h.as.officer.get(`/api/v1/legal-bases/${ids.basisA}`).expect(200)).body.status).toBe('pending');
    });
  });

  describe('four eyes and expiry', () => {
    it('a supervisor’s own request: neither approval nor rejection, by any version; another supervisor may', async () => {
      const own = (await h.as.supervisor.post(`/api/v1/cases/${a.id}/legal-bases`, basisBody([a.teen])).expect(201)).body;
      expect(own.decidable).toBe(false);
      for (const body of [{ version: 1 }, { version: 2 }]) {
        const approve = await h.as.supervisor.post(`/api/v1/legal-bases/${own.id}/approval`, body);
        expect([approve.status, approve.body.code]).toEqual([422, 'SELF_APPROVAL_FORBIDDEN']);
      }
      const reject = await h.as.supervisor.post(`/api/v1/legal-bases/${own.id}/rejection`, { version: 1, reason: CANARY.failed });
      expect([reject.status, reject.body.code]).toEqual([422, 'SELF_APPROVAL_FORBIDDEN']);
      // Another supervisor of the unit may.
      expect((await h.as.supervisor2.get(`/api/v1/legal-bases/${own.id}`).expect(200)).body.decidable).toBe(true);
      await h.as.supervisor2.post(`/api/v1/legal-bases/${own.id}/approval`, { version: 1 }).expect(200);
      const again = await h.as.supervisor.post(`/api/v1/legal-bases/${own.id}/rejection`, { version: 2, reason: CANARY.failed });
      expect(again.status).toBeGreaterThanOrEqual(409);
      expect((await h.as.officer.get(`/api/v1/legal-bases/${own.id}`).expect(200)).body).toMatchObject({
        status: 'approved',
        decidedBy: h.system.userIds.supervisor2,
      });
    });

    it('stale and future versions are 409, not applied', async () => {
      const pending = (await h.as.officer.post(`/api/v1/cases/${a.id}/legal-bases`, basisBody([a.mother], { basis: 'court_order' })).expect(201)).body;
      for (const version of [2, 2147483647]) {
        const response = await h.as.supervisor.post(`/api/v1/legal-bases/${pending.id}/approval`, { version });
        expect([version, response.status, response.body.code]).toEqual([version, 409, 'STALE_VERSION']);
      }
      expect((await h.as.officer.get(`/api/v1/legal-bases/${pending.id}`).expect(200)).body.status).toBe('pending');
    });

    it('a pending request past its expiry cannot be approved (422 LEGAL_BASIS_EXPIRED); it stays pending and does not allow sharing', async () => {
      const short = (
        await h.as.officer.post(`/api/v1/cases/${a.id}/legal-bases`, basisBody([a.father], { dataCategories: ['documents'], expiresAt: later(5) })).expect(201)
      ).body;
      h.system.clock.advance(5 * MINUTE);
      for (const name of ['officer', 'supervisor', 'supervisor2']) await h.signIn(name);
      const approve = await h.as.supervisor.post(`/api/v1/legal-bases/${short.id}/approval`, { version: 1 });
      expect([approve.status, approve.body.code]).toEqual([422, 'LEGAL_BASIS_EXPIRED']);
      const view = (await h.as.officer.get(`/api/v1/legal-bases/${short.id}`).expect(200)).body;
      expect([view.status, view.version]).toEqual(['pending', 1]);
      const check = await h.as.officer
        .post(`/api/v1/cases/${a.id}/sharing-check`, {
          centreId: h.aman,
          services: ['protection'],
          subjects: [{ subjectId: a.father, categories: ['documents'] }],
        })
        .expect(200);
      expect(check.body.subjects[0].categories[0]).toMatchObject({ allowed: false, reasons: ['NO_CONSENT', 'LEGAL_BASIS_EXPIRED'] });
    });
  });

  describe('Idempotency-Key', () => {
    it('one key reused on another case, or for a legal basis, is a 422 and writes nothing', async () => {
      const key = 'hostile-key-0001';
      const first = await h.as.officer
        .post(`/api/v1/cases/${a.id}/consents`, consentBody(a.mother, { dataCategories: ['address'] }))
        .set('Idempotency-Key', key);
      expect(first.status).toBe(201);
      const before = [await count('consent_record'), await count('legal_basis')];
      const otherCase = await h.as.officer
        .post(`/api/v1/cases/${b.id}/consents`, consentBody(b.mother, { dataCategories: ['address'] }))
        .set('Idempotency-Key', key);
      expect([otherCase.status, otherCase.body.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
      const otherOperation = await h.as.officer.post(`/api/v1/cases/${a.id}/legal-bases`, basisBody([a.mother])).set('Idempotency-Key', key);
      expect([otherOperation.status, otherOperation.body.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
      expect([await count('consent_record'), await count('legal_basis')]).toEqual(before);
      // Another user's key space is their own: the supervisor's same key creates their own record.
      const theirs = await h.as.supervisor
        .post(`/api/v1/cases/${a.id}/consents`, consentBody(a.mother, { dataCategories: ['address'] }))
        .set('Idempotency-Key', key);
      expect([theirs.status, theirs.body.id === first.body.id]).toEqual([201, false]);
    });

    it('the same key with another expiry is another request: 422 IDEMPOTENCY_KEY_REUSED, not the first record', async () => {
      const consentKey = 'hostile-key-expiry-consent';
      const first = await h.as.officer
        .post(`/api/v1/cases/${a.id}/consents`, consentBody(a.mother, { expiresAt: later(60) }))
        .set('Idempotency-Key', consentKey);
      expect(first.status).toBe(201);
      const other = await h.as.officer
        .post(`/api/v1/cases/${a.id}/consents`, consentBody(a.mother, { expiresAt: later(60 * 24 * 365) }))
        .set('Idempotency-Key', consentKey);
      expect([other.status, other.body.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    });

    it('the same key with another legal-basis expiry is another request: 422 IDEMPOTENCY_KEY_REUSED', async () => {
      const basisKey = 'hostile-key-expiry-basis';
      const first = await h.as.officer
        .post(`/api/v1/cases/${a.id}/legal-bases`, basisBody([a.mother], { expiresAt: later(30) }))
        .set('Idempotency-Key', basisKey);
      expect(first.status).toBe(201);
      const other = await h.as.officer
        .post(`/api/v1/cases/${a.id}/legal-bases`, basisBody([a.mother], { expiresAt: '2199-12-31T00:00:00Z' }))
        .set('Idempotency-Key', basisKey);
      expect([other.status, other.body.code, other.body.expiresAt]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED', undefined]);
    });
  });

  describe('free text never leaves the record', () => {
    it('withdrawal and rejection reasons, justifications and failed attempts are in no audit row, log line or error body', async () => {
      await h.signIn('officer');
      await h.signIn('supervisor2');
      const errorBodies: string[] = [];
      const withdrawn = await h.as.officer.post(`/api/v1/consents/${ids.consentA}/withdrawal`, { reportedBy: 'subject', reason: CANARY.reason }).expect(200);
      const again = await h.as.officer.post(`/api/v1/consents/${ids.consentA}/withdrawal`, { reportedBy: 'subject', reason: CANARY.failed });
      errorBodies.push(JSON.stringify(again.body));
      const tooLong = await h.as.officer.post(`/api/v1/cases/${a.id}/consents`, consentBody(a.mother, { note: CANARY.failed + 'x'.repeat(2000) }));
      errorBodies.push(JSON.stringify(tooLong.body));
      const badChar = await h.as.officer.post(`/api/v1/cases/${a.id}/consents`, consentBody(a.mother, { note: CANARY.failed + '\u0007' }));
      errorBodies.push(JSON.stringify(badChar.body));
      const rejected = await h.as.supervisor2.post(`/api/v1/legal-bases/${ids.basisA}/rejection`, { version: 1, reason: CANARY.rejection }).expect(200);
      expect(withdrawn.body.withdrawal.reason.masked).toBe('••••');
      expect(rejected.body.rejectionReason).toMatchObject({ present: true });
      const trail = JSON.stringify(await h.database.asSuperuser('SELECT * FROM audit_event'));
      const history = JSON.stringify(await h.database.asSuperuser('SELECT * FROM legal_basis_history'));
      const timeline = JSON.stringify(await h.database.asSuperuser('SELECT * FROM case_file_history'));
      const idempotency = JSON.stringify(await h.database.asSuperuser('SELECT * FROM idempotency_record'));
      const logged = h.logs.text();
      for (const value of Object.values(CANARY)) {
        expect([value, trail.includes(value), history.includes(value), timeline.includes(value), idempotency.includes(value), logged.includes(value)]).toEqual([
          value,
          false,
          false,
          false,
          false,
          false,
        ]);
        for (const body of errorBodies) expect(body.includes(value)).toBe(false);
      }
    });
  });

  describe('the ledger cannot be edited', () => {
    it('an UPDATE of a recorded field, a second withdrawal or a DELETE is refused by the database even as the owner', async () => {
      await expect(
        h.database.asSuperuser(`UPDATE consent_record SET data_categories = '{identity,contact,address,narrative,documents}' WHERE id = $1`, [ids.consentB]),
      ).rejects.toThrow();
      await expect(h.database.asSuperuser(`UPDATE consent_record SET subject_id = $2 WHERE id = $1`, [ids.consentB, b.child])).rejects.toThrow();
      await expect(h.database.asSuperuser(`DELETE FROM consent_record WHERE id = $1`, [ids.consentB])).rejects.toThrow();
      await expect(h.database.asSuperuser(`UPDATE consent_record SET withdrawal_reported_by = 'other' WHERE id = $1`, [ids.consentA])).rejects.toThrow();
      await expect(
        h.database.asSuperuser(
          `UPDATE consent_record SET withdrawn_at = NULL, withdrawal_recorded_by = NULL, withdrawal_reported_by = NULL, withdrawal_reason_enc = NULL WHERE id = $1`,
          [ids.consentA],
        ),
      ).rejects.toThrow();
      await expect(h.database.asSuperuser(`UPDATE legal_basis SET subject_ids = $2 WHERE id = $1`, [ids.basisW, [w.mother]])).rejects.toThrow();
      await expect(
        h.database.asSuperuser(`UPDATE legal_basis SET status = 'approved', rejection_reason_enc = NULL WHERE id = $1`, [ids.basisA]),
      ).rejects.toThrow();
    });
  });
});
