import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Locator, Page } from 'playwright-core';
import { launchBrowser, openCohort, openCohortAsCoordinator, saveScreenshot, signInAsCoordinator, tabShown, useBrowserSuite } from './support/browser';
import { applyMentor, applyStudent, createOpenCohort, sampleStudent } from './support/factories';
import { COORDINATOR_TOKEN, ROOT, startSystem, TestSystem, waitFor } from './support/system';

const DESKTOP = { width: 1280, height: 900 };

describe('the coordinator console at 1280 px: signing in, cohorts, settings and application review', () => {
  const suite = useBrowserSuite('web-admin');
  let system: TestSystem;
  let page: Page;
  beforeEach(async () => {
    ({ system, page } = suite);
    await page.setViewportSize(DESKTOP);
  });

  const cohortOf = async (cohortId: number) => (await system.http().get(`/api/cohorts/${cohortId}`).set(system.coordinator).expect(200)).body;
  /** The confirmation dialog Element Plus shows for a lifecycle action. */
  const confirmBox = (action: string): Locator => page.locator(`.lifecycle-${action}`);

  it('asks for an email, not a token; says plainly when a link is used up; signs in by link and out again', async () => {
    await page.goto(`${system.apiUrl}/admin`);
    await expect(page.getByLabel('协调员令牌').count()).resolves.toBe(0);
    await page.getByLabel('工作邮箱').fill('nobody@alumni.example.edu');
    await page.getByRole('button', { name: '发送登录链接' }).click();
    await expect(page.locator('[data-link-sent]').textContent()).resolves.toContain('登录链接已发送');

    await page.goto(`${system.apiUrl}/admin/sign-in#token=l_never-minted`);
    await expect(page.locator('[data-sign-in-notice]').textContent()).resolves.toContain('此登录链接已使用或已过期');
    expect(new URL(page.url()).pathname).toBe('/admin');
    await saveScreenshot(page, 'admin-sign-in-used-link');

    await signInAsCoordinator(page, system.apiUrl);
    await page.getByRole('heading', { name: '期次' }).waitFor();
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByLabel('工作邮箱').waitFor();
    await page.reload();
    await page.getByLabel('工作邮箱').waitFor();
  });

  /** The input of a settings field, by the API's field name. */
  const setting = (name: string): Locator => page.locator(`[data-settings] input[name="${name}"], [data-settings] textarea[name="${name}"]`);

  /** An Element Plus switch (its role=switch input is visually hidden; the coordinator clicks the track). */
  const toggle = (name: string): Locator => page.locator('.el-switch', { has: page.getByRole('switch', { name }) });

  async function typeDate(name: string, value: string): Promise<void> {
    await setting(name).click();
    await setting(name).fill(value);
    await setting(name).press('Enter');
    await page.keyboard.press('Escape');
  }

  it('creates a cohort, saves every setting and shows them again after a reload (defect 7)', async () => {
    await signInAsCoordinator(page, system.apiUrl);
    await page.getByRole('button', { name: '新建期次' }).click();
    const dialog = page.getByRole('dialog', { name: '新建期次' });
    await dialog.locator('input[name="name"]').fill('第4期 师友计划');
    await dialog.getByRole('button', { name: '创建' }).click();
    await page.locator('[data-tab="overview"][aria-busy="false"]').waitFor();
    const cohortId = Number(await page.locator('[data-cohort-panel]').getAttribute('data-cohort-panel'));
    await expect(page.locator('[data-cohort-status]').textContent()).resolves.toBe('草稿');

    await setting('description').fill('第4期：面向大三、大四的同学。');
    await typeDate('applicationDeadline', '2027-03-01 23:59');
    await setting('maxChoices').fill('7');
    await setting('responseWindowHours').fill('48');
    await setting('checkInEveryDays').fill('14');
    await toggle('按匹配度补位').click();
    await toggle('自动进行下一轮').click();
    await typeDate('programStartsOn', '2027-03-15');
    await typeDate('programEndsOn', '2027-12-31');
    await page.getByText('本期使用自定义权重').click();
    await setting('weights.city').fill('0.5');
    await page.locator('[data-save-settings]').click();
    await page.getByText('设置已保存。').waitFor();

    await expect(cohortOf(cohortId)).resolves.toMatchObject({
      description: '第4期：面向大三、大四的同学。',
      applicationDeadline: '2027-03-01T15:59:00.000Z', // 23:59 China time
      maxChoices: 7, responseWindowHours: 48, checkInEveryDays: 14, fillWithScores: false, autoRounds: true,
      programStartsOn: '2027-03-15', programEndsOn: '2027-12-31',
      weights: { topics: 0.35, industry: 0.2, affinity: 0.15, city: 0.5, rank: 0.2 },
    });

    await page.reload();
    await page.locator('[data-cohort-list][aria-busy="false"]').waitFor();
    await openCohort(page, cohortId, 'overview');
    await expect(setting('description').inputValue()).resolves.toBe('第4期：面向大三、大四的同学。');
    await expect(setting('applicationDeadline').inputValue()).resolves.toBe('2027-03-01 23:59');
    await expect(setting('maxChoices').inputValue()).resolves.toBe('7');
    await expect(setting('responseWindowHours').inputValue()).resolves.toBe('48');
    await expect(setting('programStartsOn').inputValue()).resolves.toBe('2027-03-15');
    await expect(setting('programEndsOn').inputValue()).resolves.toBe('2027-12-31');
    await expect(setting('weights.city').inputValue()).resolves.toBe('0.50');
    await expect(page.getByRole('switch', { name: '自动进行下一轮' }).getAttribute('aria-checked')).resolves.toBe('true');
    await expect(page.getByText('报名截止：2027-03-01 23:59').count()).resolves.toBe(1);
    await saveScreenshot(page, 'admin-cohort-settings');
  });

  it('asks before closing (cancelling keeps it open), closes on confirming, reopens, and warns that archiving is final (defect 2)', async () => {
    const cohortId = await createOpenCohort(system);
    await openCohortAsCoordinator(page, system.apiUrl, cohortId, 'overview');
    const status = page.locator('[data-cohort-status]');
    await expect(status.textContent()).resolves.toBe('报名中');

    await page.locator('[data-lifecycle="close"]').click();
    await expect(confirmBox('close').textContent()).resolves.toContain('可以重新开放报名');
    await saveScreenshot(page, 'admin-close-asks');
    await confirmBox('close').getByRole('button', { name: '取消' }).click();
    await confirmBox('close').waitFor({ state: 'hidden' });
    await expect(cohortOf(cohortId)).resolves.toMatchObject({ status: 'open' });
    await expect(status.textContent()).resolves.toBe('报名中');

    await page.locator('[data-lifecycle="close"]').click();
    await confirmBox('close').getByRole('button', { name: '截止报名' }).click();
    await page.locator('[data-cohort-status]', { hasText: '已截止' }).waitFor();
    await expect(cohortOf(cohortId)).resolves.toMatchObject({ status: 'closed' });

    await page.locator('[data-lifecycle="reopen"]').click();
    await confirmBox('reopen').getByRole('button', { name: '重新开放' }).click();
    await page.locator('[data-cohort-status]', { hasText: '报名中' }).waitFor();
    await expect(cohortOf(cohortId)).resolves.toMatchObject({ status: 'open' });

    await page.locator('[data-lifecycle="close"]').click();
    await confirmBox('close').getByRole('button', { name: '截止报名' }).click();
    await page.locator('[data-lifecycle="archive"]').click();
    await expect(confirmBox('archive').textContent()).resolves.toContain('无法撤回');
    await confirmBox('archive').getByRole('button', { name: '确认归档' }).click();
    await page.locator('[data-cohort-status]', { hasText: '已归档' }).waitFor();
    await expect(cohortOf(cohortId)).resolves.toMatchObject({ status: 'archived' });
    await expect(page.locator('[data-lifecycle]').count()).resolves.toBe(0);
    await saveScreenshot(page, 'admin-archived');
  });

  it('validates the new settings field by field, refuses applications after the deadline and reopens a closed cohort (API)', async () => {
    const cohortId = await createOpenCohort(system);
    const patch = (body: object) => system.http().patch(`/api/cohorts/${cohortId}`).set(system.coordinator).send(body);
    const bad = await patch({ applicationDeadline: 'soon', programStartsOn: '2027-02-30', programEndsOn: '2027/12/31', checkInEveryDays: -1 }).expect(400);
    expect(bad.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['applicationDeadline', 'checkInEveryDays', 'programEndsOn', 'programStartsOn']);
    const backwards = await patch({ programStartsOn: '2027-03-15', programEndsOn: '2027-03-01' }).expect(400);
    expect(backwards.body.errors).toEqual([{ field: 'programEndsOn', rule: 'min' }]);

    await patch({ applicationDeadline: new Date(Date.now() - 60_000).toISOString() }).expect(200);
    const late = await system.http().post(`/api/cohorts/${cohortId}/student-applications`).send(sampleStudent(0, [])).expect(409);
    expect(late.body.code).toBe('cohort_not_open');
    await patch({ applicationDeadline: null }).expect(200);

    const post = (action: string) => system.http().post(`/api/cohorts/${cohortId}/${action}`).set(system.coordinator);
    await post('reopen').expect(409);
    await post('close').expect(200);
    expect((await post('reopen').expect(200)).body.status).toBe('open');
    await system.http().post(`/api/cohorts/${cohortId}/student-applications`).send(sampleStudent(0, [])).expect(201);
    // No browser page for this one: the screenshot shows the cohort list with its counts.
    await signInAsCoordinator(page, system.apiUrl);
    await saveScreenshot(page, 'admin-cohort-list');
  });

  it("switches the console to English, Element Plus's own words included", async () => {
    const cohortId = await createOpenCohort(system);
    await openCohortAsCoordinator(page, system.apiUrl, cohortId, 'overview');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('tab', { name: 'Overview & settings' }).waitFor();
    await expect(page.locator('[data-lifecycle="close"]').textContent()).resolves.toContain('Close applications');
    await setting('applicationDeadline').click();
    const picker = page.locator('.el-picker-panel:visible');
    await expect(picker.textContent()).resolves.toContain('Now');
    await expect(picker.textContent()).resolves.not.toContain('此刻');
    await saveScreenshot(page, 'admin-english');
  });

  /** The rows of the applications table on screen, by their names. */
  const shownNames = (): Promise<string[]> => page.locator('[data-tab="applications"] .application-row [data-application-id]').allTextContents();

  it('shows the whole application in a drawer, and rejecting asks for a reason that is stored (defect 4)', async () => {
    const cohortId = await createOpenCohort(system);
    const mentor = await applyMentor(system, cohortId, { name: '周明远' });
    await system.http().post(`/api/cohorts/${cohortId}/mentor-applications/review`).set(system.coordinator).send({ ids: [mentor.id], decision: 'approved' }).expect(200);
    const student = await applyStudent(system, cohortId, [mentor.id], {
      name: '林小雨', email: 'xiaoyu.lin@stu.example.edu.cn', topics: ['职业规划', '读研深造'], statement: '我希望了解金融行业的真实工作，\n并规划读研方向。',
    });
    await openCohortAsCoordinator(page, system.apiUrl, cohortId, 'applications');

    await page.locator(`[data-application-id="${student.id}"]`).first().click();
    const drawer = page.locator('[data-application-drawer]');
    await expect(drawer.locator('[data-statement]').textContent()).resolves.toBe('我希望了解金融行业的真实工作，\n并规划读研方向。');
    await expect(drawer.locator('[data-topic]').allTextContents()).resolves.toEqual(['职业规划', '读研深造']);
    await expect(drawer.locator('[data-choices] li').allTextContents()).resolves.toEqual(['周明远']);
    await expect(drawer.locator('[data-email]').textContent()).resolves.toBe('xiaoyu.lin@stu.example.edu.cn');
    await expect(drawer.textContent()).resolves.toMatch(/提交时间\d{4}-\d{2}-\d{2} \d{2}:\d{2} 北京时间/);
    await saveScreenshot(page, 'admin-application-drawer');

    await drawer.locator('[data-drawer="reject"]').click();
    const reject = page.locator('[data-reject-dialog]');
    await reject.locator('[data-confirm-reject]').click();
    await reject.getByText('请填写拒绝原因').waitFor();
    await expect(system.http().get(`/api/cohorts/${cohortId}/student-applications`).set(system.coordinator).then((r) => r.body[0].status)).resolves.toBe('submitted');
    await reject.locator('textarea[name="note"]').fill('本期只面向大三以上的同学。');
    await saveScreenshot(page, 'admin-reject-asks-reason');
    await reject.locator('[data-confirm-reject]').click();
    await drawer.locator('[data-review-note]', { hasText: '本期只面向大三以上的同学。' }).waitFor();
    const [stored] = (await system.http().get(`/api/cohorts/${cohortId}/student-applications`).set(system.coordinator).expect(200)).body;
    expect(stored).toMatchObject({ id: student.id, status: 'rejected', reviewNote: '本期只面向大三以上的同学。' });
  });

  it('approves several applications at once after confirming, with counts per status', async () => {
    const cohortId = await createOpenCohort(system);
    const mentors = [await applyMentor(system, cohortId, { name: '师友甲' }, 0), await applyMentor(system, cohortId, { name: '师友乙' }, 1), await applyMentor(system, cohortId, { name: '师友丙' }, 2)];
    await openCohortAsCoordinator(page, system.apiUrl, cohortId, 'applications');
    await page.getByText('师友（3）').click();
    await expect(page.getByText('待审核（3）').count()).resolves.toBe(1);
    for (const mentor of mentors.slice(0, 2)) {
      await page.locator('.application-row', { has: page.locator(`[data-application-id="${mentor.id}"]`) }).locator('.el-checkbox').click();
    }
    await page.locator('[data-bulk="approve"]').click();
    await page.locator('.approve-confirm').getByRole('button', { name: '批准' }).click();
    await page.getByText('已通过（2）').waitFor();
    await tabShown(page, 'applications');
    await expect(shownNames()).resolves.toEqual(['师友丙']);
    const statuses = (await system.http().get(`/api/cohorts/${cohortId}/mentor-applications`).set(system.coordinator).expect(200)).body.map((row: { status: string }) => row.status);
    expect(statuses).toEqual(['approved', 'approved', 'submitted']);
    await saveScreenshot(page, 'admin-bulk-approve');
  });

  it('searches, sorts and pages the applications table, and prints it whole without navigation or buttons (defect 8)', async () => {
    const cohortId = await createOpenCohort(system);
    const surnames = '赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔';
    for (let index = 0; index < 25; index += 1) await applyStudent(system, cohortId, [], { name: `${surnames[index]}同学` }, index);
    await openCohortAsCoordinator(page, system.apiUrl, cohortId, 'applications');
    const tab = page.locator('[data-tab="applications"]');
    await expect(shownNames()).resolves.toHaveLength(20);
    await expect(tab.locator('.el-pagination__total').textContent()).resolves.toContain('25');

    await tab.locator('.el-pager li', { hasText: '2' }).click();
    await waitFor('the second page of 5', async () => (await shownNames()).length === 5);

    await tab.getByRole('textbox', { name: '搜索姓名、邮箱、学号、单位、话题…' }).fill('周同学');
    await waitFor('the one found', async () => (await shownNames()).join() === '周同学');
    await tab.getByRole('textbox', { name: '搜索姓名、邮箱、学号、单位、话题…' }).fill('');

    await tab.locator('th', { hasText: '#' }).locator('.caret-wrapper .ascending').click();
    await waitFor('the oldest first', async () => (await shownNames())[0] === '赵同学');
    await tab.locator('th', { hasText: '#' }).locator('.caret-wrapper .descending').click();
    await waitFor('the newest first', async () => (await shownNames())[0] === '孔同学');
    await saveScreenshot(page, 'admin-applications-table');

    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.console-header').isVisible()).resolves.toBe(false);
    await expect(tab.locator('.el-pagination').isVisible()).resolves.toBe(false);
    await expect(page.locator('.el-button:visible').count()).resolves.toBe(0);
    // The whole table prints, not just the page on screen; the cohort list above the panel does not.
    await waitFor('every row printed', async () => (await shownNames()).length === 25);
    await expect(page.locator('[data-cohort-list]').isVisible()).resolves.toBe(false);
    await saveScreenshot(page, 'admin-print');
  });
});

describe('the demo (npm run demo)', () => {
  let system: TestSystem;
  // Its own database: the seed adds the sample cohort only to an empty one.
  beforeAll(async () => { system = await startSystem({ name: 'web-admin-demo' }); });
  afterAll(async () => { await system?.stop(); });

  it("prints the sample cohort's real name, not `Cohort 1`, and the console lists it (defect 14)", async () => {
    const { stdout } = await promisify(execFile)(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'scripts/demo-seed.ts'), system.apiUrl, COORDINATOR_TOKEN], { cwd: ROOT });
    expect(stdout).toContain('第3期 师友计划 (#');
    expect(stdout).toContain('第3期 师友计划, round 1:');
    expect(stdout).not.toMatch(/Cohort \d/);
    const [, accepted, met] = /(\d+) of \d+ mentors accepted; (\d+) pairs set goals and logged a first meeting/.exec(stdout) ?? [];
    expect(Number(accepted)).toBeGreaterThan(0);
    expect(Number(met)).toBeGreaterThan(0);
    const cohortId = Number(/第3期 师友计划 \(#(\d+)\)/.exec(stdout)![1]);
    const pairs = await (await fetch(`${system.apiUrl}/api/cohorts/${cohortId}/pairs`, { headers: { authorization: `Bearer ${COORDINATOR_TOKEN}` } })).json() as Array<{ meetings: number }>;
    expect(pairs).toHaveLength(Number(accepted));
    expect(pairs.filter((pair) => pair.meetings === 1)).toHaveLength(Number(met));

    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: DESKTOP, locale: 'zh-CN' });
      await signInAsCoordinator(page, system.apiUrl);
      await page.locator('[data-cohort-list] [data-cohort-id]', { hasText: '第3期 师友计划' }).waitFor();
      await saveScreenshot(page, 'admin-demo-cohort');
    } finally {
      await browser.close();
    }
  }, 120_000);
});
