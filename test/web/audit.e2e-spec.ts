import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { readWitness, sealAllPending } from '@app/audit';
import { databaseOptions } from '@app/database';
import { eventually, TEST_AUDIT_SEAL_KEY } from '@app/testing';
import type { DemoApi } from '../support/demo-api';
import { openFamilyCase } from '../support/family-case';
import { signInAs } from '../support/identity-fixtures';
import { chooseOption, expectNoViolations, newPage, screenshot, signInWithCode, startWebSystem, WebSystem } from './browser';

/**
 * The auditor's desk and the supervisor's case trail in the browser: the trail and the security events
 * with filters kept in the URL, who searched for a term (never in the URL), and "verify the chain",
 * intact and then, after a superuser edits one sealed event, broken at that event; a supervisor reads
 * the trail of their unit's case, a supervisor of another unit finds nothing of it.
 */
describe('the web app: audit trail, security events and verification (Chromium, real api and PostgreSQL)', () => {
  let web: WebSystem;
  let system: DemoApi;
  let browser: Browser;
  let origin: string;
  let witnessDir: string;
  let witnessFile: string;
  let caseId: string;

  /** Seals every event recorded so far, as the worker would (the test runs no worker), into the witness file. */
  async function sealEverything(): Promise<void> {
    const dataSource = new DataSource(databaseOptions({ url: system.database.workerUrl, poolSize: 1, applicationName: 'test-web-audit-sealer' }));
    await dataSource.initialize();
    try {
      const key = Buffer.from(TEST_AUDIT_SEAL_KEY, 'base64');
      const unsealed = async () =>
        (
          await system.database.asSuperuser<{ n: number }>(
            'SELECT count(*)::int AS n FROM audit_event e WHERE NOT EXISTS (SELECT 1 FROM audit_seal s WHERE s.seq = e.seq)',
          )
        )[0].n;
      // Other test files' open transactions hold the cluster-wide xmin back for a moment: seal until done.
      await eventually(async () => {
        await sealAllPending(dataSource, key, { now: () => system.clock.now(), checkpointFile: witnessFile });
        return (await unsealed()) === 0;
      }, 'every event sealed');
    } finally {
      await dataSource.destroy();
    }
  }

  const rows = (page: Page) => page.locator('tbody tr');

  beforeAll(async () => {
    witnessDir = mkdtempSync(path.join(os.tmpdir(), 'web-audit-witness-'));
    witnessFile = path.join(witnessDir, 'checkpoints.jsonl');
    web = await startWebSystem({ AUDIT_CHECKPOINT_FILE: witnessFile });
    ({ system, browser, origin } = web);
    const officer = await signInAs(system.api, system.demo.officer);
    ({ id: caseId } = await openFamilyCase(officer));
    await officer.get(`/api/v1/cases/${caseId}`).expect(200);
    await officer.post('/api/v1/cases/search', { name: 'Mariam Nasser' }).expect(200);
    await system.api.http().post('/api/v1/auth/sign-in').send({ username: 'officer2', password: 'not the password at all' }).expect(401);
    await sealEverything();
  });
  afterAll(async () => {
    await web?.stop();
    if (witnessDir) rmSync(witnessDir, { recursive: true, force: true });
  });

  it('the auditor filters the trail and the security events (kept in the URL), asks who searched for a name, and verifies the chain: intact, then broken where a superuser edited it', async () => {
    const page = await newPage(browser);
    await signInWithCode(web, page, 'auditor');
    await page.getByRole('button', { name: 'سجل التدقيق' }).click();
    await page.getByRole('heading', { name: 'سجل التدقيق' }).waitFor();
    expect(page.url()).toBe(`${origin}/audit`);
    await rows(page).first().waitFor();
    expect(await rows(page).count()).toBeGreaterThan(5);
    await screenshot(page, 'audit-trail.ar');
    await expectNoViolations(page, 'audit trail ar');

    // The action filter, in the URL: only the case's opening is left, by the officer, and a reload keeps it.
    await chooseOption(page, 'الإجراء', 'فُتحت قضية');
    await page.waitForURL(`${origin}/audit?action=case.created`);
    await rows(page).filter({ hasText: 'أضيف طرف' }).first().waitFor({ state: 'detached' });
    expect(await rows(page).count()).toBe(1);
    await page.reload();
    await rows(page).first().getByText(caseId.slice(0, 8)).waitFor();
    expect(await rows(page).count()).toBe(1);
    expect(await page.getByRole('combobox', { name: 'الإجراء' }).inputValue()).toBe('فُتحت قضية');
    // The actor's id narrows the trail to them (an id in the URL, never a name).
    await rows(page)
      .getByRole('button', { name: /أحداث هذا المنفّذ فقط/ })
      .click();
    await page.waitForURL(`${origin}/audit?action=case.created&actorUserId=${system.userIds.officer}`);
    expect(await rows(page).count()).toBe(1);
    // A day after everything happened (the unit's calendar): nothing.
    await page.getByLabel('من تاريخ').fill('2026-12-02');
    await page.getByText('لا توجد أحداث بهذه المرشحات.').waitFor();
    expect(page.url()).toContain('from=2026-12-02');
    await page.getByRole('button', { name: 'مسح المرشحات' }).click();
    await page.waitForURL(`${origin}/audit`);
    await rows(page).filter({ hasText: 'أضيف طرف' }).first().waitFor();

    // Security events: the failed sign-in, on the account it was aimed at, with where it came from.
    await page.getByRole('tab', { name: 'الأحداث الأمنية' }).click();
    await page.waitForURL(`${origin}/audit?tab=security`);
    await rows(page).first().waitFor();
    expect(await page.getByRole('columnheader', { name: 'عنوان الشبكة' }).count()).toBe(1);
    expect(await rows(page).filter({ hasText: 'فُتحت قضية' }).count()).toBe(0);
    await chooseOption(page, 'الإجراء', 'محاولة دخول فاشلة');
    await page.waitForURL(`${origin}/audit?tab=security&action=sign_in.failed`);
    await rows(page).filter({ hasText: 'تسجيل دخول ناجح' }).first().waitFor({ state: 'detached' });
    expect(await rows(page).count()).toBe(1);
    await rows(page).getByText(system.userIds.officer2.slice(0, 8)).waitFor();
    expect(await rows(page).getByText('فشل', { exact: true }).count()).toBe(1);
    expect(await rows(page).textContent()).toContain('السبب: كلمة مرور خاطئة');
    await screenshot(page, 'audit-security.ar');
    await expectNoViolations(page, 'audit security events ar');

    // Who searched for a name: the officer's search, found by the term's hash; the term is in no URL.
    await page.getByRole('tab', { name: 'من بحث عن…' }).click();
    await page.waitForURL(`${origin}/audit?tab=searches`);
    await chooseOption(page, 'نوع المصطلح', 'اسم');
    await page.getByLabel(/^المصطلح/).fill('Mariam Nasser');
    await page.getByRole('button', { name: 'ابحث' }).click();
    await rows(page).first().waitFor();
    expect(await rows(page).count()).toBe(1);
    expect(await rows(page).getByText('بحث في القضايا').count()).toBe(1);
    expect(page.url()).toBe(`${origin}/audit?tab=searches`);
    await screenshot(page, 'audit-searches.ar');
    await expectNoViolations(page, 'audit searches ar');

    // Verify the chain: intact, every sealed event and every witnessed checkpoint.
    const sealedCount = async () => (await system.database.asSuperuser<{ n: number }>('SELECT count(*)::int AS n FROM audit_seal'))[0].n;
    const sealed = await sealedCount();
    const checkpoints = readWitness(witnessFile).checkpoints.length;
    expect(checkpoints).toBeGreaterThan(0);
    await page.getByRole('tab', { name: 'التحقق من السلسلة' }).click();
    await page.waitForURL(`${origin}/audit?tab=verify`);
    await page.getByRole('button', { name: 'تحقق من السلسلة' }).click();
    const result = page.getByRole('status');
    await result.getByText('السلسلة سليمة').waitFor();
    expect(await result.textContent()).toContain(`الأحداث المختومة التي فُحصت: ${sealed}`);
    expect(await result.textContent()).toContain(`نقاط التحقق المطابقة لملف الشاهد: ${checkpoints}`);
    expect(await result.getByText('أول تسلسل معيب').count()).toBe(0);
    await screenshot(page, 'audit-verify-intact.ar');
    await expectNoViolations(page, 'audit verify intact ar');

    // A superuser edits one sealed event (the case's opening) behind the trail's back.
    const [opened] = await system.database.asSuperuser<{ seq: string }>(`SELECT seq FROM audit_event WHERE action = 'case.created' AND case_id = $1`, [caseId]);
    await system.database.asSuperuser(
      `BEGIN; SET LOCAL session_replication_role = replica; UPDATE audit_event SET outcome = 'failure' WHERE seq = ${Number(opened.seq)}; COMMIT;`,
    );
    await page.getByRole('button', { name: 'تحقق من السلسلة' }).click();
    await result.getByText('السلسلة غير سليمة').waitFor();
    const broken = await result.textContent();
    expect(broken).toContain(`أول تسلسل معيب: ${Number(opened.seq)}`);
    const [seal] = await system.database.asSuperuser<{ index: number }>('SELECT chain_index::int AS index FROM audit_seal WHERE seq = $1', [opened.seq]);
    expect(broken).toContain(`الأحداث المختومة السليمة قبل الخلل: ${seal.index - 1}`);
    expect(broken).toContain('حدث لا يطابق ختمه: عُدّل أو استُبدل أو نُقل.');
    expect(broken).toContain(`event ${Number(opened.seq)} does not match its seal`);
    expect(broken).not.toContain('السلسلة سليمة');
    expect(await sealedCount()).toBe(sealed); // nothing sealed in between: the failure is the edit
    await screenshot(page, 'audit-verify-broken.ar');
    await expectNoViolations(page, 'audit verify broken ar');

    // The same screens in English, on the same page.
    await page.getByRole('button', { name: 'English' }).click();
    await result.getByText('The chain is broken').waitFor();
    expect(await result.textContent()).toContain(`First bad sequence: ${Number(opened.seq)}`);
    await screenshot(page, 'audit-verify-broken.en');
    await expectNoViolations(page, 'audit verify broken en');
    await page.getByRole('tab', { name: 'Security events' }).click();
    await page.getByRole('columnheader', { name: 'Network address' }).waitFor();
    await screenshot(page, 'audit-security.en');
    await expectNoViolations(page, 'audit security events en');
    await page.getByRole('tab', { name: 'Who searched for…' }).click();
    await page.getByRole('button', { name: 'Search' }).waitFor();
    await screenshot(page, 'audit-searches.en');
    await expectNoViolations(page, 'audit searches en');
    await page.getByRole('tab', { name: 'All events' }).click();
    await page.waitForURL(`${origin}/audit`);
    await rows(page).filter({ hasText: 'Case opened' }).first().waitFor();
    await screenshot(page, 'audit-trail.en');
    await expectNoViolations(page, 'audit trail en');
    expect(await page.title()).toBe('Community referral desk');
    await page.context().close();
  });

  it('the supervisor reads their unit’s case trail with names, narrows it by action (in the URL), in Arabic and English', async () => {
    const page = await newPage(browser);
    await signInWithCode(web, page, 'supervisor');
    await page.goto(`${origin}/cases/${caseId}/trail`);
    await page.getByRole('heading', { name: 'سجل تدقيق القضية' }).waitFor();
    await rows(page).filter({ hasText: 'فُتحت قضية' }).first().waitFor();
    expect(await rows(page).filter({ hasText: 'أضيف طرف' }).count()).toBe(1);
    // The names come from the unit's members, read beside the trail: wait for them before counting.
    const byOfficer = rows(page).filter({ hasText: 'Desk Officer, Al Rayyan (demo)' });
    await byOfficer.first().waitFor();
    expect(await byOfficer.count()).toBeGreaterThan(1);
    // Only this case's events: not the officer's sign-in or search.
    expect(
      await rows(page)
        .filter({ hasText: /تسجيل دخول|بحث في القضايا/ })
        .count(),
    ).toBe(0);
    expect(await page.getByRole('link', { name: 'العودة إلى القضية' }).getAttribute('href')).toBe(`/cases/${caseId}`);
    await screenshot(page, 'case-trail.ar');
    await expectNoViolations(page, 'case trail ar');

    await chooseOption(page, 'الإجراء', 'أضيف طرف');
    await page.waitForURL(`${origin}/cases/${caseId}/trail?action=case.subject_added`);
    await rows(page).filter({ hasText: 'فُتحت قضية' }).first().waitFor({ state: 'detached' });
    expect(await rows(page).count()).toBe(1);
    await screenshot(page, 'case-trail-filtered.ar');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'The case’s audit trail' }).waitFor();
    expect(page.url()).toBe(`${origin}/cases/${caseId}/trail?action=case.subject_added`);
    await rows(page).getByText('Subject added').waitFor();
    await screenshot(page, 'case-trail.en');
    await expectNoViolations(page, 'case trail en');
    await page.context().close();
  });

  it('a supervisor of another unit finds nothing of the case: its trail is the not-found page (the api answers an empty page)', async () => {
    const page = await newPage(browser);
    await signInWithCode(web, page, 'supervisor.wakra');
    // The case is not theirs: its trail is the not-found page, as its own page is (the API's trail
    // would be empty for them anyway, row-level security hiding every event).
    await page.goto(`${origin}/cases/${caseId}/trail`);
    await page.getByRole('heading', { name: 'الصفحة غير موجودة' }).waitFor();
    expect(await rows(page).count()).toBe(0);
    const trail = await signInAs(system.api, system.demo['supervisor.wakra']);
    expect((await trail.get(`/api/v1/audit/events?caseId=${caseId}`).expect(200)).body.items).toEqual([]);
    await screenshot(page, 'case-trail-other-unit.ar');
    await expectNoViolations(page, 'case trail other unit ar');
    // The auditor's desk is not theirs: the not-found page.
    await page.goto(`${origin}/audit`);
    await page.getByRole('heading', { name: 'الصفحة غير موجودة' }).waitFor();
    await page.context().close();
  });
});
