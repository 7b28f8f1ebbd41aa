import type { Browser, Page } from 'playwright-core';
import type { DemoApi } from '../support/demo-api';
import { signInAs } from '../support/identity-fixtures';
import { expectNoViolations, newPage, screenshot, signInThroughForm, startWebSystem, WebSystem } from './browser';

/**
 * The desk officer's intake in the browser, in Arabic and again in English: a case with a minor and
 * a guardian, a duplicate suggested across scripts as the officer types, the guardian's consent for
 * the child and the sharing check's answer; then search (POST: no term in the URL), and an officer of
 * another unit finds nothing of the case.
 */
describe('the web app: intake, consent and search (Chromium, real api and PostgreSQL)', () => {
  let web: WebSystem;
  let system: DemoApi;
  let browser: Browser;
  let origin: string;
  let caseId: string;
  let reference: string;

  beforeAll(async () => {
    web = await startWebSystem();
    ({ system, browser, origin } = web);
    // A person already on record in the unit, in Latin letters only: typed in Arabic, she is suggested across scripts.
    const officer = await signInAs(system.api, system.demo.officer);
    await officer
      .post('/api/v1/cases', {
        category: 'family_dispute',
        urgency: 'low',
        intakeChannel: 'phone',
        title: 'Earlier family dispute',
        subjects: [{ role: 'complainant', person: { nameLatin: 'Mariam Khalid', birthDate: '1990-02-02', sex: 'female' } }],
      })
      .expect(201);
  });
  afterAll(async () => {
    await web?.stop();
  });

  const select = async (page: Page, label: RegExp | string, option: RegExp | string) => {
    await page.getByRole('combobox', { name: label }).first().click();
    await page.getByRole('option', { name: option }).first().click();
  };

  it('the officer opens a case with a victim already on record, a child and a guardian, and records the guardian’s consent (Arabic)', async () => {
    const page = await newPage(browser);
    await page.goto(origin);
    await signInThroughForm(page, 'officer', system.demo.officer.password);
    await page.getByRole('button', { name: 'قضية جديدة' }).click();
    await page.getByRole('heading', { name: 'قضية جديدة' }).waitFor();
    expect(page.url()).toBe(`${origin}/cases/new`);

    await select(page, 'الفئة', 'حماية الطفل');
    await select(page, 'الأولوية', 'عالية');
    await page.getByLabel(/^العنوان/).fill('بلاغ من المدرسة عن طفلة');
    await page.getByLabel(/^الرواية/).fill('CANARYINTAKE الطفلة تخاف العودة إلى البيت');
    await screenshot(page, 'intake-details.ar');
    await expectNoViolations(page, 'intake details ar');
    await page.getByRole('button', { name: 'التالي' }).click();

    // Person 1: typed in Arabic, the Latin-lettered record is suggested and marked as matched across scripts.
    await page.getByLabel('الاسم بالعربية').fill('مريم خالد');
    const crossScript = page.getByText('تطابق عبر لغتين');
    await crossScript.waitFor();
    await screenshot(page, 'intake-suggestion.ar');
    await expectNoViolations(page, 'intake suggestions ar');
    await page.getByRole('button', { name: 'استخدم هذا الشخص' }).click();
    await page.getByText('شخص مسجّل').waitFor();

    await page.getByRole('button', { name: 'أضف شخصاً' }).click();
    await page.getByLabel('الاسم بالعربية').nth(0).fill('ليان');
    await page.getByLabel('تاريخ الميلاد').nth(0).fill('2017-03-03');
    await select(page, 'الجنس', 'أنثى');

    await page.getByRole('button', { name: 'أضف شخصاً' }).click();
    await page.getByLabel('الاسم بالعربية').nth(1).fill('خالد سالم');
    await page.getByLabel('الهاتف').nth(1).fill('+974 5555 1234');
    // A phone brings the safe-contact instructions, unsafe until the officer has asked.
    await page.getByText('تعليمات التواصل الآمن').waitFor();
    await page.getByLabel('الاتصال آمن').check();
    await page.getByLabel('الساعات الآمنة').fill('09:00-12:00');
    await screenshot(page, 'intake-persons.ar');
    await expectNoViolations(page, 'intake persons ar');
    await page.getByRole('button', { name: 'التالي' }).click();

    await select(page, /صفة Mariam Khalid/, 'ضحية');
    await select(page, /صفة ليان/, 'طفل');
    await select(page, /صفة خالد/, 'ولي أمر');
    await screenshot(page, 'intake-roles.ar');
    await expectNoViolations(page, 'intake roles ar');
    await page.getByRole('button', { name: 'افتح القضية' }).click();

    await page.getByText('فُتحت القضية:').waitFor();
    reference = (await page
      .getByText(/^CP-\d{4}-\d{6}$/)
      .first()
      .textContent())!;
    expect(page.url()).toBe(`${origin}/cases/new`);

    // The child's consent comes from the guardian, chosen for her already.
    const childForm = page.locator('.mantine-Paper-root', { has: page.getByRole('heading', { name: /ليان/ }) });
    await expect(childForm.getByRole('combobox', { name: 'ولي الأمر الموافق' }).inputValue()).resolves.toBe('خالد سالم');
    await childForm.getByLabel('الحماية').check();
    await childForm.getByLabel('دعم نفسي').check();
    await screenshot(page, 'intake-consent.ar');
    await expectNoViolations(page, 'intake consent ar');
    await childForm.getByRole('button', { name: 'سجّل الموافقة' }).click();
    await page.getByText('سُجّلت الموافقة لـ 1 من الأشخاص.').waitFor();

    const sharing = page.locator('.mantine-Paper-root', { has: page.getByRole('heading', { name: 'هل يجوز المشاركة؟' }) });
    await select(page, 'المركز', /أمان/);
    await sharing.getByRole('combobox', { name: 'الخدمات' }).click({ force: true });
    await page.getByRole('option', { name: 'الحماية' }).click();
    await page.keyboard.press('Escape');
    await sharing.getByLabel('Mariam Khalid').uncheck();
    await sharing.getByLabel('خالد سالم').uncheck();
    await sharing.getByRole('button', { name: 'تحقق' }).click();
    await sharing.getByText('نعم: المشاركة مسموحة بكل ما طُلب.').waitFor();
    // Adding the victim, who has not consented, turns the answer to no, with the reason.
    await sharing.getByLabel('Mariam Khalid').check();
    await sharing.getByRole('button', { name: 'تحقق' }).click();
    await sharing.getByText('لا توجد موافقة').waitFor();
    await screenshot(page, 'intake-sharing.ar');
    await expectNoViolations(page, 'intake sharing ar');

    await page.getByRole('button', { name: 'انتقل إلى صفحة القضية' }).click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    caseId = page.url().split('/').pop()!;
    await page.getByRole('heading', { name: new RegExp(reference) }).waitFor();
    await page.getByRole('cell', { name: 'سارية' }).waitFor();
    expect(await page.title()).toBe('مكتب الإحالة المجتمعي');
    await screenshot(page, 'case-after-intake.ar');
    await expectNoViolations(page, 'case page after intake ar');

    const [stored] = await system.database.asSuperuser<{ guardian: string | null; given_by: string }>(
      `SELECT guardian_subject_id AS guardian, given_by FROM consent_record WHERE case_id = $1`,
      [caseId],
    );
    expect(stored).toMatchObject({ given_by: 'guardian' });
    expect(stored.guardian).not.toBeNull();
    await page.context().close();
  });
});
