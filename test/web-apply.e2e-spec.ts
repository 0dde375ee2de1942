// The functions run in the page (page.evaluate) see the DOM.
/// <reference lib="dom" />
import { Page } from 'playwright-core';
import { fitsWidth, saveScreenshot, useBrowserSuite } from './support/browser';
import { applyMentor, applyStudent, approve, createCohort, createOpenCohort, sampleStudent } from './support/factories';
import { runRound } from './support/rounds';
import { TestSystem } from './support/system';

/** The public phone pages: home, both application forms and the mentor directory, at 360 px. */
describe('application pages on a phone', () => {
  const suite = useBrowserSuite('web-apply');
  let system: TestSystem;
  let page: Page;
  beforeEach(() => ({ system, page } = suite));

  async function approvedMentors(cohortId: number, count: number, overrides: (index: number) => Record<string, unknown> = () => ({})) {
    const mentors = [];
    for (let index = 0; index < count; index += 1) mentors.push(await applyMentor(system, cohortId, overrides(index), index));
    await approve(system, cohortId, 'mentor', mentors.map((mentor) => mentor.id));
    return mentors;
  }

  async function fill(values: Record<string, string>): Promise<void> {
    for (const [name, value] of Object.entries(values)) await page.fill(`[name="${name}"]`, value);
  }

  const student = {
    name: '林晓彤', email: 'lin.xiaotong@stu.example.edu.cn', studentNumber: '2022110345', college: '书院一', major: '计算机科学',
    enrollmentYear: '2022', city: '上海', topics: '职业规划、求职面试', industries: '互联网', statement: '希望了解互联网行业的真实工作 🙂',
  };
  const mentor = {
    name: '陈志远', email: 'chen.zhiyuan@alumni.example.cn', phone: '13800138000', graduationYear: '2008', department: '经济学院',
    major: '金融学', city: '深圳', industry: '金融', organization: '招商银行', title: '投资经理', topics: '职业规划, 金融行业',
    languages: '中文、English', bio: '2008 届校友，乐于分享金融行业的经验。',
  };

  /** The texts of the visible field errors, in page order. */
  const fieldErrors = () => page.locator('.field-error').allTextContents();

  it('lets a student apply on a 360-px phone, filter the directory and rank mentors, then shows the personal link', async () => {
    const cohortId = await createOpenCohort(system, { maxChoices: 3 });
    const cities = ['上海', '深圳', '北京'];
    const topics = [['创业'], ['求职面试'], ['求职面试', '读研深造']];
    const mentors = await approvedMentors(cohortId, 3, (index) => ({ city: cities[index], name: `师友${index + 1}`, capacity: 2, topics: topics[index] }));

    await page.goto(`${system.apiUrl}/`);
    await page.locator(`#cohorts a[href="/cohorts/${cohortId}/apply/student"]`, { hasText: '生友报名' }).click();
    await page.locator('#mentor-list li[data-mentor-id]').first().waitFor();
    await fill(student);
    await page.getByRole('searchbox', { name: '搜索师友' }).fill('深圳');
    await expect(page.locator('#mentor-list li[data-mentor-id]').count()).resolves.toBe(1);
    await page.getByRole('button', { name: '选择 师友2' }).click();
    await page.getByRole('searchbox', { name: '搜索师友' }).fill('');
    await page.getByRole('button', { name: '话题：全部' }).click();
    await page.getByRole('button', { name: '读研深造' }).click();
    await expect(page.locator('#mentor-list li[data-mentor-id] h3').allTextContents()).resolves.toEqual(['师友3']);
    await page.getByRole('button', { name: '选择 师友3' }).click();
    await page.getByRole('button', { name: '上移 师友3' }).click();
    await expect(page.locator('#chosen-list li').allTextContents()).resolves.toEqual([expect.stringContaining('师友3'), expect.stringContaining('师友2')]);
    await page.check('[name="consent"]');
    await page.getByRole('button', { name: '提交报名' }).click();

    await page.locator('#done').waitFor({ state: 'visible' });
    const link = await page.locator('#personal-link').inputValue();
    expect(link).toMatch(new RegExp(`^${system.apiUrl}/me#token=[\\w-]+$`));
    await suite.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: system.apiUrl });
    await page.getByRole('button', { name: '复制链接' }).click();
    await page.getByRole('button', { name: '已复制' }).waitFor();
    await expect(page.evaluate(() => navigator.clipboard.readText())).resolves.toBe(link);
    await expect(page.getByRole('link', { name: '打开我的页面' }).getAttribute('href')).resolves.toBe(link);
    await expect(fitsWidth(page)).resolves.toBe(true);
    await saveScreenshot(page, 'apply-student-on-phone');

    const token = new URL(link).hash.replace('#token=', '');
    const me = await system.http().get('/api/me').set({ Authorization: `Bearer ${token}` }).expect(200);
    expect(me.body.application.choices).toEqual([mentors[2].id, mentors[1].id]);
    expect(me.body.application.topics).toEqual(['职业规划', '求职面试']);
    expect(me.body.application.statement).toBe('希望了解互联网行业的真实工作 🙂');
  });

  it('shows each invalid field\'s error beside the field, and a closed cohort plainly', async () => {
    const cohortId = await createOpenCohort(system);
    await page.goto(`${system.apiUrl}/cohorts/${cohortId}/apply/student`);
    await page.locator('#picker').waitFor();
    await fill({ ...student, email: 'not-an-email', studentNumber: 'ab' });
    await page.getByRole('button', { name: '提交报名' }).click();

    await page.locator('#email-error').waitFor();
    await expect(page.locator('[data-field="email"] #email-error').textContent()).resolves.toContain('请填写有效的电子邮箱');
    await expect(page.locator('[data-field="studentNumber"] #studentNumber-error').textContent()).resolves.toBe('格式不正确');
    await expect(page.locator('[data-field="consent"] #consent-error').textContent()).resolves.toBe('请勾选同意后再提交');
    await expect(page.locator('#email').getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(page.locator('#name-error').count()).resolves.toBe(0);
    await expect(fitsWidth(page)).resolves.toBe(true);
    await saveScreenshot(page, 'apply-field-errors');

    await system.http().post(`/api/cohorts/${cohortId}/close`).set(system.coordinator).expect(200);
    await fill({ email: 'wang.yi@stu.example.edu.cn', studentNumber: '2022110999' });
    await page.check('[name="consent"]');
    await page.getByRole('button', { name: '提交报名' }).click();
    // The 409 cohort_not_open: the form gives way to the plain words, as it does on the next visit.
    await page.locator('#cohort-state[data-state="closed"]', { hasText: '本期报名已截止' }).waitFor();
    await expect(page.locator('#application').count()).resolves.toBe(0);

    await page.reload();
    await page.locator('#cohort-state[data-state="closed"]', { hasText: '本期报名已截止' }).waitFor();
    await expect(page.locator('#application').count()).resolves.toBe(0);
    await system.http().get(`/api/public/cohorts/${cohortId}`).expect(200).expect(({ body }) => expect(body).toMatchObject({ id: cohortId, status: 'closed' }));
    await saveScreenshot(page, 'apply-closed-cohort');
  });

  it('shows an open cohort\'s deadline in China time, and a cohort past its deadline as closed, with no form', async () => {
    const cohortId = await createOpenCohort(system, { name: '第5期 师友计划', applicationDeadline: '2099-03-01T23:59:00+08:00' });
    await page.goto(`${system.apiUrl}/`);
    await page.locator(`#cohorts li[data-cohort-id="${cohortId}"]`, { hasText: '报名截止：2099-03-01 23:59（北京时间）' }).waitFor();
    await page.goto(`${system.apiUrl}/cohorts/${cohortId}/apply/mentor`);
    await page.locator('.deadline', { hasText: '报名截止：2099-03-01 23:59（北京时间）' }).waitFor();
    await expect(page.locator('#application').count()).resolves.toBe(1);

    const passed = await createOpenCohort(system, { name: '第6期 师友计划', applicationDeadline: '2020-01-01T12:00:00+08:00' });
    await page.goto(`${system.apiUrl}/cohorts/${passed}/apply/student`);
    await page.locator('#cohort-state[data-state="closed"]', { hasText: '报名截止时间是 2020-01-01 12:00（北京时间）' }).waitFor();
    await expect(page.locator('#application').count()).resolves.toBe(0);
    await saveScreenshot(page, 'apply-deadline-passed');
  });

  it('says plainly when the connection is lost while submitting', async () => {
    const cohortId = await createOpenCohort(system);
    await page.goto(`${system.apiUrl}/cohorts/${cohortId}/apply/mentor`);
    await fill(mentor);
    await page.check('[name="consent"]');
    await suite.context.setOffline(true);
    await page.getByRole('button', { name: '提交报名' }).click();
    await page.locator('#form-error', { hasText: '网络连接中断' }).waitFor();
    await expect(page.getByRole('button', { name: '提交报名' }).isEnabled()).resolves.toBe(true);
    await saveScreenshot(page, 'apply-connection-lost');
  });

  it('switches to English and remembers the choice on the next page', async () => {
    const cohortId = await createOpenCohort(system, { name: '第4期 师友计划' });
    await page.goto(`${system.apiUrl}/`);
    await page.locator('#cohorts h2', { hasText: '第4期 师友计划' }).waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.locator('h1').innerText()).resolves.toBe('Cohorts open for applications');
    await page.goto(`${system.apiUrl}/cohorts/${cohortId}/apply/mentor`);
    await expect(page.getByLabel('Students you can mentor').inputValue()).resolves.toBe('2');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
    await saveScreenshot(page, 'apply-english-mentor-form');
  });

  // Defect 3: validator English with internal field names, three lines for an empty year, tag errors on no field,
  // the duplicate email as one line of English above the form.
  it('words every problem in Chinese beside its own field, one line per problem, the duplicate email included', async () => {
    const cohortId = await createOpenCohort(system);
    await applyStudent(system, cohortId, [], { email: 'taken@stu.example.edu.cn', studentNumber: '2022000001' });
    await page.goto(`${system.apiUrl}/cohorts/${cohortId}/apply/student`);
    await page.locator('#picker').waitFor();
    await page.getByRole('button', { name: '提交报名' }).click();
    await page.locator('#form-error').waitFor();

    const required = ['name', 'email', 'studentNumber', 'college', 'major', 'enrollmentYear', 'city', 'topics', 'statement'];
    for (const name of required) {
      await expect(page.locator(`[data-field="${name}"] .field-error`).allTextContents()).resolves.toEqual(['请填写此项']);
    }
    await expect(page.locator('[data-field="consent"] .field-error').allTextContents()).resolves.toEqual(['请勾选同意后再提交']);
    await expect(fieldErrors()).resolves.toHaveLength(required.length + 1);
    for (const text of await fieldErrors()) expect(text).not.toMatch(/[A-Za-z]/);
    await expect(page.locator('#form-error').textContent()).resolves.toBe('请修改标出的字段后再提交。');
    await saveScreenshot(page, 'apply-chinese-errors-per-field');

    await fill({ ...student, enrollmentYear: '1989', topics: `${'长'.repeat(41)}，面试` });
    await page.check('[name="consent"]');
    await page.getByRole('button', { name: '提交报名' }).click();
    await expect(page.locator('[data-field="enrollmentYear"] .field-error').allTextContents()).resolves.toEqual(['不能小于 1990']);
    await expect(page.locator('[data-field="topics"] .field-error').allTextContents()).resolves.toEqual(['第 1 项：最多 40 个字']);
    await expect(fieldErrors()).resolves.toHaveLength(2);

    await page.getByRole('button', { name: `删除「${'长'.repeat(41)}」` }).click();
    await fill({ enrollmentYear: '2022', email: 'taken@stu.example.edu.cn' });
    await page.getByRole('button', { name: '提交报名' }).click();
    await page.locator('[data-field="email"] .field-error', { hasText: '这个邮箱已经报名过本期' }).waitFor();
    await expect(fieldErrors()).resolves.toEqual(['这个邮箱已经报名过本期，每人每期只能报名一次。']);
    await expect(page.locator('#form-error').textContent()).resolves.not.toMatch(/[A-Za-z]/);
    await saveScreenshot(page, 'apply-duplicate-email');

    await fill({ email: 'new.one@stu.example.edu.cn', studentNumber: '2022000001' });
    await page.getByRole('button', { name: '提交报名' }).click();
    await page.locator('[data-field="studentNumber"] .field-error', { hasText: '这个学号已经报名过本期' }).waitFor();
    await expect(fieldErrors()).resolves.toHaveLength(1);
  });

  // Defect 9: a small scroll box with full mentors first, no filter, 名额已满 at 2.74:1, 36-px buttons.
  it('lists mentors with places first on readable cards, filters to those with places, and keeps 名额已满 and every button accessible', async () => {
    const cohortId = await createOpenCohort(system, { maxChoices: 2 });
    const mentors = await approvedMentors(cohortId, 3, (index) => ({ name: `师友${'甲乙丙'[index]}`, capacity: 1 }));
    // Students who ranked 甲 and 乙 are proposed to them: both have no place left, 丙 has one.
    const students = [];
    for (const [index, choice] of [mentors[0], mentors[1]].entries()) {
      students.push(await applyStudent(system, cohortId, [choice.id], { ...sampleStudent(index, [choice.id]), choices: [choice.id] }, index));
    }
    await approve(system, cohortId, 'student', students.map((one) => one.id));
    await runRound(system, cohortId, { seed: 1 });

    await page.goto(`${system.apiUrl}/cohorts/${cohortId}/apply/student`);
    await page.locator('#mentor-list li[data-mentor-id]').first().waitFor();
    await expect(page.locator('#mentor-list li[data-mentor-id] h3').allTextContents()).resolves.toEqual(['师友丙', '师友甲', '师友乙']);
    await expect(page.locator('#mentor-list li[data-full="true"] .places').allTextContents()).resolves.toEqual(['名额已满', '名额已满']);
    await expect(page.getByRole('button', { name: '选择 师友甲' }).count()).resolves.toBe(0);

    const contrasts = [];
    for (const label of await page.locator('#mentor-list .places, #mentor-list .pick-button, #mentor-list .van-tag').all()) {
      contrasts.push({ text: (await label.textContent())!.trim(), contrast: await label.evaluate(contrastOf) });
    }
    expect(contrasts.filter(({ text }) => text === '名额已满')).toHaveLength(2);
    for (const { text, contrast } of contrasts) expect({ text, aa: contrast >= 4.5 }).toEqual({ text, aa: true });
    const list = await page.locator('#mentor-list').evaluate((element) => ({ scrolls: element.scrollHeight > element.clientHeight + 1, overflow: getComputedStyle(element).overflowY }));
    expect(list).toEqual({ scrolls: false, overflow: 'visible' });

    await saveScreenshot(page, 'apply-directory-places-first');
    await page.getByRole('checkbox', { name: '只看有名额' }).click();
    await expect(page.locator('#mentor-list li[data-mentor-id] h3').allTextContents()).resolves.toEqual(['师友丙']);
    await page.getByRole('button', { name: '选择 师友丙' }).click();
    await expect(page.locator('#chosen-list li').allTextContents()).resolves.toEqual([expect.stringContaining('师友丙')]);
    await expect(page.locator('#chosen-title').textContent()).resolves.toBe('我的志愿（已选 1 / 最多 2 位，按意愿排序）');

    const small = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('button, a, [role="checkbox"], input[type="checkbox"]')]
      .filter((element) => element.offsetParent !== null)
      .map((element) => ({ what: element.getAttribute('aria-label') ?? element.textContent?.trim() ?? element.tagName, height: (element.closest('label, .van-checkbox') ?? element).getBoundingClientRect().height }))
      .filter(({ height }) => height < 44));
    expect(small).toEqual([]);
    await expect(fitsWidth(page)).resolves.toBe(true);
    await saveScreenshot(page, 'apply-directory-only-with-places');
  });

  // Defect 11: after switching to English, notices stayed Chinese.
  it('words every notice in English after switching: field errors, the duplicate, the closed cohort', async () => {
    const cohortId = await createOpenCohort(system);
    await applyMentor(system, cohortId, { email: mentor.email });
    await page.goto(`${system.apiUrl}/cohorts/${cohortId}/apply/mentor`);
    await page.getByRole('button', { name: '提交报名' }).click();
    await expect(page.locator('[data-field="name"] .field-error').textContent()).resolves.toBe('请填写此项');

    await page.getByRole('button', { name: 'English' }).click();
    await expect(page.locator('[data-field="name"] .field-error').textContent()).resolves.toBe('Please fill this in');
    await expect(page.locator('#form-error').textContent()).resolves.toMatch(/^[^\u4e00-\u9fff]+$/);
    for (const text of await fieldErrors()) expect(text).toMatch(/^[^\u4e00-\u9fff]+$/);

    await fill(mentor);
    await page.check('[name="consent"]');
    await page.getByRole('button', { name: 'Submit application' }).click();
    await page.locator('[data-field="email"] .field-error', { hasText: 'This email has already applied to this cohort' }).waitFor();
    await expect(page.locator('#form-error').textContent()).resolves.toMatch(/^[^\u4e00-\u9fff]+$/);
    await saveScreenshot(page, 'apply-english-notices');

    const closed = await createOpenCohort(system);
    await system.http().post(`/api/cohorts/${closed}/close`).set(system.coordinator).expect(200);
    await page.goto(`${system.apiUrl}/cohorts/${closed}/apply/student`);
    await page.locator('#cohort-state[data-state="closed"]', { hasText: 'Applications are closed' }).waitFor();
    await expect(page.locator('#cohort-state').textContent()).resolves.toMatch(/^[^\u4e00-\u9fff]*第3期 师友计划[^\u4e00-\u9fff]*$/);
  });

  // Defect 13: /cohorts/999 said 已截止, unknown URLs showed raw JSON, no favicon.
  it('says an unknown cohort is not found, shows the Chinese not-found page with a 404 for an unknown address, and has a favicon', async () => {
    await page.goto(`${system.apiUrl}/cohorts/999999/apply/student`);
    await page.locator('#cohort-state[data-state="not-found"]', { hasText: '找不到这一期' }).waitFor();
    await expect(page.locator('#cohort-state').textContent()).resolves.not.toContain('截止');
    await expect(page.locator('#application').count()).resolves.toBe(0);
    await saveScreenshot(page, 'apply-unknown-cohort');

    const draft = await createCohort(system);
    await page.goto(`${system.apiUrl}/cohorts/${draft}/apply/mentor`);
    await page.locator('#cohort-state[data-state="not-found"]').waitFor();
    await system.http().get(`/api/public/cohorts/${draft}`).expect(404);
    await system.http().get('/api/public/cohorts/999999').expect(404);

    const response = await page.goto(`${system.apiUrl}/nope`);
    expect(response!.status()).toBe(404);
    expect(response!.headers()['content-type']).toContain('text/html');
    await page.locator('h1', { hasText: '页面不存在' }).waitFor();
    await expect(page.locator('body').textContent()).resolves.not.toContain('statusCode');
    const icon = await page.locator('link[rel="icon"]').getAttribute('href');
    const favicon = await page.request.get(new URL(icon!, system.apiUrl).toString());
    expect(favicon.status()).toBe(200);
    expect(favicon.headers()['content-type']).toContain('image/svg+xml');
    await saveScreenshot(page, 'unknown-address-not-found');
  });

  it('lets a mentor apply through the mentor form and shows the personal link', async () => {
    const cohortId = await createOpenCohort(system);
    await page.goto(`${system.apiUrl}/`);
    const link = page.locator(`#cohorts a[href="/cohorts/${cohortId}/apply/mentor"]`, { hasText: '师友报名' });
    await link.waitFor();
    await saveScreenshot(page, 'home-open-cohorts');
    await link.click();
    await fill({ ...mentor, capacity: '3' });
    await page.check('[name="consent"]');
    await page.getByRole('button', { name: '提交报名' }).click();
    await page.locator('#done').waitFor({ state: 'visible' });
    await expect(page.locator('#done').textContent()).resolves.toContain('接受或婉拒推荐给您的生友');
    const personalLink = await page.locator('#personal-link').inputValue();
    await expect(fitsWidth(page)).resolves.toBe(true);
    await saveScreenshot(page, 'apply-mentor-on-phone');

    const token = new URL(personalLink).hash.replace('#token=', '');
    const me = await system.http().get('/api/me').set({ Authorization: `Bearer ${token}` }).expect(200);
    expect(me.body.application).toMatchObject({
      name: '陈志远', capacity: 3, graduationYear: 2008, topics: ['职业规划', '金融行业'], languages: ['中文', 'English'], phone: '13800138000',
    });
  });
});

/** WCAG contrast of an element's text against the first opaque background behind it, from the computed colors. */
function contrastOf(element: Element): number {
  const rgb = (color: string) => (color.match(/[\d.]+/g) ?? []).map(Number);
  const luminance = ([r, g, b]: number[]) => {
    const channel = (value: number) => { const c = value / 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  let behind: Element | null = element;
  let background = [255, 255, 255];
  while (behind) {
    const [r, g, b, a = 1] = rgb(getComputedStyle(behind).backgroundColor);
    if (a > 0) { background = [r, g, b]; break; }
    behind = behind.parentElement;
  }
  const [light, dark] = [luminance(rgb(getComputedStyle(element).color)), luminance(background)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}
