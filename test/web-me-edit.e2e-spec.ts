import { Page } from 'playwright-core';
import { fitsWidth, openCohortAsCoordinator, saveScreenshot, useBrowserSuite } from './support/browser';
import { Applicant, applyMentor, applyStudent, approve, createOpenCohort } from './support/factories';
import { bearer } from './support/rounds';
import { TestSystem } from './support/system';

const DESKTOP = { width: 1280, height: 900 };

/** DESIGN §9 in the browser: "修改资料" on /me at 360 px, and the edit history in the console's drawer at 1280 px. */
describe("editing one's own details", () => {
  const suite = useBrowserSuite('web-me-edit');
  let system: TestSystem;
  let page: Page;
  beforeEach(() => ({ system, page } = suite));

  const shown = () => page.locator('.me-page[aria-busy="false"][data-loaded]').waitFor();
  async function openPersonalPage(applicant: Applicant): Promise<void> {
    await page.goto(`${system.apiUrl}/me#token=${applicant.accessToken}`);
    await shown();
  }
  const details = () => page.locator('#details');
  const form = () => page.locator('#details-form');
  const detail = (name: string) => details().locator(`[data-detail="${name}"]`);
  const input = (name: string) => form().locator(`input[name="${name}"], textarea[name="${name}"]`);
  const fieldError = (name: string) => form().locator(`[data-field="${name}"] .field-error`);
  const formError = () => form().locator('#details-error').textContent();
  const save = () => page.getByRole('button', { name: '保存资料' }).click();
  const application = async (applicant: Applicant) => (await system.http().get('/api/me').set(bearer(applicant)).expect(200)).body.application;

  it('lets a student edit their details on a phone: the form is filled, a field error shows beside it, saving shows the new values', async () => {
    const cohortId = await createOpenCohort(system);
    const student = await applyStudent(system, cohortId, [], {
      name: '林小雨', email: 'xiaoyu.lin@stu.example.edu.cn', studentNumber: '2022010042', city: '西安', topics: ['职业规划'], industries: ['金融'],
      statement: '我希望了解金融行业的真实工作。',
    });

    await openPersonalPage(student);
    await expect(detail('city').textContent()).resolves.toBe('西安');
    await expect(detail('studentNumber').textContent()).resolves.toBe('2022010042');
    await page.getByRole('button', { name: '修改资料' }).click();

    // Filled with what is stored; the email and the student number are shown, read-only, saying they cannot change.
    await expect(input('name').inputValue()).resolves.toBe('林小雨');
    await expect(input('city').inputValue()).resolves.toBe('西安');
    await expect(input('statement').inputValue()).resolves.toBe('我希望了解金融行业的真实工作。');
    for (const [name, value] of [['email', 'xiaoyu.lin@stu.example.edu.cn'], ['studentNumber', '2022010042']]) {
      const fixed = form().locator(`[data-fixed="${name}"]`);
      await expect(fixed.locator('input').inputValue()).resolves.toBe(value);
      await expect(fixed.locator('input').getAttribute('readonly')).resolves.not.toBeNull();
      await expect(fixed.textContent()).resolves.toContain('提交后不能修改');
    }
    await expect(form().locator('input[name="email"], input[name="studentNumber"], input[name="college"]').count()).resolves.toBe(0);
    // The apply form's words: its labels and hints.
    await expect(form().locator('[data-field="topics"]').textContent()).resolves.toContain('感兴趣的话题');
    await expect(form().locator('[data-field="city"] .field-hint').textContent()).resolves.toBe('必填，最多 100 字');

    await input('city').fill('');
    await input('topics').fill('读研深造，');
    await save();
    await expect(fieldError('city').textContent()).resolves.toBe('请填写此项');
    await expect(formError()).resolves.toBe('请修改标出的字段后再提交。');
    await expect(fitsWidth(page)).resolves.toBe(true);
    await saveScreenshot(page, 'me-edit-field-error');
    expect((await application(student)).city).toBe('西安');

    await input('city').fill('上海');
    await input('statement').fill('我希望了解金融行业的真实工作，\n并规划读研方向。');
    await save();

    await page.locator('#notice', { hasText: '资料已保存。' }).waitFor();
    await shown();
    await expect(form().count()).resolves.toBe(0);
    await expect(detail('city').textContent()).resolves.toBe('上海');
    await expect(detail('topics').textContent()).resolves.toBe('职业规划、读研深造');
    await expect(detail('statement').textContent()).resolves.toBe('我希望了解金融行业的真实工作，\n并规划读研方向。');
    await expect(fitsWidth(page)).resolves.toBe(true);
    await saveScreenshot(page, 'me-edit-saved');
    expect(await application(student)).toMatchObject({
      name: '林小雨', city: '上海', topics: ['职业规划', '读研深造'], industries: ['金融'], statement: '我希望了解金融行业的真实工作，\n并规划读研方向。',
      email: 'xiaoyu.lin@stu.example.edu.cn', studentNumber: '2022010042',
    });
  });

  it("tells a mentor in words, beside the field, that their capacity cannot go below the places taken", async () => {
    const cohortId = await createOpenCohort(system);
    const mentor = await applyMentor(system, cohortId, { name: '周明远', capacity: 3, phone: '13800000000' });
    await approve(system, cohortId, 'mentor', [mentor.id]);
    const students = [await applyStudent(system, cohortId, [], {}, 1), await applyStudent(system, cohortId, [], {}, 2)];
    await approve(system, cohortId, 'student', students.map(({ id }) => id));
    for (const { id } of students) {
      await system.http().post(`/api/cohorts/${cohortId}/matches`).set(system.coordinator).send({ studentId: id, mentorId: mentor.id }).expect(201);
    }

    await openPersonalPage(mentor);
    await page.getByRole('button', { name: '修改资料' }).click();
    await expect(input('capacity').inputValue()).resolves.toBe('3');
    await input('capacity').fill('1');
    await input('phone').fill('');
    await save();

    await expect(fieldError('capacity').textContent()).resolves.toBe('已有 2 位生友占用您的名额（待您回复或您已接受），名额不能少于 2 人。');
    await expect(formError()).resolves.toBe('名额不能少于已被占用的人数（待您回复和您已接受的生友）。');
    await saveScreenshot(page, 'me-edit-capacity-below-taken');
    expect(await application(mentor)).toMatchObject({ capacity: 3, phone: '13800000000' });

    await input('capacity').fill('2');
    await save();
    await page.locator('#notice', { hasText: '资料已保存。' }).waitFor();
    await shown();
    await expect(page.locator('#places').textContent()).resolves.toBe('共 2 个，剩余 0 个');
    await expect(detail('phone').textContent()).resolves.toBe('未填写');
    expect(await application(mentor)).toMatchObject({ capacity: 2, phone: null });
  });

  it('offers no edit once the cohort is archived', async () => {
    const cohortId = await createOpenCohort(system);
    const student = await applyStudent(system, cohortId, [], { city: '西安' });
    for (const action of ['close', 'archive']) await system.http().post(`/api/cohorts/${cohortId}/${action}`).set(system.coordinator).expect(200);

    await openPersonalPage(student);
    await expect(detail('city').textContent()).resolves.toBe('西安');
    await expect(details().textContent()).resolves.toContain('本期已归档，资料不能再修改。');
    await expect(details().textContent()).resolves.not.toContain('可以修改。');
    await expect(page.getByRole('button', { name: '修改资料' }).count()).resolves.toBe(0);
    await saveScreenshot(page, 'me-edit-archived');
  });

  it("shows coordinators the applicant's edits in the review drawer, newest first, in China time", async () => {
    const cohortId = await createOpenCohort(system);
    const student = await applyStudent(system, cohortId, [], { name: '林小雨', city: '西安', topics: ['职业规划'], statement: '第一版陈述。' });
    await system.http().patch('/api/me').set(bearer(student)).send({ city: '上海' }).expect(200);
    await system.http().patch('/api/me').set(bearer(student)).send({ topics: ['职业规划', '读研深造'], statement: '第二版陈述，\n写得更具体。' }).expect(200);
    const quiet = await applyStudent(system, cohortId, [], { name: '王一凡' }, 1);

    await page.setViewportSize(DESKTOP);
    await openCohortAsCoordinator(page, system.apiUrl, cohortId, 'applications');
    await page.locator(`[data-application-id="${student.id}"]`).first().click();
    const history = page.locator('[data-application-drawer] [data-edit-history][aria-busy="false"]');
    await history.locator('.el-timeline-item').first().waitFor();

    const items = history.locator('.el-timeline-item');
    await expect(items.count()).resolves.toBe(2);
    const [newest, oldest] = [items.nth(0), items.nth(1)];
    await expect(newest.locator('.el-timeline-item__timestamp').textContent()).resolves.toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} 北京时间 · 申请人本人修改$/);
    await expect(newest.locator('[data-change="topics"]').textContent()).resolves.toBe('职业规划 → 职业规划、读研深造');
    await expect(newest.locator('[data-change="statement"]').textContent()).resolves.toBe('修改前第一版陈述。修改后第二版陈述，\n写得更具体。');
    await expect(oldest.locator('[data-change="city"]').textContent()).resolves.toBe('西安 → 上海');
    await expect(history.locator('h4').textContent()).resolves.toBe('修改记录');
    await saveScreenshot(page, 'admin-drawer-edit-history');

    await page.locator('[data-application-drawer] .el-drawer__close-btn').click();
    await page.locator(`[data-application-id="${quiet.id}"]`).first().click();
    await expect(page.locator('[data-application-drawer] [data-edit-history][aria-busy="false"] .muted').textContent()).resolves.toBe('申请人提交后没有修改过资料。');
  });
});
