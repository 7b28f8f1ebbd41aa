import { DemoApi, startDemoApi } from '../support/demo-api';
import { signInAs, SignedIn } from '../support/identity-fixtures';

/**
 * The holiday calendar acceptance deadlines skip: administrators add and remove days (each audited
 * with its day), a day is there once, a date that does not exist is a field error, and nobody else
 * reaches the routes.
 */
describe('the holiday calendar (HTTP, real PostgreSQL)', () => {
  let system: DemoApi;
  let admin: SignedIn;

  beforeAll(async () => {
    system = await startDemoApi();
    admin = await signInAs(system.api, system.demo.admin);
  });
  afterAll(() => system?.stop());

  const auditOf = (action: string) =>
    system.database.asSuperuser<{ object_id: string; detail: { day: string } }>('SELECT object_id, detail FROM audit_event WHERE action = $1 ORDER BY seq', [
      action,
    ]);

  it('adds days, lists them in date order (a year, or from last year on), removes one; each change audited with its day', async () => {
    const national = await admin.post('/api/v1/admin/holidays', { day: '2026-12-18', nameAr: ' اليوم الوطني ', nameEn: 'National Day' }).expect(201);
    expect(national.body).toEqual({ id: expect.any(String), day: '2026-12-18', nameAr: 'اليوم الوطني', nameEn: 'National Day' });
    await admin.post('/api/v1/admin/holidays', { day: '2026-03-20', nameAr: 'عيد الفطر', nameEn: 'Eid al-Fitr' }).expect(201);
    await admin.post('/api/v1/admin/holidays', { day: '2024-06-16', nameAr: 'عيد الأضحى', nameEn: 'Eid al-Adha' }).expect(201);

    const all = await admin.get('/api/v1/admin/holidays').expect(200);
    // The clock is in 2026: from 2025 on, the 2024 day is history.
    expect(all.body.items.map((item: { day: string }) => item.day)).toEqual(['2026-03-20', '2026-12-18']);
    const year = await admin.get('/api/v1/admin/holidays?year=2024').expect(200);
    expect(year.body.items.map((item: { day: string }) => item.day)).toEqual(['2024-06-16']);

    await admin.delete(`/api/v1/admin/holidays/${national.body.id}`).expect(204);
    await admin.delete(`/api/v1/admin/holidays/${national.body.id}`).expect(404);
    expect((await admin.get('/api/v1/admin/holidays').expect(200)).body.items.map((item: { day: string }) => item.day)).toEqual(['2026-03-20']);

    expect((await auditOf('holiday.added')).map((event) => event.detail.day)).toEqual(['2026-12-18', '2026-03-20', '2024-06-16']);
    expect(await auditOf('holiday.removed')).toEqual([{ object_id: national.body.id, detail: { day: '2026-12-18' } }]);
  });

  it.each([
    ['a day already in the calendar', { day: '2026-03-20', nameAr: 'مكرر', nameEn: 'Again' }, 409, 'HOLIDAY_EXISTS', 'day', 'HOLIDAY_EXISTS'],
    ['a date that does not exist', { day: '2026-02-31', nameAr: 'يوم', nameEn: 'Day' }, 400, 'VALIDATION_FAILED', 'day', 'INVALID'],
    ['a date in another format', { day: '20/03/2026', nameAr: 'يوم', nameEn: 'Day' }, 400, 'VALIDATION_FAILED', 'day', 'MATCHES'],
    ['a blank name', { day: '2026-04-01', nameAr: '   ', nameEn: 'Day' }, 400, 'VALIDATION_FAILED', 'nameAr', 'MIN_LENGTH'],
    ['a year out of range', { day: '1999-12-31', nameAr: 'يوم', nameEn: 'Day' }, 400, 'VALIDATION_FAILED', 'day', 'INVALID'],
    ['a NUL in a name', { day: '2026-04-01', nameAr: 'يو\u0000م', nameEn: 'Day' }, 400, 'VALIDATION_FAILED', 'nameAr', 'INVALID_CHARACTERS'],
    ['a day sent as a number', { day: 20260401, nameAr: 'يوم', nameEn: 'Day' }, 400, 'VALIDATION_FAILED', 'day', 'IS_STRING'],
    [
      'a field it does not know',
      { day: '2026-04-01', nameAr: 'يوم', nameEn: 'Day', unitId: { nested: { deeper: [1] } } },
      400,
      'VALIDATION_FAILED',
      'unitId',
      'UNKNOWN_FIELD',
    ],
  ])('refuses %s with the field and a code, writing nothing', async (_name, body, status, code, field, fieldCode) => {
    const before = await system.database.asSuperuser<{ n: number }>('SELECT count(*)::int AS n FROM office_holiday');
    const answer = await admin.post('/api/v1/admin/holidays', body).expect(status);
    expect(answer.body.code).toBe(code);
    expect(answer.body.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field, code: fieldCode })]));
    expect(await system.database.asSuperuser<{ n: number }>('SELECT count(*)::int AS n FROM office_holiday')).toEqual(before);
  });

  it.each(['1e309', '99999999999999999999', 'abc', '2025.5'])('refuses a year of %s in the query with the field, never a 500', async (year) => {
    const answer = await admin.get(`/api/v1/admin/holidays?year=${year}`).expect(400);
    expect(answer.body.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'year' })]));
  });

  it('is the administrators’ only: others are refused (403), and the anonymous (401)', async () => {
    for (const person of [system.demo.officer, system.demo.supervisor, system.demo.counsellor, system.demo.auditor]) {
      const session = await signInAs(system.api, person);
      await session.get('/api/v1/admin/holidays').expect(403);
      await session.post('/api/v1/admin/holidays', { day: '2026-05-01', nameAr: 'يوم', nameEn: 'Day' }).expect(403);
    }
    await system.api.http().get('/api/v1/admin/holidays').expect(401);
  });
});
