import type { MeExport } from '@app/contracts';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Page } from 'playwright-core';
import { fitsWidth, openCohortAsCoordinator, saveScreenshot, useBrowserSuite } from './support/browser';
import { applyMentor, applyStudent, approve, createOpenCohort } from './support/factories';
import { accept, bearer } from './support/rounds';
import { ARTIFACTS, TestSystem } from './support/system';

/**
 * DESIGN §10 on the personal page at 360 px: 我的数据 says what is kept and for how long, 导出我的数据 downloads the
 * applicant's JSON, and 删除我的数据 asks first (cancelling sends nothing), then erases: the page says so and the
 * link stops working. Also the consent text on the form, and the console's 审计日志 tab at 1280 px.
 */
describe('personal data in the browser', () => {
  const suite = useBrowserSuite('web-privacy');
  let system: TestSystem;
  let page: Page;
  beforeEach(() => ({ system, page } = suite));

  const dialog = (title: string) => page.locator('.van-dialog').filter({ has: page.locator('.van-dialog__header', { hasText: title }) });

  it('exports the applicant\'s data and, once confirmed, erases it on /me', async () => {
    const cohortId = await createOpenCohort(system, { retainDays: 180 });
    const mentor = await applyMentor(system, cohortId, { name: '林海峰', email: 'web.privacy.mentor@shiyou-e2e.example.cn' }, 1);
    await approve(system, cohortId, 'mentor', [mentor.id]);
    const student = await applyStudent(system, cohortId, [mentor.id], { name: '宋雨桐', email: 'web.privacy.student@shiyou-e2e.example.cn', choices: [mentor.id] }, 1);
    await approve(system, cohortId, 'student', [student.id]);
    const matchId = (await system.http().post(`/api/cohorts/${cohortId}/matches`).set(system.coordinator).send({ studentId: student.id, mentorId: mentor.id }).expect(201)).body.id;
    await accept(system, mentor, matchId).expect(200);

    await page.goto(`${system.apiUrl}/me#token=${student.accessToken}`);
    await page.locator('.me-page[aria-busy="false"][data-loaded]').waitFor();
    const section = page.locator('#privacy');
    await section.scrollIntoViewIfNeeded();
    await expect(section.textContent()).resolves.toContain('保存期限（180 天）');
    for (const id of ['#export-button', '#erase-button']) expect((await page.locator(id).boundingBox())!.height).toBeGreaterThanOrEqual(44);
    expect(await fitsWidth(page)).toBe(true);
    await saveScreenshot(page, 'privacy-me-section');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出我的数据' }).click()]);
    expect(download.suggestedFilename()).toBe(`我的数据-${student.id}.json`);
    const exported = JSON.parse(await readFile(await download.path(), 'utf8')) as MeExport;
    expect(exported).toMatchObject({ role: 'student', application: { id: student.id, name: '宋雨桐' }, matches: [{ id: matchId, partner: { role: 'mentor', id: mentor.id } }] });
    expect(JSON.stringify(exported)).not.toContain('林海峰');
    await page.locator('[data-privacy-message]', { hasText: '已下载您的数据' }).waitFor();

    // Cancelling the dialog erases nothing.
    const writes: string[] = [];
    page.on('request', (request) => { if (request.method() === 'POST') writes.push(new URL(request.url()).pathname); });
    await page.getByRole('button', { name: '删除我的数据' }).click();
    const erasing = dialog('确定删除您的数据吗？');
    await expect(erasing.textContent()).resolves.toContain('此操作无法恢复');
    // The dialog as the person sees it: the viewport, its opening transition run to the end.
    await page.screenshot({ path: join(ARTIFACTS, 'screenshots', 'privacy-me-erase-dialog.png'), animations: 'disabled' });
    await erasing.getByRole('button', { name: '暂不删除' }).click();
    await erasing.waitFor({ state: 'hidden' });
    expect(writes).toEqual([]);
    await system.http().get('/api/me').set(bearer(student)).expect(200);

    await page.getByRole('button', { name: '删除我的数据' }).click();
    await erasing.getByRole('button', { name: '确认删除' }).click();
    await page.locator('[data-state="erased"]', { hasText: '您的数据已删除' }).waitFor();
    expect(writes).toEqual(['/api/me/erase']);
    expect(await fitsWidth(page)).toBe(true);
    await saveScreenshot(page, 'privacy-me-erased');
    await system.http().get('/api/me').set(bearer(student)).expect(401);
    const [row] = await system.db.dataSource.query('SELECT name, email, status FROM student_applications WHERE id = ?', [student.id]);
    expect(row).toEqual({ name: '宋*', email: `student-${student.id}@anonymised.invalid`, status: 'withdrawn' });

    // Opened again, the link says it does not work, as any dead link does.
    await page.reload();
    await page.locator('.me-page', { hasText: '链接已失效或不正确' }).waitFor();
  });

  it('shows the consent text of the version the form sends', async () => {
    const cohortId = await createOpenCohort(system);
    await page.goto(`${system.apiUrl}/cohorts/${cohortId}/apply/mentor`);
    const text = page.locator('[data-consent-text]');
    await text.waitFor();
    await expect(text.getAttribute('data-consent-version')).resolves.toBe('2026-12');
    await expect(text.textContent()).resolves.toContain('导出或删除我的数据');
    await text.scrollIntoViewIfNeeded();
    expect(await fitsWidth(page)).toBe(true);
    await saveScreenshot(page, 'privacy-consent-text');
  });

  it('lists the cohort\'s audit in the console, newest first', async () => {
    const cohortId = await createOpenCohort(system, { name: '第12期 审计页面' });
    await system.http().patch(`/api/cohorts/${cohortId}`).set(system.coordinator).send({ maxChoices: 6 }).expect(200);
    const context = await suite.browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    const desk = await context.newPage();
    try {
      await openCohortAsCoordinator(desk, system.apiUrl, cohortId, '审计日志');
      const rows = desk.locator('[data-tab="audit"] .audit-row');
      await expect(rows.count()).resolves.toBe(3);
      await expect(desk.locator('[data-tab="audit"] [data-action]').allTextContents()).resolves.toEqual(['修改期次设置', '开放报名', '创建期次']);
      await saveScreenshot(desk, 'privacy-console-audit');
    } finally {
      await context.close();
    }
  });
});
