import type { Browser } from 'playwright-core';
import type { DemoApi } from '../support/demo-api';
import { signInAs } from '../support/identity-fixtures';
import { chooseOption, expectNoViolations, newPage, screenshot, signInThroughForm, signInWithCode, startWebSystem, WebSystem } from './browser';

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

  it('the officer opens a case with a victim already on record, a child and a guardian, and records the guardian’s consent (Arabic)', async () => {
    const page = await newPage(browser);
    await page.goto(origin);
    await signInThroughForm(page, 'officer', system.demo.officer.password);
    await page.getByRole('button', { name: 'قضية جديدة' }).click();
    await page.getByRole('heading', { name: 'قضية جديدة' }).waitFor();
    expect(page.url()).toBe(`${origin}/cases/new`);

    await chooseOption(page, 'الفئة', 'حماية الطفل');
    await chooseOption(page, 'الأولوية', 'عالية');
    await page.getByLabel(/^موضوع البلاغ/).fill('بلاغ من المدرسة عن طفلة');
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
    await chooseOption(page, 'الجنس', 'أنثى');

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

    await chooseOption(page, /صفة Mariam Khalid/, 'ضحية');
    await chooseOption(page, /صفة ليان/, 'طفل');
    await chooseOption(page, /صفة خالد/, 'ولي أمر');
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
    await chooseOption(page, 'المركز', /أمان/);
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

  it('the officer searches by name (the term travels by POST: never in the URL or the history), reveals the guardian’s phone under the safe-contact instructions, prints the summary', async () => {
    const page = await newPage(browser);
    await page.goto(origin);
    await signInThroughForm(page, 'officer', system.demo.officer.password);
    await page.getByRole('button', { name: 'بحث' }).click();
    await page.getByRole('heading', { name: 'بحث' }).waitFor();
    await page.getByLabel('الاسم').fill('ليان');
    await page.getByRole('button', { name: 'ابحث' }).click();
    await page.getByRole('link', { name: reference }).waitFor();
    await screenshot(page, 'search.ar');
    await expectNoViolations(page, 'search ar');
    expect(page.url()).toBe(`${origin}/cases/search`);
    const history = await page.evaluate('[location.href, document.title, history.length]');
    expect(JSON.stringify(history)).not.toContain('ليان');

    await page.getByRole('link', { name: reference }).click();
    await page.getByRole('heading', { name: new RegExp(reference) }).waitFor();
    const guardianRow = page.getByRole('row', { name: /خالد سالم/ });
    await guardianRow.getByRole('button', { name: 'الهوية والتواصل' }).click();
    // The instructions come before the number, and the number is masked until revealed.
    await guardianRow.getByText('الاتصال آمن · لا ترسل رسائل').waitFor();
    await guardianRow.getByText('09:00-12:00').waitFor();
    await guardianRow.getByText('•••• 1234').waitFor();
    await guardianRow.getByRole('button', { name: 'إظهار' }).click();
    await guardianRow.getByText('+97455551234').waitFor();
    await screenshot(page, 'case-contact.ar');
    await expectNoViolations(page, 'case contact ar');
    const reveals = await system.database.asSuperuser<{ n: string }>(`SELECT count(*) AS n FROM audit_event WHERE action = 'person.revealed'`);
    expect(Number(reveals[0].n)).toBe(1);

    await page.getByRole('link', { name: 'ملخص للطباعة' }).click();
    await page.getByRole('heading', { name: 'ملخص القضية / Case summary' }).waitFor();
    await page.getByRole('cell', { name: 'طفل / Child', exact: true }).waitFor();
    await expectNoViolations(page, 'summary ar');
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'case-summary.print');
    expect(await page.getByRole('button', { name: 'اطبع' }).isVisible()).toBe(false);
    // The printed page holds no phone, document or narrative.
    expect(await page.locator('body').innerText()).not.toMatch(/1234|CANARYINTAKE/);
    await page.context().close();
  });

  it('the officer withdraws the guardian’s consent and closes the case with an outcome; the history shows both', async () => {
    const page = await newPage(browser);
    await page.goto(origin);
    await signInThroughForm(page, 'officer', system.demo.officer.password);
    await page.getByRole('heading', { name: /مرحباً/ }).waitFor();
    await page.goto(`${origin}/cases/${caseId}`);
    await page.getByRole('heading', { name: new RegExp(reference) }).waitFor();
    await page.getByRole('button', { name: 'سحب الموافقة' }).click();
    const dialog = page.getByRole('dialog', { name: 'سحب الموافقة' });
    await dialog.getByLabel(/^السبب/).fill('اتصل ولي الأمر وسحب موافقته');
    await screenshot(page, 'consent-withdraw.ar');
    await expectNoViolations(page, 'withdraw dialog ar');
    await dialog.getByRole('button', { name: 'اسحب الموافقة' }).click();
    await page.getByRole('cell', { name: 'مسحوبة' }).waitFor();

    await page.getByRole('button', { name: 'أغلق القضية' }).click();
    const close = page.getByRole('dialog', { name: 'أغلق القضية' });
    await chooseOption(page, /^النتيجة/, 'لا إجراء آخر');
    await close.getByRole('button', { name: 'أغلق القضية' }).click();
    await page.getByText('مغلقة', { exact: true }).first().waitFor();
    await page.getByText('سُحبت موافقة').waitFor();
    // Reopening is the supervisor's: the officer is offered no action on a closed case.
    await page.getByRole('button', { name: 'أغلق القضية' }).waitFor({ state: 'detached' });
    await screenshot(page, 'case-closed.ar');
    const [row] = await system.database.asSuperuser<{ status: string; outcome: string }>(`SELECT status, outcome FROM case_file WHERE id = $1`, [caseId]);
    expect(row).toEqual({ status: 'closed', outcome: 'no_further_action' });
    await page.context().close();
  });

  it('the supervisor reopens the closed case with a reason, gives it to another officer of the unit, and opens its trail', async () => {
    const page = await newPage(browser);
    await page.goto(origin);
    await signInWithCode(web, page, 'supervisor');
    await page.getByRole('button', { name: 'قضايا الوحدة' }).click();
    await page.getByRole('link', { name: reference }).click();
    await page.getByRole('heading', { name: new RegExp(reference) }).waitFor();
    const assigned = (name: string) => page.locator('bdi').getByText(name, { exact: true });
    await assigned('Desk Officer, Al Rayyan (demo)').waitFor();

    await page.getByRole('button', { name: 'أعد فتح القضية' }).click();
    const dialog = page.getByRole('dialog', { name: 'أعد فتح القضية' });
    await dialog.getByLabel(/^السبب/).fill('عادت الأسرة تطلب المساعدة');
    await dialog.getByRole('button', { name: 'أعد فتح القضية' }).click();
    await page.getByRole('button', { name: 'أغلق القضية' }).waitFor();

    await chooseOption(page, 'كلّف بها', 'Second Desk Officer, Al Rayyan (demo)');
    await page.getByRole('button', { name: 'أعد التكليف' }).click();
    await assigned('Second Desk Officer, Al Rayyan (demo)').waitFor();
    await screenshot(page, 'case-supervisor.ar');
    await expectNoViolations(page, 'case page supervisor ar');
    const [row] = await system.database.asSuperuser<{ status: string; assigned: string }>(
      `SELECT status, assigned_officer_id AS assigned FROM case_file WHERE id = $1`,
      [caseId],
    );
    expect(row).toEqual({ status: 'open', assigned: system.userIds.officer2 });

    await page.getByRole('link', { name: 'سجل تدقيق القضية' }).click();
    await page.waitForURL(`${origin}/cases/${caseId}/trail`);
    await page.getByRole('heading', { name: 'سجل تدقيق القضية' }).waitFor();
    await page.context().close();
  });

  it('an officer of another unit finds nothing of the case: not by search, and its pages are the not-found page', async () => {
    const page = await newPage(browser);
    await page.goto(origin);
    await signInThroughForm(page, 'officer.wakra', system.demo['officer.wakra'].password);
    await page.getByRole('button', { name: 'بحث' }).click();
    await page.getByLabel('الاسم').fill('ليان');
    await page.getByRole('button', { name: 'ابحث' }).click();
    await page.getByText('لا توجد قضية تطابق البحث ضمن ما يحق لك رؤيته.').waitFor();
    await screenshot(page, 'search-none.ar');
    for (const path of [`/cases/${caseId}`, `/cases/${caseId}/summary`, `/cases/${caseId}/trail`]) {
      await page.goto(`${origin}${path}`);
      await page.getByRole('heading', { name: 'الصفحة غير موجودة' }).waitFor();
    }
    expect(await page.locator('body').innerText()).not.toContain(reference);
    await page.context().close();
  });

  it('a wrong Qatar ID comes back next to its field, on the persons step, and nothing is created', async () => {
    const page = await newPage(browser);
    await page.goto(origin);
    await signInThroughForm(page, 'officer', system.demo.officer.password);
    await page.getByRole('button', { name: 'قضية جديدة' }).click();
    await page.getByLabel(/^موضوع البلاغ/).fill('بلاغ برقم هوية خاطئ');
    await page.getByRole('button', { name: 'التالي' }).click();
    await page.getByLabel('الاسم بالعربية').fill('عائشة');
    await page.getByLabel('رقم الوثيقة').fill('12345678901');
    await page.getByRole('button', { name: 'التالي' }).click();
    await chooseOption(page, /صفة عائشة/, 'ضحية');
    const before = await system.database.asSuperuser<{ n: number }>('SELECT count(*)::int AS n FROM case_file');
    await page.getByRole('button', { name: 'افتح القضية' }).click();
    await page.getByText('رقم البطاقة الشخصية القطرية 11 رقماً يبدأ بـ 2 أو 3.').waitFor();
    expect(await page.getByLabel('رقم الوثيقة').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'intake-field-error.ar');
    await expectNoViolations(page, 'intake field error ar');
    expect(await system.database.asSuperuser<{ n: number }>('SELECT count(*)::int AS n FROM case_file')).toEqual(before);

    // Corrected, and the button clicked twice in a hurry: one case.
    await page.getByLabel('رقم الوثيقة').fill('28412345678');
    await page.getByRole('button', { name: 'التالي' }).click();
    await page.getByRole('button', { name: 'افتح القضية' }).dblclick();
    await page.getByText('فُتحت القضية:').waitFor();
    const after = await system.database.asSuperuser<{ n: number }>('SELECT count(*)::int AS n FROM case_file');
    expect(after[0].n).toBe(before[0].n + 1);

    // A person met later is added on the case page, with the same fields and suggestions.
    await page.getByRole('button', { name: 'انتقل إلى صفحة القضية' }).click();
    await page.getByRole('button', { name: 'أضف شخصاً' }).click();
    await page.getByLabel('الاسم بالعربية').fill('منى');
    await page.getByLabel('العمر التقريبي').fill('٤٠');
    await chooseOption(page, /صفة منى/, 'ولي أمر');
    await screenshot(page, 'case-add-subject.ar');
    await expectNoViolations(page, 'case add subject ar');
    await page.getByRole('button', { name: 'أضفه إلى القضية' }).click();
    await page.getByRole('row', { name: /منى/ }).waitFor();
    const [added] = await system.database.asSuperuser<{ age: number }>(`SELECT stated_age AS age FROM person WHERE name_ar = 'منى'`);
    expect(added).toEqual({ age: 40 });
    await page.context().close();
  });

  it('a session ended from another device leaves nothing on screen: the next call is a 401 and the sign-in page replaces the case', async () => {
    const page = await newPage(browser);
    await page.goto(origin);
    await signInThroughForm(page, 'officer', system.demo.officer.password);
    await page.getByRole('heading', { name: /مرحباً/ }).waitFor();
    await page.goto(`${origin}/cases/${caseId}`);
    await page.getByRole('button', { name: 'إظهار' }).first().click();
    await page.getByText('CANARYINTAKE').waitFor();

    const other = await newPage(browser);
    await other.goto(origin);
    await signInThroughForm(other, 'officer', system.demo.officer.password);
    await other.getByRole('heading', { name: /مرحباً/ }).waitFor();
    await other.getByRole('button', { name: 'الخروج من كل الأجهزة' }).click();
    await other.getByRole('heading', { name: 'تسجيل الدخول' }).waitFor();

    await page
      .getByRole('row', { name: /خالد سالم/ })
      .getByRole('button', { name: 'الهوية والتواصل' })
      .click();
    await page.getByRole('heading', { name: 'تسجيل الدخول' }).waitFor();
    expect(await page.getByText('CANARYINTAKE').count()).toBe(0);
    expect(await page.locator('body').innerText()).not.toContain(reference);
    await page.context().close();
    await other.context().close();
  });

  it('the intake path again in English: a woman with a phone, her own consent, the sharing check', async () => {
    const page = await newPage(browser);
    await page.goto(origin);
    await page.getByRole('button', { name: /English/ }).click();
    await signInThroughForm(page, 'officer', system.demo.officer.password);
    await page.getByRole('button', { name: 'New case' }).click();
    await page.getByRole('heading', { name: 'New case' }).waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('ltr');
    await chooseOption(page, 'Category', 'Domestic violence');
    await page.getByLabel(/^Title/).fill('Walk-in report of threats at home');
    await screenshot(page, 'intake-details.en');
    await expectNoViolations(page, 'intake details en');
    await page.getByRole('button', { name: 'Next' }).click();

    await page.getByLabel('Name in Latin letters').fill('Mariam Khaled');
    await page.getByText('Similar name').waitFor();
    await page.getByLabel('Name in Arabic').fill('نورة');
    await page.getByRole('button', { name: 'Not them' }).count();
    await page.getByLabel('Phone').fill('5566 7788');
    await page.getByText('Safe-contact instructions').waitFor();
    await page.getByLabel('Messages are safe').check();
    await screenshot(page, 'intake-persons.en');
    await expectNoViolations(page, 'intake persons en');
    await page.getByRole('button', { name: 'Next' }).click();
    await chooseOption(page, /Role of نورة/, 'Victim');
    await screenshot(page, 'intake-roles.en');
    await page.getByRole('button', { name: 'Open the case' }).click();
    await page.getByText('Case opened:').waitFor();

    await page.getByLabel('Protection').check();
    await page.getByLabel('Contact').first().check();
    await page.getByRole('button', { name: 'Record consent' }).click();
    await page.getByText('Consent recorded for 1 person(s).').waitFor();
    const sharing = page.locator('.mantine-Paper-root', { has: page.getByRole('heading', { name: 'May this be shared?' }) });
    await chooseOption(page, 'Centre', /Wifaq/);
    await sharing.getByRole('combobox', { name: 'Services' }).click({ force: true });
    await page.getByRole('option', { name: 'Protection' }).click();
    await page.keyboard.press('Escape');
    await sharing.getByRole('button', { name: 'Check' }).click();
    await sharing.getByText('Yes: everything asked for may be shared.').waitFor();
    await screenshot(page, 'intake-sharing.en');
    await expectNoViolations(page, 'intake sharing en');
    await page.getByRole('button', { name: 'Go to the case' }).click();
    await page.getByRole('cell', { name: 'Active' }).waitFor();
    await screenshot(page, 'case-after-intake.en');
    await expectNoViolations(page, 'case page en');
    await page.getByRole('link', { name: 'Printable summary' }).click();
    await page.getByRole('cell', { name: 'ضحية / Victim', exact: true }).waitFor();
    await screenshot(page, 'case-summary.en');
    await expectNoViolations(page, 'summary en');

    await page.goto(`${origin}/cases/search`);
    await page.getByLabel('Phone').fill('5566 7788');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('link', { name: /^CP-/ }).waitFor();
    expect(page.url()).toBe(`${origin}/cases/search`);
    await screenshot(page, 'search.en');
    await expectNoViolations(page, 'search en');
    await page.context().close();
  });
});
