import JSZip from 'jszip';
import { readFile } from 'node:fs/promises';
import { Download, Page } from 'playwright-core';
import { fitsWidth, openCohortAsCoordinator, saveScreenshot, useBrowserSuite } from './support/browser';
import { Applicant, applyMentor, applyStudent, approve, createOpenCohort } from './support/factories';
import { pdfText } from './support/pdf-text';
import { accept } from './support/rounds';
import { TestSystem } from './support/system';

const DESKTOP = { width: 1280, height: 900 };

interface Person extends Applicant {
  name: string;
}

const saved = async (download: Download) => readFile(await download.path());

/** Certificates in the browser: the download on /me at 360 px, the cohort's ZIP in the console at 1280 px. */
describe('certificates on the personal page and in the console', () => {
  const suite = useBrowserSuite('web-certificates');
  let system: TestSystem;
  let page: Page;
  beforeEach(() => ({ system, page } = suite));

  let cohort: { id: number; mentor: Person; completed: Person; waiting: Person };

  /** A completed cohort: 周明远 mentors 李小雨 (completed) and had a proposal to 王芳 that 结业 cancelled. */
  beforeAll(async () => {
    system = suite.system;
    const id = await createOpenCohort(system, { name: '2026 秋季 · 第7期 师友计划', checkInEveryDays: 0, programStartsOn: '2026-09-01', programEndsOn: '2027-01-15' });
    const person = async (role: 'mentor' | 'student', name: string, index: number, choices: number[] = []): Promise<Person> => {
      const data = { name, email: `${role}.${index}@web-certificates.example.cn` };
      const applicant = role === 'mentor'
        ? await applyMentor(system, id, { ...data, capacity: 2 }, index)
        : await applyStudent(system, id, choices, data, index);
      await approve(system, id, role, [applicant.id]);
      return { ...applicant, name };
    };
    const mentor = await person('mentor', '周明远', 1);
    const completed = await person('student', '李小雨', 2, [mentor.id]);
    const waiting = await person('student', '王芳', 3, [mentor.id]);
    const propose = async (student: Person) => (await system.http().post(`/api/cohorts/${id}/matches`).set(system.coordinator)
      .send({ studentId: student.id, mentorId: mentor.id }).expect(201)).body.id as number;
    await accept(system, mentor, await propose(completed)).expect(200);
    await propose(waiting);
    await system.http().post(`/api/cohorts/${id}/complete`).set(system.coordinator).expect(200);
    cohort = { id, mentor, completed, waiting };
  });

  async function openMe(who: Applicant): Promise<void> {
    await page.goto(`${system.apiUrl}/me#token=${who.accessToken}`);
    await page.locator('.me-page[aria-busy="false"][data-loaded]').waitFor();
  }

  it('offers a completed student their 结业证书 as a PDF with their name and code, in Chinese and in English', async () => {
    await openMe(cohort.completed);
    const card = page.locator('#certificate');
    await card.waitFor();
    await expect(card.locator('h2').textContent()).resolves.toBe('您的结业证书');
    const code = (await card.locator('[data-code]').textContent())!.trim();
    expect(code).toMatch(/^\w{4}-\w{4}-\w{4}$/);
    expect(await fitsWidth(page)).toBe(true);
    const button = page.locator('#certificate-download');
    expect((await button.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await saveScreenshot(page, 'certificate-student-me');

    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toBe(`结业证书-${code}.pdf`);
    const text = await pdfText(await saved(download));
    expect(text).toContain('李小雨');
    expect(text).toContain(code);

    await page.getByRole('button', { name: 'English' }).click();
    await expect(card.locator('h2').textContent()).resolves.toBe('Your certificate of completion');
    await expect(button.textContent()).resolves.toContain('Download certificate');
    expect(await fitsWidth(page)).toBe(true);
    await saveScreenshot(page, 'certificate-student-me-english');
  });

  it('offers the mentor a 校友导师聘书; a student whose proposal never became a pair sees no certificate', async () => {
    await openMe(cohort.mentor);
    await expect(page.locator('#certificate h2').textContent()).resolves.toBe('您的校友导师聘书');
    await saveScreenshot(page, 'certificate-mentor-me');

    await openMe(cohort.waiting);
    await expect(page.locator('#certificate').count()).resolves.toBe(0);
  });

  it("gives coordinators every certificate of the cohort as one ZIP from the pairs tab", async () => {
    await page.setViewportSize(DESKTOP);
    await openCohortAsCoordinator(page, system.apiUrl, cohort.id, '师友关系');
    const button = page.locator('[data-certificates-zip]');
    await expect(button.textContent()).resolves.toContain('证书 ZIP');
    await saveScreenshot(page, 'certificates-zip-pairs-tab');
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toBe(`cohort-${cohort.id}-certificates.zip`);
    const zip = await JSZip.loadAsync(await saved(download));
    const names = Object.keys(zip.files).sort();
    expect(names).toHaveLength(2);
    expect(names[0]).toMatch(/^mentor_appointment-周明远-\w{4}-\w{4}-\w{4}\.pdf$/);
    expect(names[1]).toMatch(/^student_completion-李小雨-\w{4}-\w{4}-\w{4}\.pdf$/);
  });
});
