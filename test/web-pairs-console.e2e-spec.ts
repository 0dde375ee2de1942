import { readFileSync } from 'node:fs';
import { Locator, Page } from 'playwright-core';
import { openCohortAsCoordinator, saveScreenshot, tabShown, useBrowserSuite } from './support/browser';
import { Applicant, applyMentor, applyStudent, approve, createOpenCohort } from './support/factories';
import { accept, bearer } from './support/rounds';
import { TestSystem } from './support/system';

const DESKTOP = { width: 1280, height: 900 };
const DAY_MS = 86_400_000;
const MENTORS = ['周明远', '林晓岚', '陈思齐', '王建国'];
const STUDENTS = ['李小雨', '赵一帆', '孙可欣', '吴浩然'];
/** What the student wrote about their meeting: the pair's own words, which the console must never show. */
const SUMMARY = '聊了实习简历和秋招时间线，约好下月再谈';

interface PairRowView {
  matchId: number;
  status: string;
  health: string;
  meetings: number;
  minutes: number;
  endReason: string | null;
}

interface Pair {
  matchId: number;
  student: Applicant & { name: string };
  mentor: Applicant & { name: string };
}

/** Today in China (YYYY-MM-DD): a meeting's day may be today, never later. */
function chinaToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** The coordinators' pairs tab at 1280 px: health counts, filters, a pair's meetings, ending a pair and 结业. */
describe("the coordinator console's pairs tab at 1280 px", () => {
  const suite = useBrowserSuite('web-pairs-console');
  let system: TestSystem;
  let page: Page;
  beforeEach(async () => {
    ({ system, page } = suite);
    await page.setViewportSize(DESKTOP);
  });

  /**
   * An open cohort with check-ins off (so health counts in 30-day periods and no email changes it) and four accepted
   * pairs, one per name pair, each made by a manual proposal the mentor accepted. The first pair logs two meetings
   * today; the second and third were accepted one and two quiet periods ago (moved back in the database: nobody waits
   * a month), so their health reads needs_attention and at_risk; the fourth was accepted just now.
   */
  async function cohortWithPairs(): Promise<{ cohortId: number; pairs: Pair[] }> {
    const cohortId = await createOpenCohort(system, { checkInEveryDays: 0 });
    const mentors: Pair['mentor'][] = [];
    for (const [index, name] of MENTORS.entries()) mentors.push({ ...(await applyMentor(system, cohortId, { name, capacity: 1 }, index)), name });
    await approve(system, cohortId, 'mentor', mentors.map((mentor) => mentor.id));
    const students: Pair['student'][] = [];
    for (const [index, name] of STUDENTS.entries()) students.push({ ...(await applyStudent(system, cohortId, [mentors[index].id], { name }, index)), name });
    await approve(system, cohortId, 'student', students.map((student) => student.id));

    const pairs: Pair[] = [];
    for (const [index, student] of students.entries()) {
      const proposal = await system.http().post(`/api/cohorts/${cohortId}/matches`).set(system.coordinator)
        .send({ studentId: student.id, mentorId: mentors[index].id }).expect(201);
      await accept(system, mentors[index], proposal.body.id).expect(200);
      pairs.push({ matchId: proposal.body.id, student, mentor: mentors[index] });
    }
    const [met, quiet, silent] = pairs;
    await system.http().post(`/api/me/pairs/${met.matchId}/meetings`).set(bearer(met.student))
      .send({ heldOn: chinaToday(), minutes: 45, mode: 'video', summary: SUMMARY }).expect(201);
    await system.http().post(`/api/me/pairs/${met.matchId}/meetings`).set(bearer(met.mentor))
      .send({ heldOn: chinaToday(), minutes: 30, mode: 'in_person' }).expect(201);
    const acceptedDaysAgo = (matchId: number, days: number) =>
      system.db.dataSource.query('UPDATE matches SET accepted_at = ? WHERE id = ?', [new Date(Date.now() - days * DAY_MS), matchId]);
    await acceptedDaysAgo(quiet.matchId, 31);
    await acceptedDaysAgo(silent.matchId, 61);
    return { cohortId, pairs };
  }

  const pairsOf = async (cohortId: number): Promise<PairRowView[]> =>
    (await system.http().get(`/api/cohorts/${cohortId}/pairs`).set(system.coordinator).expect(200)).body;

  async function openPairsTab(cohortId: number): Promise<Locator> {
    await openCohortAsCoordinator(page, system.apiUrl, cohortId, '师友关系');
    return page.locator('[data-tab="pairs"]');
  }

  const rowOf = (tab: Locator, matchId: number) => tab.locator('tr.pair-row', { has: page.locator(`[data-match-id="${matchId}"]`) });
  const shownIds = async (tab: Locator) =>
    (await tab.locator('tr.pair-row [data-match-id]').evaluateAll((cells) => cells.map((cell) => Number(cell.getAttribute('data-match-id'))))).sort();
  const countOf = async (tab: Locator, health: string) => Number(await tab.locator(`[data-health-count="${health}"] .value`).textContent());

  /** Picks an option of the Element Plus select labelled `label` (its wrapper takes the click, not the input). */
  async function choose(scope: Locator, label: string, option: string): Promise<void> {
    await scope.locator('.el-select__wrapper', { has: page.getByLabel(label, { exact: true }) }).click();
    await page.getByRole('option', { name: option, exact: true }).click();
  }

  it('shows the counts by health and each pair with its meetings, minutes and health in words, and exports them as CSV and XLSX', async () => {
    const { cohortId, pairs } = await cohortWithPairs();
    const [met, quiet, silent, fresh] = pairs;
    expect(Object.fromEntries((await pairsOf(cohortId)).map((row) => [row.matchId, row.health]))).toEqual({
      [met.matchId]: 'on_track', [quiet.matchId]: 'needs_attention', [silent.matchId]: 'at_risk', [fresh.matchId]: 'on_track',
    });

    const tab = await openPairsTab(cohortId);
    await expect(countOf(tab, '')).resolves.toBe(4);
    await expect(countOf(tab, 'on_track')).resolves.toBe(2);
    await expect(countOf(tab, 'needs_attention')).resolves.toBe(1);
    await expect(countOf(tab, 'at_risk')).resolves.toBe(1);
    await expect(countOf(tab, 'ended')).resolves.toBe(0);
    const first = (await rowOf(tab, met.matchId).textContent()) ?? '';
    for (const text of [met.student.name, met.mentor.name, '进展顺利', chinaToday(), '75']) expect(first).toContain(text);
    await expect(rowOf(tab, quiet.matchId).locator('[data-health]').textContent()).resolves.toBe('需要关注');
    await expect(rowOf(tab, silent.matchId).locator('[data-health]').textContent()).resolves.toBe('需要帮扶');
    const table = (await tab.locator('.el-table').textContent()) ?? '';
    for (const code of ['on_track', 'at_risk', 'needs_attention', 'video', 'T0', 'Z']) expect(table).not.toContain(code);
    await saveScreenshot(page, 'pairs-console-counts');

    const [csv] = await Promise.all([page.waitForEvent('download'), tab.getByRole('button', { name: '导出 CSV' }).click()]);
    expect(csv.suggestedFilename()).toBe(`cohort-${cohortId}-pairs.csv`);
    const lines = readFileSync(await csv.path()).toString('utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines).toHaveLength(5);
    expect(lines.find((line) => line.startsWith(`${silent.matchId},`))).toContain('需要帮扶');
    const [xlsx] = await Promise.all([page.waitForEvent('download'), tab.getByRole('button', { name: '导出 Excel' }).click()]);
    expect(xlsx.suggestedFilename()).toBe(`cohort-${cohortId}-pairs.xlsx`);
    expect(readFileSync(await xlsx.path()).subarray(0, 2).toString('latin1')).toBe('PK'); // a zip: the workbook
  });

  it('narrows the rows by a count, by the health filter and by a student or mentor name', async () => {
    const { cohortId, pairs } = await cohortWithPairs();
    const [met, quiet, silent, fresh] = pairs;
    const tab = await openPairsTab(cohortId);
    const all = [met, quiet, silent, fresh].map((pair) => pair.matchId).sort();
    await expect(shownIds(tab)).resolves.toEqual(all);

    await tab.locator('[data-health-count="at_risk"]').click();
    await expect(shownIds(tab)).resolves.toEqual([silent.matchId]);
    await expect(tab.locator('[data-health-count="at_risk"]').getAttribute('aria-pressed')).resolves.toBe('true');
    await saveScreenshot(page, 'pairs-console-at-risk');
    await tab.locator('[data-health-count="at_risk"]').click();
    await expect(shownIds(tab)).resolves.toEqual(all);

    await choose(tab, '关系状态', '需要关注');
    await expect(shownIds(tab)).resolves.toEqual([quiet.matchId]);
    await choose(tab, '关系状态', '进展顺利');
    await expect(shownIds(tab)).resolves.toEqual([met.matchId, fresh.matchId].sort());
    await choose(tab, '关系状态', '全部状态');

    const search = tab.getByLabel('搜索生友或师友姓名');
    await search.fill(fresh.mentor.name);
    await expect(shownIds(tab)).resolves.toEqual([fresh.matchId]);
    await search.fill(quiet.student.name);
    await expect(shownIds(tab)).resolves.toEqual([quiet.matchId]);
    await search.fill('没有这个人');
    await tab.getByText('没有符合条件的师友关系。').waitFor();
  });

  it("shows a pair's meetings by day, mode and minutes, and never their summaries", async () => {
    const { cohortId, pairs: [met] } = await cohortWithPairs();
    const outline = await system.http().get(`/api/matches/${met.matchId}/meetings`).set(system.coordinator).expect(200);
    expect(outline.text).not.toContain(SUMMARY);

    const tab = await openPairsTab(cohortId);
    await rowOf(tab, met.matchId).getByRole('button', { name: '展开当前行' }).click();
    const meetings = tab.locator(`[data-pair-meetings="${met.matchId}"][aria-busy="false"]`);
    await meetings.waitFor();
    await expect(meetings.locator('tr.meeting-row').count()).resolves.toBe(2);
    const text = (await meetings.textContent()) ?? '';
    for (const words of ['视频', '线下见面', '45', '30', chinaToday(), '生友', '师友', '只有这对师友自己可见']) expect(text).toContain(words);
    await expect(page.content()).resolves.not.toContain(SUMMARY);
    await saveScreenshot(page, 'pairs-console-meetings');
  });

  it('lets a coordinator end a pair with a reason and a note, which moves it to ended', async () => {
    const { cohortId, pairs } = await cohortWithPairs();
    const fresh = pairs[3];
    const tab = await openPairsTab(cohortId);
    await rowOf(tab, fresh.matchId).getByRole('button', { name: '结束', exact: true }).click();
    const dialog = page.locator('[data-end-pair-dialog]');
    await expect(dialog.textContent()).resolves.toContain(`结束 ${fresh.student.name} 与 ${fresh.mentor.name} 的师友关系`);
    await dialog.locator('[data-confirm-end]').click();
    await dialog.getByText('请选择结束原因').waitFor();
    await choose(dialog, '结束原因', '不太合适');
    await expect(dialog.getByText('请选择结束原因').count()).resolves.toBe(0);
    await dialog.locator('textarea[name="note"]').fill('双方时间一直对不上');
    await saveScreenshot(page, 'pairs-console-end-dialog');
    await dialog.locator('[data-confirm-end]').click();

    await page.getByText(`已结束 ${fresh.student.name} 与 ${fresh.mentor.name} 的师友关系。`).waitFor();
    await dialog.waitFor({ state: 'detached' });
    await tabShown(page, 'pairs');
    const row = rowOf(tab, fresh.matchId);
    await expect(row.locator('[data-health]').textContent()).resolves.toBe('已结束');
    await expect(row.getByRole('button', { name: '结束', exact: true }).count()).resolves.toBe(0);
    await expect(countOf(tab, 'ended')).resolves.toBe(1);
    expect((await pairsOf(cohortId)).find((pair) => pair.matchId === fresh.matchId)).toMatchObject({ status: 'ended', health: 'ended', endReason: 'not_a_fit' });
    await row.getByRole('button', { name: '展开当前行' }).click();
    await tab.locator(`[data-pair-meetings="${fresh.matchId}"] [data-end-reason]`, { hasText: '结束原因：不太合适' }).waitFor();
    await saveScreenshot(page, 'pairs-console-ended');
  });

  it('completes the cohort after a confirmation: every accepted pair becomes completed and the button goes', async () => {
    const { cohortId, pairs } = await cohortWithPairs();
    const ended = pairs[3];
    await system.http().post(`/api/matches/${ended.matchId}/end`).set(system.coordinator).send({ reason: 'no_time' }).expect(200);
    const tab = await openPairsTab(cohortId);

    await tab.locator('[data-complete-cohort]').click();
    const box = page.locator('.complete-confirm');
    await box.waitFor();
    const warning = (await box.textContent()) ?? '';
    expect(warning).toContain('3 对师友关系');
    expect(warning).toContain('不再发送回访邮件');
    await saveScreenshot(page, 'pairs-console-complete-asks');
    await box.getByRole('button', { name: '确认结业' }).click();

    await tab.locator('[data-cohort-completed]', { hasText: '本期已于' }).waitFor();
    await tabShown(page, 'pairs');
    await expect(tab.locator('[data-complete-cohort]').count()).resolves.toBe(0);
    await expect(countOf(tab, 'completed')).resolves.toBe(3);
    await expect(countOf(tab, 'ended')).resolves.toBe(1);
    await expect(tab.getByRole('button', { name: '结束', exact: true }).count()).resolves.toBe(0);
    const rows = await pairsOf(cohortId);
    expect(Object.fromEntries(rows.map((row) => [row.matchId, row.status]))).toEqual({
      [pairs[0].matchId]: 'completed', [pairs[1].matchId]: 'completed', [pairs[2].matchId]: 'completed', [ended.matchId]: 'ended',
    });
    const cohort = (await system.http().get(`/api/cohorts/${cohortId}`).set(system.coordinator).expect(200)).body;
    expect(cohort.completedAt).toEqual(expect.any(String));
    await saveScreenshot(page, 'pairs-console-completed');
    // The notice said in Chinese goes before the switch, so the English screenshot shows only English.
    await page.locator('.el-message').waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'English' }).click();
    await tab.locator('[data-cohort-completed]', { hasText: 'This cohort was completed on' }).waitFor();
    await rowOf(tab, pairs[0].matchId).getByRole('button', { name: 'Expand this row' }).click();
    await tab.locator(`[data-pair-meetings="${pairs[0].matchId}"][aria-busy="false"]`).waitFor();
    const english = (await tab.textContent()) ?? '';
    for (const words of ['Completed', 'Ended', 'Last contact', 'Video', 'In person', 'private to the pair']) expect(english).toContain(words);
    // Only the people's names stay in Chinese.
    expect([...MENTORS, ...STUDENTS].reduce((text, name) => text.replaceAll(name, ''), english)).not.toMatch(/[\u4e00-\u9fff]/);
    await saveScreenshot(page, 'pairs-console-english');
  });
});
