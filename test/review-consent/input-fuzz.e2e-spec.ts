import { consentBody, FamilyCase, Harness, MINUTE, openFamilyCase, startHarness } from './fixture';

/** Hostile bodies against every consent and legal-basis route: 400 or 422 with a field, never a 500, nothing written. */
describe('hostile consent: fuzzed input', () => {
  let h: Harness;
  let family: FamilyCase;
  let consentId: string;
  let basisId: string;
  const later = (minutes: number) => new Date(h.api.clock.now().getTime() + minutes * MINUTE).toISOString();
  const counts = async () =>
    (
      await h.database.asSuperuser<{ c: number; b: number; i: number }>(
        `SELECT (SELECT count(*)::int FROM consent_record) AS c, (SELECT count(*)::int FROM legal_basis) AS b, (SELECT count(*)::int FROM idempotency_record) AS i`,
      )
    )[0];

  beforeAll(async () => {
    h = await startHarness(['officer', 'supervisor', 'supervisor2']);
    family = await openFamilyCase(h.as.officer);
    consentId = (await h.as.officer.post(`/api/v1/cases/${family.id}/consents`, consentBody(family.mother)).expect(201)).body.id;
    basisId = (
      await h.as.officer
        .post(`/api/v1/cases/${family.id}/legal-bases`, {
          basis: 'child_at_risk',
          justification: 'A justification',
          subjectIds: [family.child],
          dataCategories: ['identity'],
          expiresAt: later(120),
        })
        .expect(201)
    ).body.id;
  });
  afterAll(async () => {
    await h?.system.stop();
  });

  it('a consent without `centres` is a 400 naming centres (not a 500)', async () => {
    const { centres: _omit, ...body } = consentBody(family.mother);
    const before = await counts();
    const response = await h.as.officer.post(`/api/v1/cases/${family.id}/consents`, body).set('Idempotency-Key', 'hostile-no-centres-0001');
    expect([response.status, response.body.code, response.body.fields?.map((f: any) => f.field)]).toEqual([
      400,
      'VALIDATION_FAILED',
      expect.arrayContaining([expect.stringContaining('centres')]),
    ]);
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['null', null],
    ['a string', 'any'],
    ['an array of a valid object', [{ any: true }]],
    ['an empty array', []],
    ['a number', 1],
  ])('`centres` as %s is a 400 naming centres', async (_name, centres) => {
    const response = await h.as.officer.post(`/api/v1/cases/${family.id}/consents`, consentBody(family.mother, { centres }));
    expect([response.status, response.body.fields?.map((f: any) => f.field)]).toEqual([400, expect.arrayContaining([expect.stringContaining('centres')])]);
  });

  it.each([
    ['an empty inner array', [[]]],
    ['a nested array holding a subject', 'nested'],
    ['null', [null]],
    ['a string', ['x']],
  ])('a sharing check whose `subjects` item is %s is a 400 (not a 500)', async (_name, subjects) => {
    const resolved = subjects === 'nested' ? [[{ subjectId: family.mother, categories: ['identity'] }]] : subjects;
    const response = await h.as.officer.post(`/api/v1/cases/${family.id}/sharing-check`, { centreId: h.aman, services: ['protection'], subjects: resolved });
    expect([response.status, response.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('a consent whose `centres` nests another object in an array is a 400', async () => {
    const response = await h.as.officer.post(`/api/v1/cases/${family.id}/consents`, consentBody(family.mother, { centres: [[{ any: true }]] }));
    expect(response.status).toBe(400);
  });

  it.each([
    ['subjectId null', { subjectId: null }, 'subjectId'],
    ['subjectId a number', { subjectId: 42 }, 'subjectId'],
    ['subjectId not a uuid', { subjectId: "' OR 1=1 --" }, 'subjectId'],
    ['givenBy upper-case', { givenBy: 'SUBJECT' }, 'givenBy'],
    ['guardianSubjectId null', { guardianSubjectId: null }, 'guardianSubjectId'],
    ['minorView null', { minorView: null }, 'minorView'],
    ['services a string', { services: 'protection' }, 'services'],
    ['services duplicated', { services: ['protection', 'protection'] }, 'services'],
    ['services huge', { services: Array(5000).fill('protection') }, 'services'],
    ['dataCategories null', { dataCategories: null }, 'dataCategories'],
    ['dataCategories with an object', { dataCategories: [{ a: 1 }] }, 'dataCategories'],
    [
      'centreIds huge',
      { centres: { any: false, centreIds: Array.from({ length: 500 }, (_v, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`) } },
      'centres',
    ],
    ['centreIds not uuids', { centres: { any: false, centreIds: ['aman'] } }, 'centres'],
    ['centres.any a string', { centres: { any: 'true' } }, 'centres'],
    ['centres with an unknown field', { centres: { any: true, all: true } }, 'centres'],
    ['method null', { method: null }, 'method'],
    ['language with a NUL', { language: 'ar\u0000' }, 'language'],
    ['note with a NUL', { note: 'abc\u0000def' }, 'note'],
    ['note with an ESC', { note: 'abc\u001b[31mred' }, 'note'],
    ['note with a lone surrogate', { note: 'abc\ud800def' }, 'note'],
    ['note a number', { note: 12345 }, 'note'],
    ['note blank', { note: '     ' }, 'note'],
    ['note null', { note: null }, 'note'],
    ['expiresAt in year 275760', { expiresAt: '+275760-09-13T00:00:00.000Z' }, 'expiresAt'],
    ['expiresAt 2024-02-30', { expiresAt: '2024-02-30T00:00:00Z' }, 'expiresAt'],
    ['expiresAt after 2200', { expiresAt: '2300-01-01T00:00:00Z' }, 'expiresAt'],
    ['expiresAt a number', { expiresAt: 1893456000000 }, 'expiresAt'],
    ['expiresAt null', { expiresAt: null }, 'expiresAt'],
    ['expiresAt garbage', { expiresAt: 'tomorrow' }, 'expiresAt'],
    ['supersedes not a uuid', { supersedes: 'latest' }, 'supersedes'],
    ['supersedes null', { supersedes: null }, 'supersedes'],
    ['an unknown field', { recordedBy: '00000000-0000-4000-8000-000000000000' }, 'recordedBy'],
    ['a state field', { state: 'active', withdrawnAt: null }, 'state'],
  ])('a consent with %s is a 400 naming the field, nothing written', async (_name, change, field) => {
    const before = await counts();
    const response = await h.as.officer.post(`/api/v1/cases/${family.id}/consents`, consentBody(family.mother, change as Record<string, unknown>));
    expect([response.status, response.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    if (field) expect(response.body.fields.map((f: any) => f.field)).toEqual(expect.arrayContaining([expect.stringContaining(field)]));
    expect(await counts()).toEqual(before);
  });

  it('bidi marks and Arabic in a note are kept as written and revealed as written', async () => {
    const note = '\u2067مريم\u2069 \u202eoverride\u202c said yes';
    const response = await h.as.officer
      .post(`/api/v1/cases/${family.id}/consents`, consentBody(family.mother, { note, dataCategories: ['narrative'] }))
      .expect(201);
    const revealed = await h.as.officer.post(`/api/v1/consents/${response.body.id}/reveal`, { fields: ['note'] }).expect(200);
    expect(revealed.body.note).toBe(note);
  });

  it('an upper-case consent id in the path and in `supersedes` names the same record', async () => {
    const fresh = await h.as.officer.post(`/api/v1/cases/${family.id}/consents`, consentBody(family.mother, { dataCategories: ['documents'] })).expect(201);
    const upper = fresh.body.id.toUpperCase();
    expect((await h.as.officer.get(`/api/v1/consents/${upper}`).expect(200)).body.id).toBe(fresh.body.id);
    expect((await h.as.officer.get(`/api/v1/cases/${family.id.toUpperCase()}/consents`).expect(200)).body.items.length).toBeGreaterThan(0);
    const next = await h.as.officer.post(
      `/api/v1/cases/${family.id}/consents`,
      consentBody(family.mother.toUpperCase(), { supersedes: upper, dataCategories: ['documents'] }),
    );
    expect([next.status, next.body.supersedes]).toEqual([201, fresh.body.id]);
    expect(next.body.subjectId).toBe(family.mother);
  });

  it('upper-case ids in a sharing check are the same ids (centre, subject)', async () => {
    const response = await h.as.officer
      .post(`/api/v1/cases/${family.id}/sharing-check`, {
        centreId: h.aman.toUpperCase(),
        services: ['protection'],
        subjects: [{ subjectId: family.mother.toUpperCase(), categories: ['identity'] }],
      })
      .expect(200);
    expect(response.body.allowed).toBe(true);
    expect(response.body.subjects[0].subjectId).toBe(family.mother);
  });

  it('the same subject named twice in one sharing check (differently cased too) is a 400, not two answers', async () => {
    for (const second of [family.mother, family.mother.toUpperCase()]) {
      const response = await h.as.officer.post(`/api/v1/cases/${family.id}/sharing-check`, {
        centreId: h.aman,
        services: ['protection'],
        subjects: [
          { subjectId: family.mother, categories: ['identity'] },
          { subjectId: second, categories: ['contact'] },
        ],
      });
      expect([response.status, response.body.fields?.[0]?.field]).toEqual([400, expect.stringContaining('subjects')]);
    }
  });

  it.each([
    ['services empty', { services: [] }],
    ['subjects empty', { subjects: [] }],
    ['subjects huge', { subjects: 'huge' }],
    ['categories empty', { subjects: [{ subjectId: 'mother', categories: [] }] }],
    ['categories unknown', { subjects: [{ subjectId: 'mother', categories: ['health'] }] }],
    ['categories duplicated', { subjects: [{ subjectId: 'mother', categories: ['identity', 'identity'] }] }],
    ['centreId missing', { centreId: undefined }],
    ['centreId not a uuid', { centreId: 'aman' }],
    ['an unknown field', { dryRun: true }],
    ['an unknown field in a subject', { subjects: [{ subjectId: 'mother', categories: ['identity'], fields: ['phones'] }] }],
  ])('a sharing check with %s is a 400', async (_name, change) => {
    const resolved: Record<string, unknown> = {
      centreId: h.aman,
      services: ['protection'],
      subjects: [{ subjectId: family.mother, categories: ['identity'] }],
      ...change,
    };
    if (resolved.subjects === 'huge') resolved.subjects = Array.from({ length: 21 }, () => ({ subjectId: family.mother, categories: ['identity'] }));
    for (const subject of resolved.subjects as Array<Record<string, unknown>>) if (subject.subjectId === 'mother') subject.subjectId = family.mother;
    const response = await h.as.officer.post(`/api/v1/cases/${family.id}/sharing-check`, resolved);
    expect([response.status, response.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it.each([
    ['version 0', { version: 0 }],
    ['version -1', { version: -1 }],
    ['version 2^31', { version: 2 ** 31 }],
    ['version 1e308', { version: 1e308 }],
    ['version 1.5', { version: 1.5 }],
    ['version "1"', { version: '1' }],
    ['version null', { version: null }],
    ['no version', {}],
    ['an unknown field', { version: 1, status: 'approved' }],
  ])('an approval with %s is a 400; the request stays pending', async (_name, body) => {
    const response = await h.as.supervisor.post(`/api/v1/legal-bases/${basisId}/approval`, body);
    expect([response.status, response.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect((await h.as.officer.get(`/api/v1/legal-bases/${basisId}`).expect(200)).body.status).toBe('pending');
  });

  it.each([
    ['no reason', { version: 1 }],
    ['a blank reason', { version: 1, reason: '   ' }],
    ['a reason with a NUL', { version: 1, reason: 'no\u0000way' }],
    ['a reason too long', { version: 1, reason: 'x'.repeat(2001) }],
    ['a reason as an array', { version: 1, reason: ['nope'] }],
  ])('a rejection with %s is a 400', async (_name, body) => {
    const response = await h.as.supervisor.post(`/api/v1/legal-bases/${basisId}/rejection`, body);
    expect([response.status, response.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it.each([
    ['basis unknown', { basis: 'because' }],
    ['subjectIds empty', { subjectIds: [] }],
    ['subjectIds duplicated (case differs)', { subjectIds: 'dup' }],
    ['subjectIds 21', { subjectIds: 'many' }],
    ['subjectIds null', { subjectIds: null }],
    ['justification missing', { justification: undefined }],
    ['justification with an ESC', { justification: 'x\u001b[2Jy' }],
    ['expiresAt missing', { expiresAt: undefined }],
    ['expiresAt 2024-02-30', { expiresAt: '2024-02-30' }],
    ['expiresAt year 275760', { expiresAt: '275760-09-13T00:00:00Z' }],
    ['a status', { status: 'approved' }],
    ['a decidedBy', { decidedBy: '00000000-0000-4000-8000-000000000000' }],
  ])('a legal-basis request with %s is a 400, nothing written', async (_name, change) => {
    const body: Record<string, unknown> = {
      basis: 'court_order',
      justification: 'A court order',
      subjectIds: [family.mother],
      dataCategories: ['identity'],
      expiresAt: later(60),
      ...change,
    };
    if (body.subjectIds === 'dup') body.subjectIds = [family.mother, family.mother.toUpperCase()];
    if (body.subjectIds === 'many') body.subjectIds = Array.from({ length: 21 }, (_v, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const before = await counts();
    const response = await h.as.officer.post(`/api/v1/cases/${family.id}/legal-bases`, body);
    expect([response.status, response.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['fields empty', { fields: [] }],
    ['fields duplicated', { fields: ['note', 'note'] }],
    ['fields unknown', { fields: ['noteEnc'] }],
    ['fields a string', { fields: 'note' }],
    ['no body', undefined],
  ])('a consent reveal with %s is a 400', async (_name, body) => {
    const response = await h.as.officer.post(`/api/v1/consents/${consentId}/reveal`, body as object);
    expect(response.status).toBe(400);
  });

  it.each([
    ['status upper-case', '?status=PENDING'],
    ['status twice', '?status=pending&status=approved'],
    ['status bracket', '?status[]=pending'],
    ['status with NUL', '?status=pending%00'],
    ['pageSize 1000', '?pageSize=1000'],
    ['page 0', '?page=0'],
    ['page huge', '?page=99999999999'],
    ['unknown parameter', '?unit=all'],
  ])('the legal-basis queue with %s is a 400', async (_name, query) => {
    const response = await h.as.supervisor.get(`/api/v1/legal-bases${query}`);
    expect([response.status, response.body.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('a withdrawal with bad input is a 400 and the record stays active', async () => {
    for (const body of [
      {},
      { reportedBy: 'police', reason: 'abc' },
      { reportedBy: 'subject' },
      { reportedBy: 'subject', reason: 'ok reason', at: '2020-01-01' },
    ]) {
      const response = await h.as.officer.post(`/api/v1/consents/${consentId}/withdrawal`, body);
      expect([JSON.stringify(body), response.status]).toEqual([JSON.stringify(body), 400]);
    }
    expect((await h.as.officer.get(`/api/v1/consents/${consentId}`).expect(200)).body.state).toBe('active');
  });

  it('an oversized body is a 413 and a non-JSON body a 415, not a 500', async () => {
    const huge = await h.as.officer.post(`/api/v1/cases/${family.id}/consents`, consentBody(family.mother, { note: 'x'.repeat(5_000_000) }));
    expect(huge.status).toBe(413);
    const text = await h.as.officer.post(`/api/v1/cases/${family.id}/sharing-check`).set('Content-Type', 'text/plain').send('centreId=x');
    expect(text.status).toBe(415);
  });

  it('no request above was answered with a 500 (none in the log)', () => {
    expect(h.logs.text()).not.toMatch(/"statusCode":500|"status":500|TypeError/);
  });
});
