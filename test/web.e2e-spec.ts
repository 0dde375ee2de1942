import { BrowserContext, Page } from 'playwright-core';
import { SmtpSink } from '../scripts/smtp-sink';
import { fitsWidth, openCohortAsCoordinator, openTab, saveScreenshot, useBrowserSuite } from './support/browser';
import { applyMentor, applyStudent, approve, createOpenCohort, populatedCohort } from './support/factories';
import { TestSystem, waitFor } from './support/system';

describe('web pages in Chromium', () => {
  const suite = useBrowserSuite('web');
  let system: TestSystem;
  let sink: SmtpSink;
  let context: BrowserContext;
  let page: Page;
  beforeEach(() => ({ system, sink, context, page } = suite));

  async function approvedMentors(cohortId: number, count: number, overrides: (index: number) => Record<string, unknown> = () => ({})) {
    const mentors = [];
    for (let index = 0; index < count; index += 1) mentors.push(await applyMentor(system, cohortId, overrides(index), index));
    await approve(system, cohortId, 'mentor', mentors.map((mentor) => mentor.id));
    return mentors;
  }

  async function fillStudentForm(values: Record<string, string>) {
    for (const [name, value] of Object.entries(values)) await page.fill(`[name="${name}"]`, value);
  }

  it('lets a student apply on a 360-px phone, filter the directory and rank mentors, then shows the personal link', async () => {
    const cohortId = await createOpenCohort(system, { maxChoices: 3 });
    const cities = ['上海', '深圳', '北京'];
    const mentors = await approvedMentors(cohortId, 3, (index) => ({ city: cities[index], name: `导师${index + 1}` }));

    await page.goto(`${system.apiUrl}/`);
    await page.locator(`#cohorts a[href="/cohorts/${cohortId}/apply/student"]`, { hasText: '我是学生：申请' }).click();
    await page.waitForSelector('#mentor-list li[data-mentor-id]');
    await fillStudentForm({
      name: '林晓彤', email: 'lin.xiaotong@stu.example.edu.cn', studentNumber: '2022110345', college: '书院一', major: '计算机科学',
      enrollmentYear: '2022', city: '上海', topics: '职业规划、求职面试', industries: '互联网', statement: '希望了解互联网行业的真实工作 🙂',
    });
    await page.selectOption('#filter-city', '深圳');
    await expect(page.locator('#mentor-list li[data-mentor-id]').count()).resolves.toBe(1);
    await page.getByRole('button', { name: '选择 导师2' }).click();
    await page.selectOption('#filter-city', '');
    await page.getByRole('button', { name: '选择 导师3' }).click();
    await page.getByRole('button', { name: '上移 导师3' }).click();
    await expect(page.locator('#chosen-list li').allTextContents()).resolves.toEqual([expect.stringContaining('导师3'), expect.stringContaining('导师2')]);
    await page.check('[name="consent"]');
    await page.getByRole('button', { name: '提交报名' }).click();

    await page.locator('#done').waitFor({ state: 'visible' });
    const link = await page.locator('#personal-link').textContent();
    expect(link).toMatch(new RegExp(`^${system.apiUrl}/me#token=[\\w-]+$`));
    await expect(fitsWidth(page)).resolves.toBe(true);
    await saveScreenshot(page, 'student-applies-on-phone');

    const token = new URL(link!).hash.replace('#token=', '');
    const me = await system.http().get('/api/me').set({ Authorization: `Bearer ${token}` }).expect(200);
    expect(me.body.application.choices).toEqual([mentors[2].id, mentors[1].id]);
    expect(me.body.application.statement).toBe('希望了解互联网行业的真实工作 🙂');

    await page.getByRole('link', { name: '打开我的页面' }).click();
    await page.getByRole('button', { name: '修改志愿' }).click();
    await page.getByRole('button', { name: '移除 导师3' }).click();
    await page.getByRole('button', { name: '保存志愿' }).click();
    await page.locator('#notice', { hasText: '已保存' }).waitFor();
    await expect(page.locator('#choices li').allTextContents()).resolves.toEqual([expect.stringContaining('导师2')]);
    await expect(fitsWidth(page)).resolves.toBe(true);
    await saveScreenshot(page, 'student-edits-choices');
    const edited = await system.http().get('/api/me').set({ Authorization: `Bearer ${token}` }).expect(200);
    expect(edited.body.application.choices).toEqual([mentors[1].id]);
  });

  it('shows each invalid field\'s error beside the field, and a closed cohort plainly', async () => {
    const cohortId = await createOpenCohort(system);
    await page.goto(`${system.apiUrl}/cohorts/${cohortId}/apply/student`);
    await page.waitForSelector('#picker #chosen-list');
    await fillStudentForm({
      name: '王一', email: 'not-an-email', studentNumber: 'ab', college: '书院二', major: '金融', enrollmentYear: '2022', city: '北京',
      topics: '金融', statement: '想了解投行。',
    });
    await page.getByRole('button', { name: '提交报名' }).click();

    const emailError = page.locator('#email-error');
    await emailError.waitFor({ state: 'visible' });
    await expect(emailError.textContent()).resolves.toContain('email must be a valid email address');
    await expect(page.locator('#studentNumber-error').textContent()).resolves.toContain('studentNumber must be 4–40 letters, digits or dashes');
    await expect(page.locator('#consent-error').textContent()).resolves.toContain('consent must be true');
    await expect(page.locator('#email').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.locator('#name-error').isVisible()).resolves.toBe(false);
    await expect(fitsWidth(page)).resolves.toBe(true);
    await saveScreenshot(page, 'bad-input-shows-field-errors');

    await system.http().post(`/api/cohorts/${cohortId}/close`).set(system.coordinator).expect(200);
    await page.fill('[name="email"]', 'wang.yi@stu.example.edu.cn');
    await page.fill('[name="studentNumber"]', '2022110999');
    await page.check('[name="consent"]');
    await page.getByRole('button', { name: '提交报名' }).click();
    await page.locator('#form-error', { hasText: '本期报名已截止' }).waitFor();
    await expect(page.locator('#email-error').isVisible()).resolves.toBe(false);
  });

  it('tells an applicant plainly that a wrong personal link does not work', async () => {
    await page.goto(`${system.apiUrl}/me#token=not-a-real-token`);
    await page.locator('#message', { hasText: '链接已失效或不正确' }).waitFor();
    await saveScreenshot(page, 'wrong-personal-link');
  });

  it('says plainly when the connection is lost while submitting', async () => {
    const cohortId = await createOpenCohort(system);
    await page.goto(`${system.apiUrl}/cohorts/${cohortId}/apply/mentor`);
    await page.fill('[name="name"]', '陈志远');
    await context.setOffline(true);
    await page.getByRole('button', { name: '提交报名' }).click();
    await page.locator('#form-error', { hasText: '网络连接中断' }).waitFor();
    await saveScreenshot(page, 'connection-lost');
  });

  it('switches to English and remembers the choice on the next page', async () => {
    const cohortId = await createOpenCohort(system, { name: '第4期 师友计划' });
    await page.goto(`${system.apiUrl}/`);
    await page.locator('#cohorts h2', { hasText: '第4期 师友计划' }).waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.locator('h1').textContent()).resolves.toBe('Cohorts open for applications');
    await page.goto(`${system.apiUrl}/cohorts/${cohortId}/apply/mentor`);
    await expect(page.getByLabel('Students you can mentor').inputValue()).resolves.toBe('2');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await saveScreenshot(page, 'english-mentor-form');
  });

  it('lets a mentor open the personal link from the proposal email and accept, then shows the student\'s contact', async () => {
    const cohortId = await createOpenCohort(system);
    const [mentor] = await approvedMentors(cohortId, 1, () => ({ email: 'mentor.accepts@alumni.example.cn' }));
    const student = await applyStudent(system, cohortId, [mentor.id], { email: 'student.accepted@stu.example.edu.cn', studentNumber: '2022990001' }, 0);
    await approve(system, cohortId, 'student', [student.id]);
    const round = await system.http().post(`/api/cohorts/${cohortId}/rounds`).set(system.coordinator).send({}).expect(202);
    await waitFor('the round', async () => (await system.http().get(`/api/rounds/${round.body.id}`).set(system.coordinator)).body.status === 'completed');

    const [proposal] = (await sink.waitFor((all) => all.some((m) => m.to.includes('mentor.accepts@alumni.example.cn') && /推荐了一位学生/.test(m.subject)), 30_000))
      .filter((m) => m.to.includes('mentor.accepts@alumni.example.cn') && /推荐了一位学生/.test(m.subject));
    const link = /http:\/\/\S+\/me#token=[\w-]+/.exec(proposal.text)![0];

    await page.goto(link);
    const card = page.locator('article.proposal');
    await expect(card.textContent()).resolves.toContain('北京时间');
    await card.getByRole('button', { name: '接受' }).click();
    await page.locator('#notice', { hasText: '已接受' }).waitFor();
    await expect(page.locator('.contact').textContent()).resolves.toContain('student.accepted@stu.example.edu.cn');
    await saveScreenshot(page, 'mentor-accepts-from-email');

    const matches = await system.http().get(`/api/cohorts/${cohortId}/matches`).set(system.coordinator).expect(200);
    expect(matches.body.map((match: { status: string }) => match.status)).toEqual(['accepted']);
  });

  it('lets a coordinator sign in, preview a round, run it, and see the statistics and the chart', async () => {
    await page.setViewportSize({ width: 1200, height: 900 });
    const { cohortId, mentors } = await populatedCohort(system, 4, 5);
    const latecomer = await applyStudent(system, cohortId, [mentors[0].id], {}, 5);

    await openCohortAsCoordinator(page, system.apiUrl, cohortId, '报名审核');
    await page.locator(`#app-${latecomer.id}`).check();
    await page.getByRole('button', { name: '批准所选' }).click();
    await page.locator('#message', { hasText: '已处理 1 份申请' }).waitFor();
    const students = await system.http().get(`/api/cohorts/${cohortId}/student-applications?status=approved`).set(system.coordinator).expect(200);
    expect(students.body.map((student: { id: number }) => student.id)).toContain(latecomer.id);

    await openTab(page, '匹配轮次');
    await page.getByRole('button', { name: '预览（试运行）' }).click();
    await page.locator('#round-stats h3').first().filter({ hasText: '预览' }).waitFor();
    const preview = (await system.http().get(`/api/cohorts/${cohortId}/rounds`).set(system.coordinator).expect(200)).body;
    expect(preview.map((round: { dryRun: boolean }) => round.dryRun)).toEqual([true]);
    await expect(system.http().get(`/api/cohorts/${cohortId}/matches`).set(system.coordinator).then((r) => r.body.length)).resolves.toBe(0);

    await page.getByRole('button', { name: '正式匹配并发送邀请' }).click();
    await page.locator('#round-stats h3').first().filter({ hasText: '第 2 轮 · 已完成' }).waitFor();
    const real = (await system.http().get(`/api/cohorts/${cohortId}/rounds`).set(system.coordinator).expect(200)).body
      .find((round: { number: number }) => round.number === 2);
    const bars = await page.locator('#choice-chart .bar-row').evaluateAll((rows) =>
      rows.map((row) => [row.getAttribute('data-rank'), Number(row.querySelector('.value')!.textContent)]));
    expect(Object.fromEntries(bars)).toEqual(real.stats.byChoiceRank);
    await expect(page.locator('#round-stats .stat').filter({ hasText: '已匹配' }).locator('b').textContent()).resolves.toBe(String(real.stats.matched));

    await openTab(page, '匹配');
    await page.locator('tr[data-match-id]').first().waitFor();
    await expect(page.locator('tr[data-match-id]').count()).resolves.toBe(real.stats.matched);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 CSV' }).click()]);
    expect(download.suggestedFilename()).toBe(`cohort-${cohortId}-matches.csv`);
    const csv = await new Promise<string>((resolve, reject) => {
      void download.createReadStream().then((stream) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk)).on('end', () => resolve(Buffer.concat(chunks).toString('utf8'))).on('error', reject);
      }, reject);
    });
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.trim().split('\r\n')).toHaveLength(real.stats.matched + 1);
    await openTab(page, '匹配轮次');
    await page.locator('#choice-chart').waitFor();
    await saveScreenshot(page, 'coordinator-runs-round');
  });
});
