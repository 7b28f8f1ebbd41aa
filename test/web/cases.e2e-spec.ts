import type { Browser } from 'playwright-core';
import type { DemoApi } from '../support/demo-api';
import { consentBody } from '../support/family-case';
import { signInAs, totpAt } from '../support/identity-fixtures';
import { expectNoViolations, newPage, screenshot, signInThroughForm, startWebSystem, WebSystem } from './browser';

const NARRATIVE = 'CANARYWEBNARRATIVE هددها زوجها أمام الأطفال';

/**
 * The desk officer's cases in the browser: the list with filters kept in the URL, the case page with
 * the narrative masked until revealed (audited), in Arabic and English; an officer of another unit
 * finds the case nowhere, and its direct URL is the not-found page.
 */
describe('the web app: cases list and case page (Chromium, real api and PostgreSQL)', () => {
  let web: WebSystem;
  let system: DemoApi;
  let browser: Browser;
  let origin: string;
  let caseId: string;
  let reference: string;

  beforeAll(async () => {
    web = await startWebSystem();
    ({ system, browser, origin } = web);
    const officer = await signInAs(system.api, system.demo.officer);
    const opened = await officer
      .post('/api/v1/cases', {
        category: 'domestic_violence',
        urgency: 'high',
        intakeChannel: 'walk_in',
        title: 'بلاغ عنف أسري في المنزل',
        narrative: NARRATIVE,
        subjects: [
          { role: 'victim', person: { nameAr: 'مريم خالد', nameLatin: 'Mariam Khalid', birthDate: '1990-02-02', sex: 'female' } },
          { role: 'child', person: { nameAr: 'ليان', birthDate: '2017-03-03', sex: 'female' } },
        ],
      })
      .expect(201);
    ({ id: caseId, reference } = opened.body);
    const victim = opened.body.subjects.find((subject: { role: string }) => subject.role === 'victim').id;
    await officer.post(`/api/v1/cases/${caseId}/consents`, consentBody(victim, { services: ['protection', 'psychological_support'] })).expect(201);
    await officer
      .post('/api/v1/cases', {
        category: 'neglect',
        urgency: 'low',
        intakeChannel: 'school',
        title: 'Low urgency school report',
        subjects: [{ role: 'child', person: { nameLatin: 'Omar Ali', sex: 'male' } }],
      })
      .expect(201);
  });
  afterAll(async () => {
    await web?.stop();
  });

  it('the officer lists their cases, filters by urgency (kept in the URL), opens one, reveals the narrative (audited)', async () => {
    const page = await newPage(browser);
    await page.goto(origin);
    await signInThroughForm(page, 'officer', system.demo.officer.password);
    await page.getByRole('button', { name: 'قضاياي' }).click();
    await page.getByRole('heading', { name: 'قضاياي' }).waitFor();
    await page.getByRole('link', { name: reference }).waitFor();
    expect(await page.getByText('Low urgency school report').count()).toBe(1);
    await screenshot(page, 'cases.ar');
    await expectNoViolations(page, 'cases ar');

    await page.getByRole('combobox', { name: 'الأولوية' }).click();
    await page.getByRole('option', { name: 'عالية' }).click();
    await page.waitForURL(/\/cases\?urgency=high$/);
    await page.getByText('Low urgency school report').waitFor({ state: 'detached' });
    await page.reload();
    await page.getByRole('link', { name: reference }).waitFor();
    expect(await page.getByText('Low urgency school report').count()).toBe(0);

    await page.getByRole('link', { name: reference }).click();
    await page.waitForURL(`${origin}/cases/${caseId}`);
    await page.getByRole('heading', { name: /بلاغ عنف أسري/ }).waitFor();
    expect(await page.getByText(NARRATIVE).count()).toBe(0);
    expect(await page.getByText('قاصر').count()).toBe(1);
    // The consent ledger on the case page: the victim's own consent, active, with its services.
    await page.getByRole('cell', { name: 'سارية' }).waitFor();
    expect(await page.getByRole('cell', { name: /الحماية/ }).count()).toBe(1);
    await screenshot(page, 'case.ar');
    await expectNoViolations(page, 'case ar');
    await page.getByRole('button', { name: 'إظهار' }).click();
    await page.getByText(NARRATIVE).waitFor();
    const [event] = await system.database.asSuperuser<{ detail: unknown }>(`SELECT detail FROM audit_event WHERE action = 'case.revealed' AND case_id = $1`, [
      caseId,
    ]);
    expect(event.detail).toEqual({ fields: ['narrative'] });
    expect(await page.title()).toBe('مكتب الإحالة المجتمعي');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText('Case history').waitFor();
    expect(page.url()).toBe(`${origin}/cases/${caseId}`);
    await screenshot(page, 'case.en');
    await expectNoViolations(page, 'case en');
    await page.getByRole('link', { name: 'Back to the cases' }).click();
    await page.getByRole('heading', { name: 'My cases' }).waitFor();
    await screenshot(page, 'cases.en');
    await expectNoViolations(page, 'cases en');
    await page.context().close();
  });

  it('an officer of another unit finds the case nowhere: not in the list, and its URL is the not-found page', async () => {
    const page = await newPage(browser);
    await page.goto(origin);
    await signInThroughForm(page, 'officer.wakra', system.demo['officer.wakra'].password);
    await page.getByRole('button', { name: 'قضاياي' }).click();
    await page.getByText('لا توجد قضايا بهذه المرشحات.').waitFor();
    expect(await page.getByText(reference).count()).toBe(0);
    await page.goto(`${origin}/cases/${caseId}`);
    await page.getByRole('heading', { name: 'الصفحة غير موجودة' }).waitFor();
    expect(await page.getByText(reference).count()).toBe(0);
    await screenshot(page, 'case-not-found.ar');
    await page.context().close();
  });

  it('a supervisor finds the officer’s legal-basis request in the unit’s queue, reads the justification, and approves it (four eyes)', async () => {
    const officer = await signInAs(system.api, system.demo.officer);
    const detail = await officer.get(`/api/v1/cases/${caseId}`).expect(200);
    const child = detail.body.subjects.find((subject: { role: string }) => subject.role === 'child').id;
    const requested = await officer
      .post(`/api/v1/cases/${caseId}/legal-bases`, {
        basis: 'child_at_risk',
        justification: 'CANARYWEBJUSTIFICATION الطفلة في خطر',
        subjectIds: [child],
        dataCategories: ['identity', 'address'],
        expiresAt: new Date(system.clock.now().getTime() + 7 * 86_400_000).toISOString(),
      })
      .expect(201);
    const page = await newPage(browser);
    await page.goto(origin);
    await signInThroughForm(page, 'supervisor', system.demo.supervisor.password);
    await page.getByLabel('الرمز').fill(totpAt(system.demo.supervisor.totpSecret!, system.clock));
    await page.getByRole('button', { name: 'تحقق' }).click();
    await page.getByRole('button', { name: 'طلبات الأساس القانوني بانتظار القرار' }).click();
    await page.getByRole('heading', { name: 'طفل في خطر' }).waitFor();
    expect(await page.getByText('CANARYWEBJUSTIFICATION').count()).toBe(0);
    await page.getByRole('button', { name: 'إظهار المبرر' }).click();
    await page.getByText(/CANARYWEBJUSTIFICATION/).waitFor();
    await screenshot(page, 'legal-bases.ar');
    await expectNoViolations(page, 'legal bases ar');
    await page.getByRole('button', { name: 'اعتماد' }).click();
    await page.getByText('تم القرار: معتمد').waitFor();
    const [row] = await system.database.asSuperuser<{ status: string; decided_by: string }>('SELECT status, decided_by FROM legal_basis WHERE id = $1', [
      requested.body.id,
    ]);
    expect(row).toEqual({ status: 'approved', decided_by: system.userIds.supervisor });
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Legal-basis requests awaiting a decision' }).waitFor();
    await screenshot(page, 'legal-bases.en');
    await expectNoViolations(page, 'legal bases en');
    await page.context().close();
  });
});
