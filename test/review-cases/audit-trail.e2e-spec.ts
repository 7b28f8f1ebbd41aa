import { LogCapture, TestDatabase } from '@app/testing';
import { DemoApi, startDemoApi } from '../support/demo-api';
import { signInAs, SignedIn } from '../support/identity-fixtures';
import { CANARY, newCase, someone, victim } from './fixtures';

/**
 * Review of libs/cases and POST /api/v1/audit/events/search: no case content in the trail, the
 * timeline, error bodies or log lines, and the auditors' "who searched for this" finds every search
 * of a term without matching everything. Tests marked (held) pass today.
 */
describe('review: audit trail, timeline and the auditors’ term search (HTTP, real PostgreSQL)', () => {
  const logs = new LogCapture();
  let system: DemoApi;
  let database: TestDatabase;
  let officer: SignedIn;
  let supervisor: SignedIn;
  let auditor: SignedIn;
  let caseId: string;
  const bodies: string[] = [];

  const keep = <T extends { body: unknown }>(response: T): T => {
    bodies.push(JSON.stringify(response.body));
    return response;
  };
  const termSearch = async (kind: string, term: string) => (await auditor.post('/api/v1/audit/events/search', { kind, term, pageSize: 100 }).expect(200)).body;

  beforeAll(async () => {
    system = await startDemoApi({ LOG_LEVEL: 'info' }, undefined, logs);
    database = system.database;
    officer = await signInAs(system.api, system.demo.officer);
    supervisor = await signInAs(system.api, system.demo.supervisor);
    auditor = await signInAs(system.api, system.demo.auditor);
    const created = keep(await officer.post('/api/v1/cases', newCase({ subjects: [{ role: 'victim', person: victim() }, someone('Yousef Kamal')] })));
    expect(created.status).toBe(201);
    caseId = created.body.id;
    let current = created.body;
    keep(await officer.post(`/api/v1/persons/${current.subjects[0].personId}/reveal`, { fields: ['phones', 'documentNumber', 'address', 'safeContactNote'] }));
    current = keep(await officer.patch(`/api/v1/cases/${caseId}`, { version: current.version, narrative: `${CANARY.narrative} updated` })).body;
    current = keep(
      await officer.delete(`/api/v1/cases/${caseId}/subjects/${current.subjects[1].id}`, { version: current.version, reason: `${CANARY.reason} removal` }),
    ).body;
    current = keep(await officer.post(`/api/v1/cases/${caseId}/close`, { version: current.version, outcome: 'resolved' })).body;
    current = keep(await supervisor.post(`/api/v1/cases/${caseId}/reopen`, { version: current.version, reason: `${CANARY.reason} reopen` })).body;
    current = keep(
      await supervisor.post(`/api/v1/cases/${caseId}/escalate`, { version: current.version, authority: 'family_court', reason: `${CANARY.reason} escalate` }),
    ).body;
    expect(current.status).toBe('escalated');
    for (const term of [{ name: CANARY.nameLatin }, { name: 'نوره الهاجري' }, { documentNumber: CANARY.qid }, { phone: '5550 9911' }]) {
      keep(await officer.post('/api/v1/cases/search', term));
      keep(await officer.post('/api/v1/persons/search', term));
    }
    keep(await officer.post('/api/v1/persons/suggestions', { nameAr: CANARY.nameAr, nameLatin: CANARY.nameLatin, phone: CANARY.phone }));
    // Refusals that carry the values back, if anything echoes them.
    keep(await officer.post('/api/v1/cases', newCase({ title: `${CANARY.reason}\u202E` })));
    keep(await officer.post('/api/v1/cases/search', { reference: `CP-${CANARY.qid}` }));
    keep(await officer.post('/api/v1/cases/search', { phone: `${CANARY.reason}xx` }));
    keep(await officer.post('/api/v1/persons', { nameLatin: 'Echo Check', sex: 'female', document: { type: 'qatar_id', number: `1${CANARY.qid.slice(1)}` } }));
  });
  afterAll(() => system?.stop());

  it('(held) no name, QID, phone, address, note, narrative or reason in audit rows, the timeline, error bodies or log lines', async () => {
    const trail = JSON.stringify(await database.asSuperuser('SELECT * FROM audit_event'));
    const timeline = JSON.stringify((await supervisor.get(`/api/v1/cases/${caseId}/timeline`).expect(200)).body);
    const history = JSON.stringify(await database.asSuperuser('SELECT detail, reason_code FROM case_file_history'));
    const logText = logs.lines.join('\n');
    const errors = bodies.filter((body) => body.includes('"code"')).join('\n');
    for (const value of [...Object.values(CANARY), '55509911', 'Noora', 'الهاجري', 'Hajri', CANARY.qid.slice(1)]) {
      expect([value, trail.includes(value), timeline.includes(value), history.includes(value), logText.includes(value), errors.includes(value)]).toEqual([
        value,
        false,
        false,
        false,
        false,
        false,
      ]);
    }
    const ids = await database.asSuperuser<{ object_id: string | null }>('SELECT DISTINCT object_id FROM audit_event WHERE object_id IS NOT NULL');
    expect(ids.filter((row) => !/^[0-9a-f-]{36}$/.test(row.object_id!))).toEqual([]);
  });

  it('(held) the term search finds searches by phone and QID in any format, and an empty or unusable term matches nothing', async () => {
    const byPhone = await termSearch('phone', CANARY.phone);
    expect(byPhone.items.map((event: { action: string }) => event.action)).toEqual(
      expect.arrayContaining(['case.searched', 'person.searched', 'person.suggestions_viewed']),
    );
    const byQid = await termSearch('documentNumber', '٢٨٤٦٣٤٠٩٩١١');
    expect(byQid.items.map((event: { action: string }) => event.action)).toEqual(expect.arrayContaining(['case.searched', 'person.searched']));
    for (const [kind, term] of [
      ['name', '  '],
      ['name', '--'],
      ['phone', 'nothing'],
      ['documentNumber', '   '],
      ['reference', '  '],
    ]) {
      expect([kind, term, (await termSearch(kind, term)).total]).toEqual([kind, term, 0]);
    }
    expect((await supervisor.post('/api/v1/audit/events/search', { kind: 'phone', term: CANARY.phone })).status).toBe(403);
  });

  it('(held) the term search finds a name searched in another Arabic spelling or Latin case', async () => {
    const arabic = await termSearch('name', 'نورة الهاجري');
    expect(arabic.items.map((event: { action: string }) => event.action)).toEqual(expect.arrayContaining(['case.searched', 'person.searched']));
    const latin = await termSearch('name', 'NOORA SALEM AL HAJRI');
    expect(latin.items.map((event: { action: string }) => event.action)).toEqual(expect.arrayContaining(['case.searched', 'person.searched']));
  });

  it('the term search finds the duplicate suggestions asked with a name typed in both scripts, by either name', async () => {
    for (const term of [CANARY.nameLatin, CANARY.nameAr]) {
      const found = await termSearch('name', term);
      expect([term, found.items.map((event: { action: string }) => event.action)]).toEqual([term, expect.arrayContaining(['person.suggestions_viewed'])]);
    }
  });
});
