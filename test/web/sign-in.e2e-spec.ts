import type { Browser } from 'playwright-core';
import type { DemoApi } from '../support/demo-api';
import { signInAs, totpAt } from '../support/identity-fixtures';
import { expectNoViolations, newPage as openPage, screenshot, signInThroughForm, startWebSystem, WebSystem } from './browser';

/**
 * The web app served by the api on the same origin, in Debian's Chromium: Arabic first (right to left),
 * English on a switch that keeps the page, sign-in with the second factor, each role's home, sign-out,
 * a not-found page; axe finds no serious or critical violation on any screen in either language.
 */
describe('the web app: sign-in and homes in Arabic and English (Chromium, real api and PostgreSQL)', () => {
  let web: WebSystem;
  let system: DemoApi;
  let browser: Browser;
  let origin: string;

  beforeAll(async () => {
    web = await startWebSystem();
    ({ system, browser, origin } = web);
  });
  afterAll(async () => {
    await web?.stop();
  });

  const newPage = () => openPage(browser);
  const signIn = signInThroughForm;

  it('serves the app with a Content-Security-Policy that allows no inline script', async () => {
    const response = await fetch(`${origin}/`, { headers: { Accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<div id="root">');
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(/script-src 'self'/);
    expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
    // An API client asking for an unknown path still gets the JSON 404.
    const api = await fetch(`${origin}/api/v1/nowhere`, { headers: { Accept: 'text/html' } });
    expect([api.status, ((await api.json()) as { code: string }).code]).toEqual([404, 'ROUTE_NOT_FOUND']);
  });

  it('a desk officer signs in in Arabic (right to left), lands on their home, switches to English on the same page, signs out', async () => {
    const page = await newPage();
    await page.goto(origin);
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.getByRole('heading', { name: 'تسجيل الدخول' }).waitFor();
    await screenshot(page, 'sign-in.ar');
    await expectNoViolations(page, 'sign-in ar');

    await signIn(page, 'officer', 'wrong password, surely');
    await page.getByRole('alert').getByText('اسم المستخدم أو كلمة المرور غير صحيحة.').waitFor();
    await screenshot(page, 'sign-in-error.ar');

    await signIn(page, 'officer', system.demo.officer.password);
    await page.getByRole('heading', { name: /مرحباً/ }).waitFor();
    expect(await page.getByText('ضابط مكتب').count()).toBeGreaterThan(0);
    expect(page.url()).toBe(`${origin}/`);
    await screenshot(page, 'home-desk-officer.ar');
    await expectNoViolations(page, 'home ar');

    await page.getByRole('button', { name: /English/ }).click();
    await page.getByRole('heading', { name: /Welcome/ }).waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('ltr');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await screenshot(page, 'home-desk-officer.en');
    await expectNoViolations(page, 'home en');

    await page.goto(`${origin}/no-such-page`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await screenshot(page, 'not-found.en');
    await expectNoViolations(page, 'not found en');

    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await screenshot(page, 'sign-in.en');
    await expectNoViolations(page, 'sign-in en');
    await page.context().close();
  });

  it('a supervisor passes the second factor and lands on the supervisor’s home, in Arabic', async () => {
    const page = await newPage();
    await page.goto(origin);
    await signIn(page, 'supervisor', system.demo.supervisor.password);
    await page.getByRole('heading', { name: 'التحقق الثنائي' }).waitFor();
    await screenshot(page, 'second-factor.ar');
    await expectNoViolations(page, 'second factor ar');
    await page.getByLabel('الرمز').fill(totpAt(system.demo.supervisor.totpSecret!, system.clock));
    await page.getByRole('button', { name: 'تحقق' }).click();
    await page.getByRole('heading', { name: /مرحباً/ }).waitFor();
    expect(await page.getByText('قضايا الوحدة وطلبات الأساس القانوني بانتظار قرارك.').count()).toBe(1);
    await screenshot(page, 'home-supervisor.ar');
    // No personal data in the page title or the URL.
    expect(await page.title()).toBe('مكتب الإحالة المجتمعي');
    expect(page.url()).toBe(`${origin}/`);
    await page.context().close();
  });

  it('a new user signs in with the temporary password an administrator gave, and must choose their own first', async () => {
    const admin = await signInAs(system.api, system.demo.admin);
    const temporary = 'Temporary-Passphrase-For-Rana-7';
    await admin
      .post('/api/v1/admin/users', {
        username: 'rana.new',
        displayName: 'Rana (new officer)',
        unitId: system.unitIds['CPD-RAYYAN'],
        roles: ['desk_officer'],
        temporaryPassword: temporary,
      })
      .expect(201);
    const page = await newPage();
    await page.goto(origin);
    await signIn(page, 'rana.new', temporary);
    await page.getByRole('heading', { name: 'غيّر كلمة المرور المؤقتة' }).waitFor();
    await screenshot(page, 'change-password.ar');
    await expectNoViolations(page, 'change password ar');
    await page.getByLabel(/^كلمة المرور الجديدة/).fill('A long passphrase of my own choosing');
    await page.getByLabel('أعد كتابة كلمة المرور الجديدة').fill('A different passphrase entirely');
    await page.getByRole('button', { name: 'غيّر كلمة المرور' }).click();
    await page.getByText('الكلمتان غير متطابقتين.').waitFor();
    await page.getByLabel('أعد كتابة كلمة المرور الجديدة').fill('A long passphrase of my own choosing');
    await page.getByRole('button', { name: 'غيّر كلمة المرور' }).click();
    await page.getByRole('heading', { name: /مرحباً/ }).waitFor();
    expect(await page.getByText('Rana (new officer)').count()).toBe(1);
    await page.context().close();
  });

  it('a supervisor without a second factor enrols on first sign-in: QR code and key, a code, recovery codes shown once', async () => {
    await system.database.asSuperuser(
      `UPDATE app_user SET totp_enabled = false, totp_secret_enc = NULL, totp_last_step = NULL, recovery_code_hashes = '{}' WHERE username = 'supervisor2'`,
    );
    const page = await newPage();
    await page.goto(origin);
    await signIn(page, 'supervisor2', system.demo.supervisor2.password);
    await page.getByRole('heading', { name: 'فعّل التحقق الثنائي' }).waitFor();
    await page.getByRole('img', { name: 'رمز الاستجابة السريعة لتطبيق المصادقة' }).waitFor();
    await screenshot(page, 'enrolment.ar');
    await expectNoViolations(page, 'enrolment ar');
    const secret = (await page.locator('code').first().textContent())!.trim();
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await page.getByLabel('الرمز').fill(totpAt(secret, system.clock));
    await page.getByRole('button', { name: 'فعّل' }).click();
    await page.getByRole('heading', { name: 'رموز الاسترداد' }).waitFor();
    expect(await page.locator('code').count()).toBe(10);
    await screenshot(page, 'recovery-codes.ar');
    await expectNoViolations(page, 'recovery codes ar');
    await page.getByRole('button', { name: 'حفظتها، تابع' }).click();
    await page.getByRole('heading', { name: /مرحباً/ }).waitFor();
    await page.context().close();
  });

  it('warns two minutes before the idle timeout; staying signed in is an action that moves it; idling on ends the session', async () => {
    const page = await newPage();
    await page.clock.install();
    await page.goto(origin);
    await signIn(page, 'officer2', system.demo.officer2.password);
    await page.getByRole('heading', { name: /مرحباً/ }).waitFor();
    // The server's clock moves with the browser's: the session is re-read every minute in the background.
    const wait = async (minutes: number, seconds = 0) => {
      system.clock.advance((minutes * 60 + seconds) * 1000);
      await page.clock.fastForward(minutes * 60_000 + seconds * 1000);
    };
    await wait(27);
    expect(await page.getByRole('dialog').count()).toBe(0);
    await wait(1, 30);
    await page.getByRole('dialog', { name: 'ستنتهي الجلسة قريباً' }).waitFor();
    await screenshot(page, 'idle-warning.ar');
    await expectNoViolations(page, 'idle warning ar');
    await page.getByRole('button', { name: 'ابقَ متصلاً' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await wait(30, 1);
    await page.getByRole('heading', { name: 'تسجيل الدخول' }).waitFor();
    await page.context().close();
  });
});
