import Redis from 'ioredis';
import { LogCapture, TestDatabase, TestHttpApp, testServices } from '@app/testing';
import { DemoApi, startDemoApi } from '../support/demo-api';
import { DemoPeople, signInAs, SignedIn } from '../support/identity-fixtures';

/** Unique strings in every sensitive field: none may reach a log line or an audit row. */
const CANARY = {
  narrative: 'CANARYNARRATIVE7731 زوجها يهددها',
  qid: '28463401234',
  phone: '+97455501234',
  address: 'CANARYADDRESS Building 12, Street 340',
  note: 'CANARYNOTE husband reads her messages',
  childQid: '31163409876',
};

const victim = (overrides: Record<string, unknown> = {}) => ({
  nameAr: 'فاطمة عبدالله المري',
  nameLatin: 'Fatima Abdulla Al-Marri',
  birthDate: '1991-04-02',
  sex: 'female',
  nationality: 'QA',
  document: { type: 'qatar_id', number: CANARY.qid },
  phones: [CANARY.phone],
  address: CANARY.address,
  safeContact: { callSafe: false, messageSafe: true, safeHours: '09:00-12:00', note: CANARY.note },
  ...overrides,
});
const child = { nameAr: 'سارة خالد', birthDate: '2016-09-10', sex: 'female', document: { type: 'qatar_id', number: CANARY.childQid } };

const newCase = (overrides: Record<string, unknown> = {}) => ({
  category: 'domestic_violence',
  urgency: 'high',
  intakeChannel: 'walk_in',
  title: 'Family dispute, Al Rayyan',
  narrative: CANARY.narrative,
  subjects: [
    { role: 'victim', person: victim() },
    { role: 'child', person: child },
  ],
  ...overrides,
});

describe('cases and persons: intake, access, status and search (HTTP, real PostgreSQL)', () => {
  const logs = new LogCapture();
  let system: DemoApi;
  let database: TestDatabase;
  let api: TestHttpApp;
  let demo: DemoPeople;
  let officer: SignedIn;
  let officer2: SignedIn;
  let supervisor: SignedIn;
  let wakra: SignedIn;
  let caseId: string;
  let victimId: string;

  const count = async (table: string) => (await database.asSuperuser<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
  const eventsOf = (action: string) =>
    database.asSuperuser<{ detail: Record<string, unknown>; case_id: string | null; object_id: string | null }>(
      'SELECT detail, case_id, object_id FROM audit_event WHERE action = $1 ORDER BY seq',
      [action],
    );

  beforeAll(async () => {
    system = await startDemoApi({ LOG_LEVEL: 'info' }, undefined, logs);
    ({ database, api, demo } = system);
    officer = await signInAs(api, demo.officer);
    officer2 = await signInAs(api, demo.officer2);
    supervisor = await signInAs(api, demo.supervisor);
    wakra = await signInAs(api, demo['officer.wakra']);
  });
  afterAll(async () => {
    await system?.stop();
  });

  describe('intake', () => {
    it('opens a case with two new persons: a reference, masked sensitive fields, the minor marked', async () => {
      const response = await officer.post('/api/v1/cases', newCase());
      expect(response.status).toBe(201);
      const body = response.body;
      caseId = body.id;
      expect(body.reference).toMatch(/^CP-2026-\d{6}$/);
      expect(body).toMatchObject({ status: 'open', narrative: { present: true, masked: '••••' }, allowedActions: ['close'] });
      expect(body.subjects).toHaveLength(2);
      const [first, second] = body.subjects;
      expect([first.role, first.minor, second.role, second.minor]).toEqual(['victim', false, 'child', true]);
      victimId = first.personId;
      expect(JSON.stringify(body)).not.toContain(CANARY.narrative);
    });

    it('the person detail is masked; reveal gives the plaintext, phones with their safe-contact instructions, audited by field name', async () => {
      const person = (await officer.get(`/api/v1/persons/${victimId}`).expect(200)).body;
      expect(person.document).toEqual({ type: 'qatar_id', number: { present: true, masked: '•••• 1234' } });
      expect(person.phones).toEqual([{ present: true, masked: '•••• 1234' }]);
      expect(person.safeContact).toEqual({ callSafe: false, messageSafe: true, safeHours: '09:00-12:00', note: { present: true, masked: '••••' } });
      const revealed = (await officer.post(`/api/v1/persons/${victimId}/reveal`, { fields: ['phones', 'documentNumber'] }).expect(200)).body;
      expect(revealed).toMatchObject({ phones: [CANARY.phone], documentNumber: CANARY.qid, safeContact: { callSafe: false } });
      const [event] = await eventsOf('person.revealed');
      expect(event.detail).toEqual({ fields: ['documentNumber', 'phones'] });
      const narrative = (await officer.post(`/api/v1/cases/${caseId}/reveal`, { fields: ['narrative'] }).expect(200)).body;
      expect(narrative).toEqual({ narrative: CANARY.narrative });
      expect((await eventsOf('case.revealed'))[0]).toMatchObject({ case_id: caseId, detail: { fields: ['narrative'] } });
    });

    it('raw SQL shows no plaintext in any sensitive column', async () => {
      const rows = await database.asSuperuser<Record<string, string>>(
        `SELECT (SELECT string_agg(concat_ws('|', document_number_enc, phones_enc, address_enc, safe_contact_note_enc), '|') FROM person) AS persons,
                (SELECT string_agg(narrative_enc, '|') FROM case_file) AS cases`,
      );
      const stored = JSON.stringify(rows);
      for (const value of Object.values(CANARY)) expect([value, stored.includes(value)]).toEqual([value, false]);
      expect(stored).toContain('v1.');
    });

    it('the same Idempotency-Key and body answer the first case; another body under it is a 422', async () => {
      const before = await count('case_file');
      const body = newCase({ title: 'Repeated intake, Al Rayyan' });
      const first = await officer.post('/api/v1/cases', body).set('Idempotency-Key', 'intake-key-0001');
      const again = await officer.post('/api/v1/cases', body).set('Idempotency-Key', 'intake-key-0001');
      expect([first.status, again.status, again.body.id]).toEqual([201, 201, first.body.id]);
      const other = await officer.post('/api/v1/cases', { ...body, urgency: 'low' }).set('Idempotency-Key', 'intake-key-0001');
      expect([other.status, other.body.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
      expect(await count('case_file')).toBe(before + 1);
      const idem = await database.asSuperuser<Record<string, unknown>>('SELECT * FROM idempotency_record');
      expect(Object.keys(idem[0]).sort()).toEqual(['created_at', 'key', 'operation', 'request_hash', 'resource_id', 'user_id']);
    });

    it('200 parallel intakes get 200 distinct references; a rolled-back one leaves a gap, never a reuse', async () => {
      const responses = await Promise.all(
        Array.from({ length: 200 }, (_, index) =>
          officer.post(
            '/api/v1/cases',
            newCase({ title: `Parallel intake ${index}`, subjects: [{ role: 'victim', person: { nameLatin: `Person ${index}`, sex: 'male' } }] }),
          ),
        ),
      );
      expect(responses.filter((response) => response.status !== 201).map((response) => response.body)).toEqual([]);
      expect(new Set(responses.map((response) => response.body.reference)).size).toBe(200);
      const numbers = (await database.asSuperuser<{ reference: string }>('SELECT reference FROM case_file')).map((row) => Number(row.reference.slice(-6)));
      const highest = Math.max(...numbers);
      // An intake that took a number and then rolled back: the counter is a sequence, so the next one skips it.
      await database.asSuperuser(
        `DO $$ BEGIN PERFORM app.next_case_reference((SELECT id FROM unit WHERE code = 'CPD-RAYYAN'), now()); RAISE EXCEPTION 'rolled back'; EXCEPTION WHEN raise_exception THEN NULL; END $$`,
      );
      const next = (await officer.post('/api/v1/cases', newCase({ title: 'After a refusal' })).expect(201)).body.reference;
      expect(Number(next.slice(-6))).toBeGreaterThan(highest + 1);
    });
  });

  describe('bad input: 400 or 422 with the field, nothing written', () => {
    const cases: Array<[string, object, number, string, string]> = [
      [
        'a bad QID',
        newCase({ subjects: [{ role: 'victim', person: victim({ document: { type: 'qatar_id', number: '12345678901' } }) }] }),
        400,
        'subjects.0.person.document.number',
        'INVALID_QID',
      ],
      ['a bad phone', newCase({ subjects: [{ role: 'victim', person: victim({ phones: ['12'] }) }] }), 400, 'subjects.0.person.phones.0', 'INVALID_PHONE'],
      ['an unknown category', newCase({ category: 'theft' }), 400, 'category', 'IS_IN'],
      ['a person with no name', newCase({ subjects: [{ role: 'victim', person: { sex: 'female' } }] }), 400, 'subjects.0.person.nameAr', 'NAME_REQUIRED'],
      [
        'both birth date and age',
        newCase({ subjects: [{ role: 'victim', person: victim({ statedAge: 30 }) }] }),
        400,
        'subjects.0.person.statedAge',
        'BIRTH_DATE_AND_AGE',
      ],
      [
        'a birth date in the future',
        newCase({ subjects: [{ role: 'victim', person: victim({ birthDate: '2031-01-01' }) }] }),
        400,
        'subjects.0.person.birthDate',
        'BIRTH_DATE_IN_FUTURE',
      ],
      ['a narrative over the limit', newCase({ narrative: 'x'.repeat(10001) }), 400, 'narrative', 'NARRATIVE_TOO_LONG'],
      ['an unknown field', newCase({ secret: 1 }), 400, 'secret', 'UNKNOWN_FIELD'],
      [
        'a NUL in a name',
        newCase({ subjects: [{ role: 'victim', person: victim({ nameLatin: 'Fat\u0000ima' }) }] }),
        400,
        'subjects.0.person.nameLatin',
        'INVALID_CHARACTERS',
      ],
      [
        'a bidi override in a name',
        newCase({ subjects: [{ role: 'victim', person: victim({ nameLatin: 'Fat\u202Eima' }) }] }),
        400,
        'subjects.0.person.nameLatin',
        'BIDI_CONTROL',
      ],
      ['a bidi isolate in the title', newCase({ title: 'Dispute \u2066x\u2069' }), 400, 'title', 'BIDI_CONTROL'],
      [
        'a name of zero-width and direction marks only',
        newCase({ subjects: [{ role: 'victim', person: victim({ nameAr: '\u200B\u200F\u061C', nameLatin: null }) }] }),
        400,
        'subjects.0.person.nameAr',
        'HAS_LETTER',
      ],
      ['a title naming a subject', newCase({ title: 'Abdulla family dispute' }), 422, 'title', 'TITLE_NAMES_SUBJECT'],
      [
        'a subject with both personId and person',
        newCase({ subjects: [{ role: 'victim', personId: '00000000-0000-4000-8000-000000000000', person: victim() }] }),
        422,
        'subjects.0',
        'SUBJECT_PERSON_AMBIGUOUS',
      ],
    ];
    it.each(cases)('%s', async (_label, body, status, field, code) => {
      const before = [await count('case_file'), await count('person')];
      const response = await officer.post('/api/v1/cases', body);
      expect([response.status, response.body.fields?.map((entry: { field: string; code: string }) => `${entry.field}:${entry.code}`)]).toEqual([
        status,
        expect.arrayContaining([`${field}:${code}`]),
      ]);
      expect([await count('case_file'), await count('person')]).toEqual(before);
    });
  });

  describe('need to know', () => {
    it('another unit’s officer, and a desk officer of the same unit who neither opened nor is assigned, get 404 for the case and its persons', async () => {
      for (const session of [wakra, officer2]) {
        expect((await session.get(`/api/v1/cases/${caseId}`)).status).toBe(404);
        expect((await session.get(`/api/v1/persons/${victimId}`)).status).toBe(404);
        expect((await session.post(`/api/v1/cases/${caseId}/reveal`, { fields: ['narrative'] })).status).toBe(404);
        expect((await session.post(`/api/v1/persons/${victimId}/reveal`, { fields: ['phones'] })).status).toBe(404);
        const list = (await session.get('/api/v1/cases').expect(200)).body;
        expect(list.items.map((item: { id: string }) => item.id)).not.toContain(caseId);
        const found = (await session.post('/api/v1/cases/search', { phone: CANARY.phone }).expect(200)).body;
        expect(found.total).toBe(0);
      }
      const suggestions = (await wakra.post('/api/v1/persons/suggestions', { nameAr: 'فاطمة عبدالله المري', phone: CANARY.phone }).expect(200)).body;
      expect(suggestions.items).toEqual([]);
    });

    it('administrators, auditors and centre staff get 403 at every case route', async () => {
      for (const person of [demo.admin, demo.auditor, demo.counsellor]) {
        const session = await signInAs(api, person);
        expect([person.username, (await session.get(`/api/v1/cases/${caseId}`)).status]).toEqual([person.username, 403]);
        expect([person.username, (await session.post('/api/v1/cases/search', { reference: 'CP-2026-000001' })).status]).toEqual([person.username, 403]);
        expect([person.username, (await session.get(`/api/v1/persons/${victimId}`)).status]).toEqual([person.username, 403]);
      }
    });

    it('the unit’s supervisor reads it and reassigns it to the second officer, who then reads it', async () => {
      const seen = (await supervisor.get(`/api/v1/cases/${caseId}`).expect(200)).body;
      expect(seen.allowedActions.sort()).toEqual(['close', 'escalate']);
      const reassigned = await supervisor.post(`/api/v1/cases/${caseId}/reassign`, { version: seen.version, assignedOfficerId: system.userIds.officer2 });
      expect(reassigned.status).toBe(200);
      expect((await officer2.get(`/api/v1/cases/${caseId}`)).status).toBe(200);
      const notInUnit = await supervisor.post(`/api/v1/cases/${caseId}/reassign`, {
        version: reassigned.body.version,
        assignedOfficerId: system.userIds['officer.wakra'],
      });
      expect([notInUnit.status, notInUnit.body.code]).toEqual([422, 'ASSIGNEE_NOT_IN_UNIT']);
      expect(
        (await officer.post(`/api/v1/cases/${caseId}/reassign`, { version: reassigned.body.version, assignedOfficerId: system.userIds.officer })).status,
      ).toBe(403);
    });

    it('the supervisor’s trail covers the events of the unit’s cases, whoever acted', async () => {
      const events = (await supervisor.get(`/api/v1/audit/events?caseId=${caseId}&pageSize=100`).expect(200)).body;
      expect(events.items.map((event: { action: string }) => event.action)).toEqual(expect.arrayContaining(['case.created', 'case.viewed', 'case.revealed']));
      const wakraSupervisor = await signInAs(api, demo['supervisor.wakra']);
      expect((await wakraSupervisor.get(`/api/v1/audit/events?caseId=${caseId}`).expect(200)).body.total).toBe(0);
    });
  });

  describe('editing, subjects and status', () => {
    it('an update with a stale version is a 409 naming the current one; the event lists field names only', async () => {
      const current = (await officer.get(`/api/v1/cases/${caseId}`).expect(200)).body;
      const updated = await officer.patch(`/api/v1/cases/${caseId}`, { version: current.version, urgency: 'critical', narrative: 'CANARYUPDATED text' });
      expect([updated.status, updated.body.urgency]).toEqual([200, 'critical']);
      const stale = await officer.patch(`/api/v1/cases/${caseId}`, { version: current.version, urgency: 'low' });
      expect([stale.status, stale.body.code, stale.body.currentVersion]).toEqual([409, 'STALE_VERSION', updated.body.version]);
      expect((await eventsOf('case.updated')).at(-1)!.detail).toEqual({ fields: ['narrative', 'urgency'] });
    });

    it('adds an existing person as a subject and removes one with a reason; the timeline shows both, without the reason', async () => {
      let current = (await officer.get(`/api/v1/cases/${caseId}`).expect(200)).body;
      const guardian = (await officer.post('/api/v1/persons', { nameLatin: 'Khalid Hamad', sex: 'male' }).expect(201)).body;
      const added = await officer.post(`/api/v1/cases/${caseId}/subjects`, { version: current.version, role: 'guardian', personId: guardian.id });
      expect(added.status).toBe(200);
      current = added.body;
      const subject = current.subjects.find((entry: { role: string }) => entry.role === 'guardian');
      const removed = await officer.delete(`/api/v1/cases/${caseId}/subjects/${subject.id}`, {
        version: current.version,
        reason: 'CANARYREASON recorded by mistake',
      });
      expect([removed.status, removed.body.subjects.length]).toEqual([200, 2]);
      const timeline = (await officer.get(`/api/v1/cases/${caseId}/timeline`).expect(200)).body.items;
      expect(timeline.map((entry: { action: string }) => entry.action)).toEqual(['opened', 'reassign', 'updated', 'subject_added', 'subject_removed']);
      expect(JSON.stringify(timeline)).not.toContain('CANARYREASON');
    });

    it('close needs an outcome; closing again is a 409 naming the state; only a supervisor reopens, with a reason', async () => {
      let current = (await officer.get(`/api/v1/cases/${caseId}`).expect(200)).body;
      expect((await officer.post(`/api/v1/cases/${caseId}/close`, { version: current.version })).status).toBe(400);
      const closed = await officer.post(`/api/v1/cases/${caseId}/close`, { version: current.version, outcome: 'resolved' });
      expect([closed.status, closed.body.status, closed.body.outcome]).toEqual([200, 'closed', 'resolved']);
      current = closed.body;
      const again = await officer.post(`/api/v1/cases/${caseId}/close`, { version: current.version, outcome: 'resolved' });
      expect([again.status, again.body.code, again.body.currentState]).toEqual([409, 'TRANSITION_NOT_ALLOWED', 'closed']);
      expect((await officer.post(`/api/v1/cases/${caseId}/reopen`, { version: current.version, reason: 'New facts' })).status).toBe(403);
      const reopened = await supervisor.post(`/api/v1/cases/${caseId}/reopen`, { version: current.version, reason: 'CANARYREOPEN new facts' });
      expect([reopened.status, reopened.body.status, reopened.body.outcome]).toEqual([200, 'open', null]);
      const escalated = await supervisor.post(`/api/v1/cases/${caseId}/escalate`, {
        version: reopened.body.version,
        authority: 'family_court',
        reason: 'Custody',
      });
      expect([escalated.status, escalated.body.escalatedTo]).toEqual([200, 'family_court']);
      const event = (await eventsOf('case.escalated'))[0];
      expect(event.detail).toEqual({ from: 'open', to: 'escalated', reasonCode: 'family_court' });
    });
  });

  describe('search and suggestions', () => {
    it('the list takes filters only: an identifying term in the query string is refused', async () => {
      const listed = (await supervisor.get('/api/v1/cases?status=escalated&category=domestic_violence&sort=reference_asc&pageSize=5').expect(200)).body;
      expect(listed.items.map((item: { id: string }) => item.id)).toEqual([caseId]);
      expect(listed).toMatchObject({ total: 1, page: 1, pageSize: 5 });
      expect(Object.keys(listed.items[0]).sort()).toEqual(
        [
          'assignedOfficerId',
          'category',
          'id',
          'intakeChannel',
          'openedAt',
          'owningUnitId',
          'reference',
          'status',
          'subjectCount',
          'title',
          'urgency',
          'version',
        ].sort(),
      );
      for (const query of ['name=Fatima', 'phone=55501234', 'documentNumber=28463401234', 'pageSize=101', 'openedFrom=-271821-01-01']) {
        const refused = await supervisor.get(`/api/v1/cases?${query}`);
        expect([query, refused.status]).toEqual([query, 400]);
      }
    });

    it('finds a case by phone in local and international format, by QID in Arabic-Indic digits, and by reference', async () => {
      const reference = (await supervisor.get(`/api/v1/cases/${caseId}`).expect(200)).body.reference;
      for (const phone of ['55501234', '+974 5550 1234', '0097455501234']) {
        const found = (await supervisor.post('/api/v1/cases/search', { phone }).expect(200)).body;
        expect([phone, found.items.map((item: { id: string }) => item.id)]).toEqual([phone, expect.arrayContaining([caseId])]);
      }
      const byQid = (await supervisor.post('/api/v1/cases/search', { documentNumber: '٢٨٤٦٣٤٠١٢٣٤' }).expect(200)).body;
      expect(byQid.items.map((item: { id: string }) => item.id)).toEqual(expect.arrayContaining([caseId]));
      expect((await supervisor.post('/api/v1/cases/search', { reference }).expect(200)).body.total).toBe(1);
    });

    it('finds a case by a name typed with other Arabic spellings (hamza, taa marbuta, diacritics, tatweel)', async () => {
      for (const name of ['فاطمه', 'فَاطِمَة', 'عبـــدالله', 'فاطمة المري']) {
        const found = (await supervisor.post('/api/v1/cases/search', { name }).expect(200)).body;
        expect([name, found.items.map((item: { id: string }) => item.id)]).toEqual([name, expect.arrayContaining([caseId])]);
      }
    });

    it('searches are audited with term kinds and keyed hashes, never the terms', async () => {
      const events = await eventsOf('case.searched');
      expect(events.length).toBeGreaterThan(0);
      expect(events.at(-1)!.detail).toMatchObject({ termKinds: ['name'], termHashes: [expect.any(String)] });
      expect(JSON.stringify(events)).not.toContain('فاطم');
      expect(JSON.stringify(events)).not.toContain('55501234');
    });

    it('an auditor asks who searched for a phone, in any format: the searches are found by the hash, the term is not stored', async () => {
      const auditor = await signInAs(api, demo.auditor);
      const found = (await auditor.post('/api/v1/audit/events/search', { kind: 'phone', term: '+974 5550 1234' }).expect(200)).body;
      expect(found.items.length).toBeGreaterThanOrEqual(3);
      expect(new Set(found.items.map((event: { action: string }) => event.action))).toEqual(new Set(['case.searched', 'person.suggestions_viewed']));
      const none = (await auditor.post('/api/v1/audit/events/search', { kind: 'phone', term: 'not a phone' }).expect(200)).body;
      expect(none.total).toBe(0);
      const [asked] = await eventsOf('audit.term_searched');
      expect(JSON.stringify(asked.detail)).not.toContain('5550');
    });

    it('suggests the unit’s person by phone, document and name (across scripts), with reasons and nothing else', async () => {
      const byPhone = (await officer2.post('/api/v1/persons/suggestions', { phone: '5550 1234' }).expect(200)).body.items;
      expect(byPhone.find((item: { personId: string }) => item.personId === victimId)).toEqual({
        personId: victimId,
        nameAr: 'فاطمة عبدالله المري',
        nameLatin: 'Fatima Abdulla Al-Marri',
        birthYear: 1991,
        score: 1,
        reasons: ['phone'],
      });
      const byName = (await officer2.post('/api/v1/persons/suggestions', { nameLatin: 'Fatma Abdullah Almarri', birthYear: 1991 }).expect(200)).body.items;
      expect(byName.find((item: { personId: string }) => item.personId === victimId)?.reasons).toEqual(expect.arrayContaining(['name', 'birth_year']));
    });
  });

  it('no sensitive value reached a log line, an audit row or Redis', async () => {
    const trail = JSON.stringify(await database.asSuperuser('SELECT * FROM audit_event'));
    const logText = logs.lines.join('\n');
    const redis = new Redis(testServices().redisUrl, { lazyConnect: true });
    await redis.connect();
    const keys = await redis.keys('*');
    const values = await Promise.all(
      keys.map(async (key) => ((await redis.type(key)) === 'string' ? await redis.get(key) : JSON.stringify(await redis.dump(key)))),
    );
    await redis.quit();
    const redisText = [...keys, ...values].join('\n');
    expect(logs.lines.length).toBeGreaterThan(50);
    for (const value of [...Object.values(CANARY), 'CANARYUPDATED', 'CANARYREASON', 'CANARYREOPEN', '55501234']) {
      expect([value, trail.includes(value), logText.includes(value), redisText.includes(value)]).toEqual([value, false, false, false]);
    }
  });
});
