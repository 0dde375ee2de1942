import { Page } from 'playwright-core';
import { openCohortAsCoordinator, saveScreenshot, signInAsCoordinator, useBrowserSuite } from './support/browser';
import { Applicant, applyMentor, applyStudent, approve, createOpenCohort, sampleMentor, sampleStudent } from './support/factories';
import { accept } from './support/rounds';
import { TestSystem } from './support/system';

const DESKTOP = { width: 1280, height: 900 };

/**
 * A returning student (DESIGN §10): "申请新一期" on their cohort-1 page opens cohort 2's form prefilled, the form says
 * who may apply and refuses another college in Chinese before sending, and the coordinator's review drawer shows the
 * student's earlier cohort and partner.
 */
describe('memory across cohorts in the browser', () => {
  const suite = useBrowserSuite('web-memory');
  let system: TestSystem;
  let page: Page;
  let student: Applicant;
  let second: number;
  beforeEach(() => ({ system, page } = suite));

  beforeAll(async () => {
    ({ system } = suite);
    const first = await createOpenCohort(system, { name: '第1期（试点）' });
    const mentor = await applyMentor(system, first, { ...sampleMentor(1), name: '张校友' });
    student = await applyStudent(system, first, [], { ...sampleStudent(1, []), name: '李同学', college: '彭康书院', enrollmentYear: 2024 });
    await approve(system, first, 'mentor', [mentor.id]);
    await approve(system, first, 'student', [student.id]);
    const proposal = await system.http().post(`/api/cohorts/${first}/matches`).set(system.coordinator).send({ studentId: student.id, mentorId: mentor.id }).expect(201);
    await accept(system, mentor, proposal.body.id).expect(200);
    second = await createOpenCohort(system, { name: '第2期', eligibility: { colleges: ['彭康书院', '文治书院'], enrollmentYears: [2024, 2025] } });
  });

  it('opens the new cohort\'s form prefilled from the personal page, with its eligibility, at 360 px', async () => {
    await page.goto(`${system.apiUrl}/me#token=${student.accessToken}`);
    const apply = page.locator(`[data-new-cohort="${second}"] a`);
    await expect(apply.textContent()).resolves.toContain('申请新一期：第2期');
    await apply.click();
    await page.locator('[data-prefilled]').waitFor();
    await expect(page.inputValue('[name="name"]')).resolves.toBe('李同学');
    await expect(page.inputValue('[name="college"]')).resolves.toBe('彭康书院');
    await expect(page.locator('#eligibility').textContent()).resolves.toContain('仅接受以下书院的同学申请：彭康书院、文治书院');

    await page.fill('[name="college"]', '仲英书院');
    await page.check('[name="consent"]');
    await page.getByRole('button', { name: '提交报名' }).click();
    await expect(page.locator('.field-error').allTextContents()).resolves.toEqual(['不符合本期的申请条件（见页面上方）']);
    await saveScreenshot(page, 'memory-prefilled-form-not-eligible');

    await page.fill('[name="college"]', '彭康书院');
    await page.getByRole('button', { name: '提交报名' }).click();
    await page.getByText('报名已提交').waitFor();

    // The same link on the same form again (loaded afresh): it says they have applied, not that the form could not be filled.
    await page.goto(`${system.apiUrl}/`);
    await page.goto(`${system.apiUrl}/cohorts/${second}/apply/student#token=${student.accessToken}`);
    await expect(page.locator('.prefill').textContent()).resolves.toContain('这个邮箱已经报名过本期');
  });

  it('shows the student\'s earlier cohort and partner in the review drawer at 1280 px', async () => {
    await page.setViewportSize(DESKTOP);
    await openCohortAsCoordinator(page, system.apiUrl, second, 'applications');
    const row = page.locator('.application-row', { hasText: '李同学' });
    await expect(row.locator('[data-returning]').textContent()).resolves.toContain('往期参加过');
    await row.getByRole('button', { name: '李同学' }).click();
    const history = page.locator('[data-application-drawer] [data-applicant-history]');
    await history.locator('[data-history-cohort]').waitFor();
    await expect(history.locator('[data-history-cohort]').allTextContents()).resolves.toEqual(['第1期（试点）']);
    await expect(history.locator('[data-history-pair]').textContent()).resolves.toMatch(/张校友\s*·\s*已接受/);
    await expect(history.textContent()).resolves.toContain('生友');
    await saveScreenshot(page, 'memory-review-drawer-history');
  });

  it('shows the program report with its headline, trend chart and a row per cohort at 1280 px', async () => {
    await page.setViewportSize(DESKTOP);
    await signInAsCoordinator(page, system.apiUrl);
    await page.locator('[data-nav="program"]').click();
    await page.locator('[data-program-report][aria-busy="false"] [data-program-headline]').waitFor();
    await expect(page.locator('[data-program-headline]').textContent()).resolves.toBe('1 名校友服务了 1 名在校生');
    await page.locator('[data-chart="program-trend"] svg').waitFor();
    await expect(page.locator('[data-program-table] .el-table__body tr td:first-child').allTextContents()).resolves.toEqual(['第1期（试点）', '第2期']);
    await saveScreenshot(page, 'memory-program-report');
  });
});
