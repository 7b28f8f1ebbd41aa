import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { eventually } from '@app/testing';
import type { DemoApi } from '../support/demo-api';
import { signInAs } from '../support/identity-fixtures';
import { chooseOption, expectNoViolations, newPage, screenshot, signInThroughForm, signInWithCode, startWebSystem, WebSystem } from './browser';

/**
 * The story end to end in Arabic, on the real api, worker, PostgreSQL and Redis: the officer
 * opens a case with a minor and a guardian (a duplicate suggested), records the guardian's consent and
 * asks for a legal basis for the mother; a supervisor approves it; the auditor verifies the chain the
 * worker sealed meanwhile.
 */
describe('the web app: the whole story with the real worker (Chromium)', () => {
  let web: WebSystem;
  let system: DemoApi;
  let browser: Browser;
  let origin: string;
  let witnessDir: string;
  let caseId: string;

  beforeAll(async () => {
    witnessDir = mkdtempSync(path.join(os.tmpdir(), 'web-story-witness-'));
    web = await startWebSystem({ AUDIT_CHECKPOINT_FILE: path.join(witnessDir, 'checkpoints.jsonl') }, { worker: true });
    ({ system, browser, origin } = web);
    const officer = await signInAs(system.api, system.demo.officer);
    await officer
      .post('/api/v1/cases', {
        category: 'family_dispute',
        urgency: 'low',
        intakeChannel: 'phone',
        title: 'Earlier family dispute',
        subjects: [{ role: 'complainant', person: { nameAr: 'هند يوسف', birthDate: '1988-05-05', sex: 'female' } }],
      })
      .expect(201);
  });
  afterAll(async () => {
    await web?.stop();
    if (witnessDir) rmSync(witnessDir, { recursive: true, force: true });
  });

  it('the officer opens a case with a minor and her guardian, sees a duplicate, records consent and asks for a legal basis for the mother', async () => {
    const page = await newPage(browser);
    await page.goto(origin);
    await signInThroughForm(page, 'officer', system.demo.officer.password);
    await page.getByRole('button', { name: 'قضية جديدة' }).click();
    await chooseOption(page, 'الفئة', 'عنف أسري');
    await page.getByLabel(/^موضوع البلاغ/).fill('بلاغ عنف أسري من الأم');
    await page.getByRole('button', { name: 'التالي' }).click();

    await page.getByLabel('الاسم بالعربية').fill('هند يوسف');
    await page.getByText('مواليد 1988').waitFor();
    await page.getByRole('button', { name: 'استخدم هذا الشخص' }).click();
    await page.getByRole('button', { name: 'أضف شخصاً' }).click();
    await page.getByLabel('الاسم بالعربية').nth(0).fill('سارة');
    await page.getByLabel('تاريخ الميلاد').nth(0).fill('2016-06-06');
    await page.getByRole('button', { name: 'أضف شخصاً' }).click();
    await page.getByLabel('الاسم بالعربية').nth(1).fill('يوسف علي');
    await page.getByRole('button', { name: 'التالي' }).click();
    await chooseOption(page, /صفة هند/, 'ضحية');
    await chooseOption(page, /صفة سارة/, 'طفل');
    await chooseOption(page, /صفة يوسف/, 'ولي أمر');
    await page.getByRole('button', { name: 'افتح القضية' }).click();

    const childForm = page.locator('.mantine-Paper-root', { has: page.getByRole('heading', { name: /سارة/ }) });
    await childForm.getByLabel('الحماية').check();
    await childForm.getByRole('button', { name: 'سجّل الموافقة' }).click();
    await page.getByText('سُجّلت الموافقة لـ 1 من الأشخاص.').waitFor();
    await page.getByRole('button', { name: 'انتقل إلى صفحة القضية' }).click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    caseId = page.url().split('/').pop()!;

    await page.getByRole('button', { name: 'اطلب أساساً قانونياً' }).click();
    await chooseOption(page, /^الأساس/, 'خطر وشيك على الحياة');
    const request = page.locator('.mantine-Paper-root', { hasText: 'حين لا تكفي الموافقة' });
    await request.getByRole('checkbox', { name: 'هند يوسف' }).check();
    await request.getByLabel(/^تنتهي في/).fill('2026-12-20');
    await request.getByLabel(/^المبرر/).fill('CANARYSTORY هددها زوجها بالقتل أمس');
    await screenshot(page, 'legal-basis-request.ar');
    await expectNoViolations(page, 'legal basis request ar');
    await page.getByRole('button', { name: 'أرسل الطلب' }).click();
    await page.getByRole('cell', { name: 'بانتظار القرار' }).waitFor();
    await page.context().close();
  });

  it('a supervisor approves the legal basis; the officer’s case page shows it approved', async () => {
    const page = await newPage(browser);
    await signInWithCode(web, page, 'supervisor2');
    await page.getByRole('button', { name: 'طلبات الأساس القانوني بانتظار القرار' }).click();
    await page.getByRole('heading', { name: 'خطر وشيك على الحياة' }).waitFor();
    await page.getByRole('button', { name: 'اعتماد' }).click();
    await page.getByText('تم القرار: معتمد').waitFor();
    await page.goto(`${origin}/cases/${caseId}`);
    await page.getByRole('cell', { name: 'معتمد' }).waitFor();
    const [row] = await system.database.asSuperuser<{ status: string }>('SELECT status FROM legal_basis WHERE case_id = $1', [caseId]);
    expect(row).toEqual({ status: 'approved' });
    await page.context().close();
  });

  it('the auditor verifies the chain the worker sealed: intact, every event counted', async () => {
    const unsealed = async () =>
      (
        await system.database.asSuperuser<{ n: number }>(
          'SELECT count(*)::int AS n FROM audit_event e WHERE NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.seq = e.seq)',
        )
      )[0].n;
    await eventually(async () => (await unsealed()) === 0, 'the worker sealed every event');
    const sealedBefore = (await system.database.asSuperuser<{ n: number }>('SELECT count(*)::int AS n FROM audit_seal'))[0].n;
    expect(sealedBefore).toBeGreaterThan(10);
    const page = await newPage(browser);
    await signInWithCode(web, page, 'auditor');
    await page.getByRole('button', { name: 'سجل التدقيق' }).click();
    await page.getByRole('tab', { name: 'التحقق من السلسلة' }).click();
    await page.getByRole('button', { name: 'تحقق من السلسلة' }).click();
    const result = page.getByRole('status');
    await result.getByText('السلسلة سليمة').waitFor();
    // The worker goes on sealing the auditor's own sign-in: at least every event sealed before is counted.
    const counted = Number(/الأحداث المختومة التي فُحصت: (\d+)/.exec((await result.textContent()) ?? '')?.[1]);
    expect(counted).toBeGreaterThanOrEqual(sealedBefore);
    await screenshot(page, 'story-verify.ar');
    await page.context().close();
  });
});
