import type { Browser, Locator, Page } from 'playwright-core';
import type { DemoApi } from '../support/demo-api';
import { totpAt } from '../support/identity-fixtures';
import { expectNoViolations, newPage, screenshot, signInThroughForm, signInWithCode, startWebSystem, WebSystem } from './browser';

const TEMPORARY = /^[a-z2-9]{5}(-[a-z2-9]{5}){3}$/;
const RANA = 'rana.desk';
const RANA_OWN_PASSWORD = 'Seven quiet harbours under amber lamps';
const INVALID_CREDENTIALS = 'اسم المستخدم أو كلمة المرور غير صحيحة.';
const STORY = 180_000;

/**
 * The administrator's screens in the browser: units and centres (a centre's deadlines and services
 * edited and saved, a new centre), users (a desk officer created with a temporary password shown once,
 * who then changes it and enrols a second factor; disable, enable, unlock, reset), a privileged account
 * that waits for a second administrator; axe on every screen, in Arabic and then in English.
 */
describe('the web app: the administrator’s units and users (Chromium, real api and PostgreSQL)', () => {
  let web: WebSystem;
  let system: DemoApi;
  let browser: Browser;
  let origin: string;
  /** The administrator's page, signed in once for the whole story. */
  let admin: Page;

  beforeAll(async () => {
    web = await startWebSystem({
      // A deployment that asks everyone for a second factor: the new desk officer enrols at first sign-in.
      TOTP_REQUIRED_FOR_ALL: 'true',
      // Many sign-ins from one address within a minute: the throttle is not what this spec tests.
      SIGN_IN_RATE_PER_MINUTE: '500',
    });
    ({ system, browser, origin } = web);
  });
  afterAll(async () => {
    await web?.stop();
  });

  /** A fresh browser (no session) at the sign-in form, the user name and password submitted. */
  async function freshSignIn(username: string, password: string): Promise<Page> {
    const page = await newPage(browser);
    await page.goto(origin);
    await signInThroughForm(page, username, password);
    return page;
  }

  /** A screen as the user sees it from the top (a dialog over the page), saved and checked by axe. */
  async function look(page: Page, name: string): Promise<void> {
    await page.evaluate('window.scrollTo(0, 0)');
    await screenshot(page, name);
    await expectNoViolations(page, name);
  }

  const row = (page: Page, text: string | RegExp): Locator => page.getByRole('row', { name: text });
  const oneTimePassword = async (scope: Locator) => (await scope.getByTestId('one-time-password').textContent())!.trim();

  it(
    'the administrator opens units and centres, filters by kind, edits a centre’s deadlines and services, creates a centre',
    async () => {
      admin = await newPage(browser);
      await signInWithCode(web, admin, 'admin');
      await admin.getByRole('button', { name: 'الوحدات والمراكز' }).click();
      await admin.getByRole('heading', { name: 'الوحدات والمراكز' }).waitFor();
      const aman = row(admin, /AMAN-CPD/);
      await aman.waitFor();
      expect(await aman.textContent()).toContain('حرجة 4 · عالية 24 · متوسطة 48 · منخفضة 72');
      expect(await row(admin, /CPD-RAYYAN/).textContent()).toContain('قسم الشرطة المجتمعية - الريان');
      await look(admin, 'admin-units.ar');

      await admin.getByRole('combobox', { name: 'النوع' }).click();
      await admin.getByRole('option', { name: 'مركز شريك' }).click();
      await admin.waitForURL(`${origin}/admin/units?kind=partner_centre`);
      await row(admin, /CPD-RAYYAN/).waitFor({ state: 'detached' });
      expect(await row(admin, /WIFAQ-CPD/).count()).toBe(1);

      await aman.getByRole('button', { name: 'تعديل' }).click();
      const edit = admin.getByRole('dialog', { name: 'تعديل الوحدة' });
      await edit.waitFor();
      expect(await edit.getByLabel('الحماية').isChecked()).toBe(true);
      expect(await edit.getByLabel('وساطة').isChecked()).toBe(false);
      await look(admin, 'admin-unit-edit.ar');
      const deadlines = edit.getByRole('group', { name: 'مهلة قبول الإحالة (ساعات عمل)' });
      await edit.getByRole('button', { name: 'حفظ' }).scrollIntoViewIfNeeded();
      await screenshot(admin, 'admin-unit-edit-bottom.ar');
      // Three of four deadlines is refused before anything is sent.
      await deadlines.getByLabel('حرجة').fill('');
      await edit.getByRole('alert').getByText('املأ المهل الأربع أو اتركها كلها فارغة.').waitFor();
      expect(await edit.getByRole('button', { name: 'حفظ' }).isDisabled()).toBe(true);
      await deadlines.getByLabel('حرجة').fill('2');
      await deadlines.getByLabel('عالية').fill('12');
      await edit.getByLabel('وساطة').check();
      await edit.getByRole('button', { name: 'حفظ' }).click();
      await admin.getByRole('status').getByText('حُفظت الوحدة AMAN-CPD.').waitFor();
      expect(await aman.textContent()).toContain('حرجة 2 · عالية 12 · متوسطة 48 · منخفضة 72');
      const [stored] = await system.database.asSuperuser<{ acceptance_hours: object; services: string[]; version: number }>(
        `SELECT acceptance_hours, services, version FROM unit WHERE code = 'AMAN-CPD'`,
      );
      expect(stored.acceptance_hours).toEqual({ low: 72, medium: 48, high: 12, critical: 2 });
      expect(stored.services).toEqual(expect.arrayContaining(['protection', 'mediation']));
      expect(stored.version).toBe(2);

      await admin.getByRole('button', { name: 'وحدة أو مركز جديد' }).click();
      const create = admin.getByRole('dialog', { name: 'وحدة أو مركز جديد' });
      await create.getByRole('combobox', { name: /^النوع/ }).click();
      await admin.getByRole('option', { name: 'مركز شريك' }).click();
      await create.getByLabel(/^الرمز/).fill('aman-cpd');
      await create.getByLabel(/^الاسم بالعربية/).fill('مركز النور للإرشاد');
      await create.getByLabel(/^الاسم بالإنجليزية/).fill('Al Noor Counselling Centre');
      await create.getByLabel('إرشاد أسري').check();
      await create.getByLabel('نزاع أسري').check();
      for (const [urgency, hours] of [
        ['حرجة', '8'],
        ['عالية', '24'],
        ['متوسطة', '48'],
        ['منخفضة', '96'],
      ]) {
        await create.getByRole('group', { name: 'مهلة قبول الإحالة (ساعات عمل)' }).getByLabel(urgency).fill(hours);
      }
      await look(admin, 'admin-unit-new.ar');
      // The code is typed in capitals; one that is taken is the API's error, in Arabic.
      expect(await create.getByLabel(/^الرمز/).inputValue()).toBe('AMAN-CPD');
      await create.getByRole('button', { name: 'أنشئ' }).click();
      await create.getByRole('alert').getByText('رمز الوحدة مستخدم.').waitFor();
      await create.getByLabel(/^الرمز/).fill('NOOR-CPD');
      await create.getByRole('button', { name: 'أنشئ' }).click();
      await admin.getByRole('status').getByText('أُنشئت الوحدة NOOR-CPD.').waitFor();
      expect(await row(admin, /NOOR-CPD/).textContent()).toContain('مركز النور للإرشاد');
      expect(await row(admin, /NOOR-CPD/).textContent()).toContain('حرجة 8 · عالية 24 · متوسطة 48 · منخفضة 96');
    },
    STORY,
  );

  let ranaSecret: string;

  it(
    'the administrator creates a desk officer (the temporary password shown once), who enrols a second factor and then chooses her own password',
    async () => {
      await admin.goto(`${origin}/admin/users`);
      await admin.getByRole('heading', { name: 'المستخدمون' }).waitFor();
      await admin.getByText('لا توجد طلبات بانتظار الموافقة.').waitFor();
      await row(admin, /supervisor\.wakra/).waitFor();
      expect(await row(admin, /^admin\b/).textContent()).toContain('أنت');
      await look(admin, 'admin-users.ar');

      await admin.getByRole('button', { name: 'مستخدم جديد' }).click();
      const dialog = admin.getByRole('dialog', { name: 'مستخدم جديد' });
      await dialog.getByLabel(/^اسم المستخدم/).fill(RANA);
      await dialog.getByLabel(/^الاسم المعروض/).fill('رنا (ضابطة مكتب جديدة)');
      await dialog.getByRole('combobox', { name: /^الوحدة/ }).click();
      await admin.getByRole('option', { name: /الريان/ }).click();
      // Only the roles of a police unit are offered.
      await dialog.getByLabel('ضابط مكتب').waitFor();
      expect(await dialog.getByLabel('مشرف').count()).toBe(1);
      expect(await dialog.getByLabel('مرشد').count()).toBe(0);
      await dialog.getByLabel('ضابط مكتب').check();
      await look(admin, 'admin-user-new.ar');
      await dialog.getByRole('button', { name: 'أنشئ المستخدم' }).click();
      await dialog.getByRole('status').getByText(`أُنشئ الحساب ${RANA}.`).waitFor();
      const temporary = await oneTimePassword(dialog);
      expect(temporary).toMatch(TEMPORARY);
      await look(admin, 'admin-user-created.ar');
      await dialog.getByRole('button', { name: 'أبلغته، أخفِها' }).click();
      await dialog.waitFor({ state: 'detached' });
      const rana = row(admin, new RegExp(RANA.replace('.', '\\.')));
      expect(await rana.textContent()).toContain('كلمة مرور مؤقتة');
      // Shown once: nowhere on the page now, nor in the account's dialog.
      await rana.getByRole('button', { name: 'إدارة' }).click();
      await admin.getByRole('dialog', { name: 'إدارة الحساب' }).waitFor();
      expect(await admin.getByText(temporary).count()).toBe(0);
      await admin.getByRole('button', { name: 'إغلاق' }).click();

      // The second factor first (the API takes a new password only once signed in), then her own password.
      const page = await freshSignIn(RANA, temporary);
      await page.getByRole('heading', { name: 'فعّل التحقق الثنائي' }).waitFor();
      ranaSecret = (await page.locator('code').first().textContent())!.trim();
      await page.getByLabel('الرمز').fill(totpAt(ranaSecret, system.clock));
      await page.getByRole('button', { name: 'فعّل' }).click();
      await page.getByRole('heading', { name: 'رموز الاسترداد' }).waitFor();
      await page.getByRole('button', { name: 'حفظتها، تابع' }).click();
      await page.getByRole('heading', { name: 'غيّر كلمة المرور المؤقتة' }).waitFor();
      await page.getByLabel(/^كلمة المرور الجديدة/).fill(RANA_OWN_PASSWORD);
      await page.getByLabel('أعد كتابة كلمة المرور الجديدة').fill(RANA_OWN_PASSWORD);
      await page.getByRole('button', { name: 'غيّر كلمة المرور' }).click();
      await page.getByRole('heading', { name: /مرحباً، رنا/ }).waitFor();
      expect(await page.getByText('ضابط مكتب').count()).toBeGreaterThan(0);
      system.clock.advance(30_000);
      await page.context().close();
    },
    STORY,
  );

  it(
    'disables the desk officer (confirmed first; she cannot sign in), enables, unlocks after failed sign-ins, resets the password (shown once)',
    async () => {
      await admin.reload();
      const rana = row(admin, new RegExp(RANA.replace('.', '\\.')));
      await rana.waitFor();
      expect(await rana.textContent()).not.toContain('كلمة مرور مؤقتة');
      await rana.getByRole('button', { name: 'إدارة' }).click();
      const dialog = admin.getByRole('dialog', { name: 'إدارة الحساب' });
      await dialog.waitFor();
      await look(admin, 'admin-user-manage.ar');

      await dialog.getByRole('button', { name: 'عطّل الحساب' }).click();
      const confirm = dialog.getByRole('alertdialog', { name: 'عطّل الحساب' });
      expect(await confirm.textContent()).toContain(`لن يتمكن ${RANA} من الدخول`);
      await look(admin, 'admin-user-disable.ar');
      await confirm.getByRole('button', { name: 'نعم، عطّل الحساب' }).click();
      await dialog.getByRole('status').getByText('عُطّل الحساب وانتهت جلساته.').waitFor();
      await dialog.getByText('معطّل', { exact: true }).waitFor();
      const refused = await freshSignIn(RANA, RANA_OWN_PASSWORD);
      await refused.getByRole('alert').getByText(INVALID_CREDENTIALS).waitFor();
      await refused.context().close();

      await dialog.getByRole('button', { name: 'فعّل الحساب' }).click();
      await dialog.getByRole('status').getByText('فُعّل الحساب.').waitFor();
      const welcomed = await freshSignIn(RANA, RANA_OWN_PASSWORD);
      // The password is accepted again: the second step is next.
      await welcomed.getByRole('heading', { name: 'التحقق الثنائي' }).waitFor();
      await welcomed.context().close();

      for (let attempt = 0; attempt < 5; attempt += 1) {
        await system.api.http().post('/api/v1/auth/sign-in').send({ username: RANA, password: 'not her password at all' }).expect(401);
      }
      await admin.getByRole('button', { name: 'إغلاق' }).click();
      await admin.reload();
      await row(admin, new RegExp(RANA.replace('.', '\\.')))
        .getByText('مقفل')
        .waitFor();
      await rana.getByRole('button', { name: 'إدارة' }).click();
      await dialog.getByRole('button', { name: 'افتح القفل' }).click();
      await dialog.getByRole('status').getByText('فُتح القفل ونُسيت محاولات الدخول الفاشلة.').waitFor();
      expect(await dialog.getByText('مقفل', { exact: true }).count()).toBe(0);
      expect(await dialog.getByRole('button', { name: 'افتح القفل' }).count()).toBe(0);

      await dialog.getByRole('button', { name: 'أعد تعيين كلمة المرور' }).click();
      await dialog.getByRole('alertdialog').getByRole('button', { name: 'نعم، أعد التعيين' }).click();
      await dialog.getByRole('status').getByText('أعيد تعيين كلمة المرور وانتهت جلسات المستخدم.').waitFor();
      const reset = await oneTimePassword(dialog);
      expect(reset).toMatch(TEMPORARY);
      await look(admin, 'admin-user-reset.ar');
      await dialog.getByRole('button', { name: 'أبلغته، أخفِها' }).click();
      expect(await admin.getByText(reset).count()).toBe(0);
      await admin.getByRole('button', { name: 'إغلاق' }).click();

      const old = await freshSignIn(RANA, RANA_OWN_PASSWORD);
      await old.getByRole('alert').getByText(INVALID_CREDENTIALS).waitFor();
      await old.context().close();
      const renewed = await freshSignIn(RANA, reset);
      await renewed.getByRole('heading', { name: 'التحقق الثنائي' }).waitFor();
      await renewed.getByLabel('الرمز').fill(totpAt(ranaSecret, system.clock));
      await renewed.getByRole('button', { name: 'تحقق' }).click();
      await renewed.getByRole('heading', { name: 'غيّر كلمة المرور المؤقتة' }).waitFor();
      await renewed.context().close();
    },
    STORY,
  );

  it(
    'a new auditor waits for a second administrator: the requester sees it pending with their part; the second approves with theirs',
    async () => {
      await admin.getByRole('button', { name: 'مستخدم جديد' }).click();
      const dialog = admin.getByRole('dialog', { name: 'مستخدم جديد' });
      await dialog.getByLabel(/^اسم المستخدم/).fill('huda.audit');
      await dialog.getByLabel(/^الاسم المعروض/).fill('هدى (مدققة جديدة)');
      await dialog.getByRole('combobox', { name: /^الوحدة/ }).click();
      await admin.getByRole('option', { name: /التدقيق/ }).click();
      await dialog.getByLabel('مدقق').check();
      await dialog.getByText('منح دور المدقق أو مسؤول النظام ينتظر موافقة مسؤول ثانٍ.').waitFor();
      await dialog.getByRole('button', { name: 'أنشئ المستخدم' }).click();
      await dialog.getByRole('status').getByText('لم يُطبّق التغيير بعد: أُرسل طلب ينتظر موافقة مسؤول ثانٍ.').waitFor();
      await dialog.getByRole('heading', { name: 'جزؤك من كلمة المرور المؤقتة' }).waitFor();
      const firstPart = await oneTimePassword(dialog);
      await look(admin, 'admin-user-awaiting.ar');
      await dialog.getByRole('button', { name: 'أبلغته، أخفِها' }).click();
      const request = admin.locator('.mantine-Paper-root', { hasText: 'إنشاء حساب: huda.audit' });
      await request.getByText('طلبك: يوافق عليه مسؤول آخر.').waitFor();
      expect(await request.getByRole('button', { name: 'وافق' }).count()).toBe(0);
      expect(await request.getByRole('button', { name: 'اسحب الطلب' }).count()).toBe(1);
      expect(await row(admin, /huda\.audit/).count()).toBe(0);
      await look(admin, 'admin-approvals.ar');

      const second = await newPage(browser);
      await signInWithCode(web, second, 'admin2');
      await second.getByRole('button', { name: 'المستخدمون' }).click();
      const pending = second.locator('.mantine-Paper-root', { hasText: 'إنشاء حساب: huda.audit' });
      await pending.getByText(/قدّمه: admin/).waitFor();
      await pending.getByRole('button', { name: 'وافق' }).click();
      await pending.getByRole('status').getByText('وافقت على الطلب وطُبّق التغيير.').waitFor();
      const secondPart = await oneTimePassword(pending);
      expect([firstPart, secondPart].every((part) => TEMPORARY.test(part))).toBe(true);
      await row(second, /huda\.audit/).waitFor();
      await look(second, 'admin-approved.ar');
      await second.context().close();

      // Neither administrator's part alone; the two together, the requester's first.
      const alone = await freshSignIn('huda.audit', secondPart);
      await alone.getByRole('alert').getByText(INVALID_CREDENTIALS).waitFor();
      await alone.context().close();
      const auditor = await freshSignIn('huda.audit', firstPart + secondPart);
      await auditor.getByRole('heading', { name: 'فعّل التحقق الثنائي' }).waitFor();
      await auditor.context().close();
    },
    STORY,
  );

  it(
    'the same screens in English (left to right)',
    async () => {
      await admin.goto(`${origin}/admin/users`);
      await admin.getByRole('button', { name: /English/ }).click();
      await admin.getByRole('heading', { name: 'Users' }).waitFor();
      expect(await admin.locator('html').getAttribute('dir')).toBe('ltr');
      await row(admin, /huda\.audit/).waitFor();
      expect(await row(admin, /huda\.audit/).textContent()).toContain('Auditor');
      await look(admin, 'admin-users.en');

      await admin.getByRole('button', { name: 'New user' }).click();
      const create = admin.getByRole('dialog', { name: 'New user' });
      await create.getByRole('combobox', { name: /^Unit/ }).click();
      await admin.getByRole('option', { name: /Aman/ }).click();
      await create.getByLabel('Counsellor').waitFor();
      expect(await create.getByLabel('Desk officer').count()).toBe(0);
      await look(admin, 'admin-user-new.en');
      await create.getByRole('button', { name: 'Cancel' }).click();

      await row(admin, new RegExp(RANA.replace('.', '\\.')))
        .getByRole('button', { name: 'Manage' })
        .click();
      const manage = admin.getByRole('dialog', { name: 'Manage the account' });
      await manage.getByRole('button', { name: 'Disable the account' }).click();
      await manage.getByRole('alertdialog', { name: 'Disable the account' }).waitFor();
      await look(admin, 'admin-user-manage.en');
      await manage.getByRole('button', { name: 'Cancel' }).click();
      await admin.getByRole('button', { name: 'Close' }).click();

      await admin.goto(`${origin}/admin/units`);
      await admin.getByRole('heading', { name: 'Units and centres' }).waitFor();
      expect(await row(admin, /AMAN-CPD/).textContent()).toContain('Critical 2 · High 12 · Medium 48 · Low 72');
      await look(admin, 'admin-units.en');
      await row(admin, /WIFAQ-CPD/)
        .getByRole('button', { name: 'Edit' })
        .click();
      await admin.getByRole('dialog', { name: 'Edit the unit' }).getByLabel('Mediation').waitFor();
      await look(admin, 'admin-unit-edit.en');
      await admin.context().close();
    },
    STORY,
  );

  it('the administrator keeps the holiday calendar: adds a day, is told when it is there already, removes it (Arabic, then English)', async () => {
    const page = await newPage(browser);
    page.on('dialog', (dialog) => void dialog.accept());
    await signInWithCode(web, page, 'admin');
    await page.getByRole('button', { name: 'العطلات الرسمية' }).click();
    await page.getByRole('heading', { name: 'العطلات الرسمية' }).waitFor();
    await page.getByText('لا توجد أيام في التقويم.').waitFor();
    const fill = async (day: string) => {
      await page.getByLabel(/^(اليوم|Day)/).fill(day);
      await page.getByLabel(/^(الاسم بالعربية|Name in Arabic)/).fill('اليوم الوطني');
      await page.getByLabel(/^(الاسم بالإنجليزية|Name in English)/).fill('National Day');
    };
    await fill('2026-12-18');
    await page.getByRole('button', { name: 'أضف اليوم' }).click();
    await row(page, /2026-12-18/).waitFor();
    expect(await row(page, /2026-12-18/).textContent()).toContain('اليوم الوطني');
    await look(page, 'admin-holidays.ar');

    await fill('2026-12-18');
    await page.getByRole('button', { name: 'أضف اليوم' }).click();
    await page.getByText('هذا اليوم في التقويم من قبل.').first().waitFor();
    expect(await system.database.asSuperuser<{ n: number }>('SELECT count(*)::int AS n FROM office_holiday')).toEqual([{ n: 1 }]);

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Public holidays' }).waitFor();
    await row(page, /National Day/).waitFor();
    await look(page, 'admin-holidays.en');
    await row(page, /2026-12-18/)
      .getByRole('button', { name: 'Remove' })
      .click();
    await page.getByText('No day is in the calendar.').waitFor();
    expect(await system.database.asSuperuser<{ n: number }>('SELECT count(*)::int AS n FROM office_holiday')).toEqual([{ n: 0 }]);
    await page.context().close();
  });
});
