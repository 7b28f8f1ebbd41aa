import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { Browser, chromium, Page } from 'playwright-core';
import { ChildApp, PrivateRedis, startChildApp, startPrivateRedis, testEnvironment } from '@app/testing';
import { DemoApi, startDemoApi } from '../support/demo-api';
import { DemoPeople, totpAt } from '../support/identity-fixtures';

/** Debian's Chromium (installed by .ci/run when missing); a browser is never downloaded. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
/** The built app the api serves; TEST_WEB_APP_DIR points a run at a build of its own. */
export const WEB_APP_DIR = process.env.TEST_WEB_APP_DIR ?? path.resolve(__dirname, '../../apps/web/dist');
export const SCREENSHOTS = path.resolve(__dirname, '../../.artifacts/screenshots');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/** A screenshot of the page as it is, for a person to open and look at (not committed). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });
}

/** Serious and critical accessibility violations on the page (axe), as `rule: targets` (AXE_DETAIL=1 adds axe's explanation). */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id}: ${violation.nodes.map((node) => `${node.target.join(' ')}${process.env.AXE_DETAIL ? ` ${node.failureSummary}` : ''}`).join(', ')}`,
    );
}

/** A fresh browser context (Arabic locale, desktop size) and its page. */
export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ locale: 'ar', viewport: { width: 1280, height: 800 } });
  // A missing element fails in 10 s with its locator, well inside the test's own timeout.
  context.setDefaultTimeout(10_000);
  return context.newPage();
}

/** Fills the sign-in form (either language) and submits it. */
export async function signInThroughForm(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel(/اسم المستخدم|User name/).fill(username);
  await page.getByLabel(/كلمة المرور|Password/).fill(password);
  await page.getByRole('button', { name: /^(دخول|Sign in)$/ }).click();
}

export interface WebSystem {
  system: DemoApi;
  browser: Browser;
  /** Where the app is served (the api's own origin). */
  origin: string;
  /** The worker as a child process on a Redis of the test's own, when asked for. */
  worker?: ChildApp;
  stop(): Promise<void>;
}

/**
 * The demo api listening on a free port and serving the built app, and Debian's Chromium; with
 * `worker`, a Redis of the test's own and the real worker beside them (its jobs run, the trail is sealed).
 */
export async function startWebSystem(variables: Record<string, string> = {}, options: { at?: Date; worker?: boolean } = {}): Promise<WebSystem> {
  if (!existsSync(path.join(WEB_APP_DIR, 'index.html'))) throw new Error('apps/web is not built: npm test builds it first (npm run test:web)');
  const redis: PrivateRedis | undefined = options.worker ? await startPrivateRedis() : undefined;
  const shared = { ...(redis ? { REDIS_URL: redis.url } : {}), ...variables };
  const system = await startDemoApi({ WEB_APP_DIR, ...shared }, options.at);
  const worker = redis ? startChildApp('worker', testEnvironment(system.database, 'worker', { AUDIT_SEAL_INTERVAL_SECONDS: '1', ...shared })) : undefined;
  const stopServices = async () => {
    await worker?.stop();
    await system.stop();
    await redis?.destroy();
  };
  try {
    await system.api.app.listen(0, '127.0.0.1');
    const origin = await system.api.app.getUrl();
    const browser = await launchBrowser();
    return {
      system,
      browser,
      origin,
      worker,
      async stop() {
        await browser.close();
        await stopServices();
      },
    };
  } catch (error) {
    await stopServices();
    throw error;
  }
}

/** Fails the test with the screen's name when axe finds a serious or critical violation. */
export async function expectNoViolations(page: Page, screen: string): Promise<void> {
  expect([screen, await seriousViolations(page)]).toEqual([screen, []]);
}

/**
 * Signs in through the form with the code of the seeded TOTP secret at the app's clock, waits for the
 * home, and moves the clock on a time step (a code is single-use, and the next sign-in needs its own).
 */
export async function signInWithCode(web: WebSystem, page: Page, username: keyof DemoPeople): Promise<void> {
  const person = web.system.demo[username];
  await page.goto(web.origin);
  await signInThroughForm(page, username, person.password);
  await page.getByLabel(/^(الرمز|Code)/).fill(totpAt(person.totpSecret!, web.system.clock));
  await page.getByRole('button', { name: /^(تحقق|Verify)$/ }).click();
  await page.getByRole('heading', { name: /مرحباً|Welcome/ }).waitFor();
  web.system.clock.advance(30_000);
}

/** Opens a Mantine Select (role combobox) by its label and picks an option: a string exactly, or a pattern. */
export async function chooseOption(page: Page, label: string | RegExp, option: string | RegExp): Promise<void> {
  await page.getByRole('combobox', { name: label }).first().click();
  await page
    .getByRole('option', { name: option, exact: typeof option === 'string' })
    .first()
    .click();
}
