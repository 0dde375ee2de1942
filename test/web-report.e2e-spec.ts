import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Page } from 'playwright-core';
import { openCohortAsCoordinator, saveScreenshot, useBrowserSuite } from './support/browser';
import { Applicant, applyMentor, applyStudent, approve, createOpenCohort } from './support/factories';
import { accept, bearer, decline } from './support/rounds';
import { ARTIFACTS, TestSystem } from './support/system';

const DESKTOP = { width: 1280, height: 900 };
const MENTORS = ['周明远', '林晓岚', '陈思齐'];
const STUDENTS = ['李小雨', '赵一帆', '孙可欣'];
const SUMMARY = '聊了实习简历和秋招时间线';

/** How many pages a PDF has, as pdf-parse reads it (in a process of its own: pdf.js imports its worker dynamically). */
function pdfPages(pdf: Buffer): Promise<number> {
  const script = `import { PDFParse } from 'pdf-parse';
const chunks = []; for await (const chunk of process.stdin) chunks.push(chunk);
const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
try { process.stdout.write(String((await parser.getInfo()).total)); } finally { await parser.destroy(); }`;
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['--input-type=module', '-e', script], { cwd: join(__dirname, '..') }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message}\n${stderr}`));
      else resolve(Number(stdout));
    });
    child.stdin!.end(pdf);
  });
}

function chinaToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** The report tab at 1280 px and its print on A4. */
describe("the coordinator console's report tab at 1280 px", () => {
  const suite = useBrowserSuite('web-report');
  let system: TestSystem;
  let page: Page;
  beforeEach(async () => {
    ({ system, page } = suite);
    await page.setViewportSize(DESKTOP);
  });

  /**
   * Three proposals by hand: two accepted (one pair logs two meetings, 105 minutes), one declined as not a fit; then
   * the cohort completes.
   */
  async function reportedCohort(): Promise<number> {
    const cohortId = await createOpenCohort(system, { name: '第6期 师友计划', checkInEveryDays: 0 });
    const mentors: Applicant[] = [];
    for (const [index, name] of MENTORS.entries()) mentors.push(await applyMentor(system, cohortId, { name, capacity: 1 }, index));
    await approve(system, cohortId, 'mentor', mentors.map((mentor) => mentor.id));
    const students: Applicant[] = [];
    for (const [index, name] of STUDENTS.entries()) students.push(await applyStudent(system, cohortId, [mentors[index].id], { name }, index));
    await approve(system, cohortId, 'student', students.map((student) => student.id));
    const proposals: number[] = [];
    for (const [index, student] of students.entries()) {
      const proposal = await system.http().post(`/api/cohorts/${cohortId}/matches`).set(system.coordinator).send({ studentId: student.id, mentorId: mentors[index].id }).expect(201);
      proposals.push(proposal.body.id);
    }
    await accept(system, mentors[0], proposals[0]).expect(200);
    await accept(system, mentors[1], proposals[1]).expect(200);
    await decline(system, mentors[2], proposals[2], 'not_a_fit').expect(200);
    await system.http().post(`/api/me/pairs/${proposals[0]}/meetings`).set(bearer(students[0])).send({ heldOn: chinaToday(), minutes: 60, mode: 'video', summary: SUMMARY }).expect(201);
    await system.http().post(`/api/me/pairs/${proposals[0]}/meetings`).set(bearer(mentors[0])).send({ heldOn: chinaToday(), minutes: 45, mode: 'in_person' }).expect(201);
    await system.http().post(`/api/cohorts/${cohortId}/complete`).set(system.coordinator).expect(200);
    return cohortId;
  }

  it("heads the report with the office's sentence, shows figures, charts and each mentor's answers, downloads the workbook and prints on one or two A4 pages", async () => {
    const cohortId = await reportedCohort();
    await openCohortAsCoordinator(page, system.apiUrl, cohortId, '报告');
    const tab = page.locator('[data-tab="report"]');
    await expect(tab.locator('[data-report-headline]').textContent()).resolves.toBe('2 名校友服务了 2 名在校生');
    await expect(tab.locator('[data-figure="proposals"] .value').textContent()).resolves.toBe('3');
    await expect(tab.locator('[data-figure="acceptanceRate"] .value').textContent()).resolves.toBe('66.7%');
    await expect(tab.locator('[data-figure="meetings"] .value').textContent()).resolves.toBe('2');
    await expect(tab.locator('[data-chart="declines"] [data-item="not_a_fit"] b').textContent()).resolves.toBe('1');
    await expect(tab.locator('[data-chart="pairs"] [data-item="completed"] b').textContent()).resolves.toBe('2');
    await expect(tab.locator('[data-chart="meetings"] [data-item] b').allTextContents()).resolves.toEqual(['2']);
    // Three charts drawn; the check-ins' has nothing to draw (check-ins are off) and says so.
    await expect(tab.locator('[data-chart] svg').count()).resolves.toBe(3);
    await expect(tab.locator('[data-chart="check-ins"] .empty').textContent()).resolves.toBe('暂无数据');
    const rows = await tab.locator('[data-mentor-figures] tbody tr').allTextContents();
    expect(rows).toHaveLength(3);
    expect(rows.find((row) => row.includes(MENTORS[2]))).toContain('0%');
    expect(await tab.textContent()).not.toContain(SUMMARY);
    await saveScreenshot(page, 'report-console');

    const [xlsx] = await Promise.all([page.waitForEvent('download'), tab.locator('[data-report-xlsx]').click()]);
    expect(xlsx.suggestedFilename()).toBe(`cohort-${cohortId}-report.xlsx`);
    expect(readFileSync(await xlsx.path()).subarray(0, 2).toString('latin1')).toBe('PK');

    // The print: the console's chrome (top bar, cohort list, tabs, buttons) is left out; the report itself is there.
    // At the width of A4's printable area (186 mm at 96 dpi), as Chromium lays the page out for paper.
    await page.setViewportSize({ width: 703, height: 1000 });
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('[data-report-print]').isVisible()).resolves.toBe(false);
    await expect(page.getByRole('tab', { name: '报告', exact: true }).isVisible()).resolves.toBe(false);
    await expect(tab.locator('[data-report-headline]').isVisible()).resolves.toBe(true);
    await saveScreenshot(page, 'report-print-media');
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    writeFileSync(join(ARTIFACTS, 'screenshots', 'report-print.pdf'), pdf);
    const pages = await pdfPages(pdf);
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBeLessThanOrEqual(2);
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize(DESKTOP);

    await page.getByRole('button', { name: 'English' }).click();
    await expect(tab.locator('[data-report-headline]').textContent()).resolves.toBe('2 alumni mentored 2 students');
    await saveScreenshot(page, 'report-console-en');
  });
});
