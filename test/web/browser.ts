import { mkdirSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { Browser, chromium, Page } from 'playwright-core';

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
export const SCREENSHOTS = path.resolve(__dirname, '../../.artifacts/screenshots');

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

/** A screenshot of the page as it is, for a person to open and look at (not committed). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: 'disabled' });
}

/** Serious and critical accessibility violations on the page (axe), as `rule: targets`. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

/** A fresh browser context (Arabic locale, desktop size) and its page. */
export async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ locale: 'ar', viewport: { width: 1280, height: 800 } });
  return context.newPage();
}

/** Fills the sign-in form (either language) and submits it. */
export async function signInThroughForm(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel(/اسم المستخدم|User name/).fill(username);
  await page.getByLabel(/كلمة المرور|Password/).fill(password);
  await page.getByRole('button', { name: /^(دخول|Sign in)$/ }).click();
}
