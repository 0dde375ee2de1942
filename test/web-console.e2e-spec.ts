import { Download, Locator, Page } from 'playwright-core';
import { SmtpSink } from '../scripts/smtp-sink';
import { openCohortAsCoordinator, openTab, saveScreenshot, useBrowserSuite } from './support/browser';
import { Applicant, applyMentor, applyStudent, approve, createOpenCohort, populatedCohort } from './support/factories';
import { accept, bearer, matchesOf, roundsOf, runRound } from './support/rounds';
import { TestSystem, waitFor } from './support/system';

interface NotificationRow {
  id: number;
  recipientEmail: string;
  status: string;
  attempts: number;
  lastError: string | null;
}

const DESKTOP = { width: 1280, height: 900 };
type ConsoleTab = 'rounds' | 'matches' | 'notifications';

/** `2026-12-05 02:42` and `2026-12-05 02:42 +08:00`: an instant in China time, as the table and the CSV write it. */
function chinaTime(iso: string): { table: string; csv: string } {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(iso)).map((part) => [part.type, part.value]));
  return {
    table: `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`,
    csv: `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute} +08:00`,
  };
}

async function readDownload(download: Download): Promise<string> {
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe("the coordinator console's rounds, matches and notifications at 1280 px", () => {
  const suite = useBrowserSuite('web-console');
  let system: TestSystem;
  let sink: SmtpSink;
  let page: Page;
  beforeEach(async () => {
    ({ system, sink, page } = suite);
    await page.setViewportSize(DESKTOP);
  });

  /** The tab's root once it shows the data of its latest load. */
  function tab(key: ConsoleTab): Locator {
    return page.locator(`[data-tab="${key}"][aria-busy="false"]`);
  }

  async function openCohort(cohortId: number, key: ConsoleTab): Promise<Locator> {
    await openCohortAsCoordinator(page, system.apiUrl, cohortId, key);
    await tab(key).waitFor();
    return tab(key);
  }

  async function switchTo(key: ConsoleTab): Promise<Locator> {
    await openTab(page, key);
    await tab(key).waitFor();
    return tab(key);
  }

  /** The open Element Plus confirmation: its text, and a click on the button that goes ahead. */
  async function confirmDialog(button: string): Promise<string> {
    const box = page.locator('.el-message-box');
    await box.waitFor();
    const text = (await box.textContent()) ?? '';
    await box.getByRole('button', { name: button }).click();
    await box.waitFor({ state: 'hidden' });
    return text;
  }

  /** Picks an option of the Element Plus select labelled `label` (its wrapper takes the click, not the input). */
  async function choose(scope: Locator, label: string, option: string): Promise<void> {
    await scope.locator('.el-select__wrapper', { has: page.getByLabel(label, { exact: true }) }).click();
    await page.getByRole('option', { name: option, exact: true }).click();
  }

  function matchRow(matches: Locator, matchId: number): Locator {
    return matches.locator('tr.match-row', { has: page.locator(`[data-match-id="${matchId}"]`) });
  }

  it('lets a coordinator sign in, preview a round, run it, and see the statistics and the chart', async () => {
    const { cohortId } = await populatedCohort(system, 4, 6);

    const rounds = await openCohort(cohortId, 'rounds');
    await rounds.getByRole('button', { name: '预览匹配结果' }).click();
    await rounds.locator('.round-result[data-round-status="completed"] h2', { hasText: '第 1 轮 · 预览 · 已完成' }).waitFor();
    expect((await roundsOf(system, cohortId)).map((round) => round.dryRun)).toEqual([true]);
    await expect(matchesOf(system, cohortId)).resolves.toHaveLength(0);

    await rounds.getByRole('button', { name: '正式匹配并通知师友' }).click();
    const warning = await confirmDialog('正式匹配并发送邮件');
    expect(warning).toContain('发送邮件');
    const result = rounds.locator('.round-result[data-round-status="completed"]', { has: page.locator('h2', { hasText: '第 2 轮 · 正式 · 已完成' }) });
    await result.waitFor();
    // The warning named the deadline the round's proposals got: 23:59 China time of the day their 72 h run out on.
    const [proposed] = await matchesOf(system, cohortId, 'proposed');
    expect(chinaTime(proposed.respondBy).table).toMatch(/ 23:59$/);
    expect(warning).toContain(`请在 ${chinaTime(proposed.respondBy).table}（北京时间）前回复`);
    const real = (await roundsOf(system, cohortId)).find((round) => round.number === 2)!;
    const full = (await system.http().get(`/api/rounds/${real.id}`).set(system.coordinator).expect(200)).body as { stats: { byChoiceRank: Record<string, number>; matched: number } };
    const bars = await result.locator('[data-chart="by-choice-rank"] li').evaluateAll((items) =>
      items.map((item) => [item.getAttribute('data-rank'), Number(item.querySelector('.value')!.textContent)]));
    expect(Object.fromEntries(bars)).toEqual(full.stats.byChoiceRank);
    await expect(result.locator('[data-stat="matched"] dd').textContent()).resolves.toBe(String(full.stats.matched));
    await expect(result.locator('canvas').count()).resolves.toBeGreaterThanOrEqual(2);
    await saveScreenshot(page, 'console-runs-round');

    const matches = await switchTo('matches');
    await expect(matches.locator('tr.match-row').count()).resolves.toBe(full.stats.matched);
    const [download] = await Promise.all([page.waitForEvent('download'), matches.getByRole('button', { name: '导出 CSV' }).click()]);
    expect(download.suggestedFilename()).toBe(`cohort-${cohortId}-matches.csv`);
    const csv = await readDownload(download);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.trim().split('\r\n')).toHaveLength(full.stats.matched + 1);
  });

  it('shows in the matches table and the CSV statuses and reasons in words and times in China time (defect 5)', async () => {
    const { cohortId, mentors } = await populatedCohort(system, 2, 2, { fillWithScores: false });
    await runRound(system, cohortId);
    const [first] = await matchesOf(system, cohortId);
    const mentor = mentors.find((candidate) => candidate.id === first.mentor.id)!;
    await accept(system, mentor, first.id).expect(200);
    const [accepted] = (await system.http().get(`/api/cohorts/${cohortId}/matches`).set(system.coordinator).expect(200)).body
      .filter((row: { id: number }) => row.id === first.id) as Array<{ respondBy: string; respondedAt: string }>;

    const matches = await openCohort(cohortId, 'matches');
    const row = matchRow(matches, first.id);
    const text = (await row.textContent()) ?? '';
    expect(text).toContain('已接受');
    expect(text).toContain(chinaTime(accepted.respondBy).table);
    const table = (await matches.locator('.el-table').textContent()) ?? '';
    for (const code of ['accepted', 'proposed', 'not_a_fit', 'system', 'T0', 'Z']) expect(table).not.toContain(code);
    await saveScreenshot(page, 'console-matches-in-words');

    const [download] = await Promise.all([page.waitForEvent('download'), matches.getByRole('button', { name: '导出 CSV' }).click()]);
    const lines = (await readDownload(download)).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toContain('状态');
    const line = lines.find((candidate) => candidate.startsWith(`${first.id},`))!;
    expect(line).toContain(',已接受,');
    expect(line).toContain(chinaTime(accepted.respondBy).csv);
    expect(line).toContain(chinaTime(accepted.respondedAt).csv);
    expect(line).not.toMatch(/accepted|\d{4}-\d\d-\d\dT/);

    const english = await fetch(`${system.apiUrl}/api/cohorts/${cohortId}/matches.csv?lang=en`, { headers: system.coordinator });
    const englishLine = (await english.text()).split('\r\n').find((candidate) => candidate.startsWith(`${first.id},`))!;
    expect(englishLine).toContain(',Accepted,');
    expect(englishLine).toContain(chinaTime(accepted.respondBy).csv);
  });

  it('shows a coordinator the transitions of an accepted match', async () => {
    const { cohortId, mentors } = await populatedCohort(system, 1, 1);
    await runRound(system, cohortId);
    const [proposal] = await matchesOf(system, cohortId);
    await accept(system, mentors[0], proposal.id).expect(200);
    const history = (await system.http().get(`/api/matches/${proposal.id}/history`).set(system.coordinator).expect(200)).body as unknown[];

    const matches = await openCohort(cohortId, 'matches');
    await matchRow(matches, proposal.id).getByRole('button', { name: '历史' }).click();
    const drawer = page.locator(`[data-drawer="history"][data-match-id="${proposal.id}"][aria-busy="false"]`);
    await drawer.waitFor();
    await expect(page.locator('.el-drawer__header').textContent()).resolves.toContain(`匹配 #${proposal.id} 的历史`);
    const lines = await drawer.locator('.event').allTextContents();
    expect(lines).toHaveLength(history.length);
    expect(lines[0]).toContain('创建为「待师友回复」');
    expect(lines[0]).toContain('操作人：系统');
    expect(lines.at(-1)).toContain('待师友回复 → 已接受');
    expect(lines.at(-1)).toContain('操作人：师友');
    expect(lines.join(' ')).not.toMatch(/mentor|system|proposed|accepted/);
    await saveScreenshot(page, 'console-match-history');
  });

  it('lets a coordinator propose a match by hand and cancel it with a reason, each after a confirmation (defect 7)', async () => {
    const { cohortId, mentors, students } = await populatedCohort(system, 2, 2);
    const [studentRow] = (await system.http().get(`/api/cohorts/${cohortId}/student-applications?status=approved`).set(system.coordinator).expect(200)).body
      .filter((row: { id: number }) => row.id === students[0].id) as Array<{ name: string; studentNumber: string }>;
    const [mentorRow] = (await system.http().get(`/api/cohorts/${cohortId}/mentor-applications?status=approved`).set(system.coordinator).expect(200)).body
      .filter((row: { id: number }) => row.id === mentors[1].id) as Array<{ name: string }>;

    const matches = await openCohort(cohortId, 'matches');
    await matches.getByRole('button', { name: '人工推荐' }).click();
    const dialog = page.locator('.el-dialog', { has: page.locator('[data-dialog="manual-proposal"][aria-busy="false"]') });
    await dialog.waitFor();
    await dialog.locator('.el-form-item', { hasText: '生友' }).locator('.el-select').click();
    await page.getByRole('option', { name: `${studentRow.name} · ${studentRow.studentNumber}` }).click();
    await dialog.locator('.el-form-item', { hasText: '师友（仍有名额）' }).locator('.el-select').click();
    await page.getByRole('option', { name: new RegExp(`^${mentorRow.name} · `) }).click();
    await dialog.getByRole('button', { name: '推荐', exact: true }).click();
    const warning = await confirmDialog('推荐并发送邮件');
    expect(warning).toContain(`把 ${studentRow.name} 推荐给 ${mentorRow.name}`);
    expect(warning).toContain('发送推荐邮件');

    const proposal = await waitFor('the proposal by hand', async () => (await matchesOf(system, cohortId)).find((match) => match.student.id === students[0].id));
    expect(proposal).toMatchObject({ roundId: null, status: 'proposed', mentor: { id: mentors[1].id } });
    await tab('matches').waitFor();
    const row = matchRow(matches, proposal.id);
    await expect(row.textContent()).resolves.toContain('人工推荐');
    await expect(row.textContent()).resolves.toContain('待师友回复');

    await row.getByRole('button', { name: '取消匹配' }).click();
    const box = page.locator('.el-message-box');
    await box.waitFor();
    await expect(box.textContent()).resolves.toContain('回到待匹配名单');
    await box.getByRole('button', { name: '确认取消匹配' }).click();
    await box.getByText('请填写取消原因').waitFor();
    await box.locator('textarea').fill('生友已休学一学期');
    await saveScreenshot(page, 'console-cancels-match-with-reason');
    await box.getByRole('button', { name: '确认取消匹配' }).click();
    await box.waitFor({ state: 'hidden' });
    await row.locator('.el-tag', { hasText: '已取消' }).waitFor();
    const history = (await system.http().get(`/api/matches/${proposal.id}/history`).set(system.coordinator).expect(200)).body as Array<{ toStatus: string; actorRole: string; reason: string }>;
    expect(history.at(-1)).toMatchObject({ toStatus: 'cancelled', actorRole: 'coordinator', reason: '生友已休学一学期' });
  });

  it('shows who a dry run would place with whom, the unmatched with reasons in words, and what changed since the previous round (defect 6)', async () => {
    const cohortId = await createOpenCohort(system, { fillWithScores: false });
    const [a, b, c] = await Promise.all([0, 1, 2].map((index) => applyMentor(system, cohortId, { name: `师友${'甲乙丙'[index]}`, capacity: 1 }, index)));
    await approve(system, cohortId, 'mentor', [a.id, b.id, c.id]);
    const s1 = await applyStudent(system, cohortId, [a.id], { name: '生友一' }, 0);
    const s2 = await applyStudent(system, cohortId, [b.id], { name: '生友二' }, 1);
    const s3 = await applyStudent(system, cohortId, [], { name: '生友三' }, 2);
    await approve(system, cohortId, 'student', [s1.id, s2.id, s3.id]);
    await runRound(system, cohortId, { dryRun: true });
    const choose = (student: Applicant, choices: number[]) => system.http().put('/api/me/choices').set(bearer(student)).send({ choices }).expect(200);
    await choose(s1, [c.id]);
    await choose(s2, []);
    await choose(s3, [a.id]);

    const rounds = await openCohort(cohortId, 'rounds');
    await rounds.getByRole('button', { name: '预览匹配结果' }).click();
    const result = rounds.locator('.round-result[data-round-status="completed"]', { has: page.locator('h2', { hasText: '第 2 轮 · 预览 · 已完成' }) });
    await result.waitFor();

    const placements = result.locator('[data-section="placements"]');
    await expect(placements.locator('h3').textContent()).resolves.toContain('预览，尚未通知任何人');
    const rows = await placements.locator('tr.placement-row').allTextContents();
    expect(rows).toHaveLength(3);
    expect(rows.find((text) => text.includes('生友一'))).toContain('师友丙');
    expect(rows.find((text) => text.includes('生友一'))).toContain('第 1 志愿');
    expect(rows.find((text) => text.includes('生友二'))).toContain('未匹配');
    expect(rows.find((text) => text.includes('生友三'))).toContain('师友甲');

    const unmatched = await result.locator('[data-section="unmatched"] tr.unmatched-row').allTextContents();
    expect(unmatched).toEqual([expect.stringContaining('生友二')]);
    expect(unmatched[0]).toContain('没有可匹配的师友');
    expect(unmatched[0]).not.toMatch(/no_acceptable_mentor|preferred_mentors/);

    const changes = result.locator('[data-section="changes"]');
    await expect(changes.locator('h3').textContent()).resolves.toBe('与第 1 轮相比');
    await expect(changes.locator('[data-change="newlyMatched"]').textContent()).resolves.toMatch(/新匹配到师友（1）.*生友三：未匹配 → 师友甲/);
    await expect(changes.locator('[data-change="changedMentor"]').textContent()).resolves.toMatch(/换了师友（1）.*生友一：师友甲 → 师友丙/);
    await expect(changes.locator('[data-change="noLongerMatched"]').textContent()).resolves.toMatch(/不再匹配（1）.*生友二：师友乙 → 未匹配/);
    await saveScreenshot(page, 'console-dry-run-who-gets-whom');
    await expect(matchesOf(system, cohortId)).resolves.toHaveLength(0);
  });

  it('refuses a real round with nobody left to place with a plain message, and records no round (defect 6)', async () => {
    const { cohortId } = await populatedCohort(system, 1, 1);
    await runRound(system, cohortId);

    const rounds = await openCohort(cohortId, 'rounds');
    await rounds.getByRole('button', { name: '正式匹配并通知师友' }).click();
    await confirmDialog('正式匹配并发送邮件');
    await rounds.locator('[data-problem]', { hasText: '现在没有需要匹配的生友' }).waitFor();
    await saveScreenshot(page, 'console-nobody-to-place');
    expect((await roundsOf(system, cohortId)).map((round) => round.number)).toEqual([1]);
    const refused = await system.http().post(`/api/cohorts/${cohortId}/rounds`).set(system.coordinator).send({}).expect(409);
    expect(refused.body.code).toBe('nobody_to_place');
    expect(await roundsOf(system, cohortId)).toHaveLength(1);
  });

  it('lets a coordinator search, sort and page long lists of matches and notifications (defect 8)', async () => {
    const { cohortId, students } = await populatedCohort(system, 12, 47, { fillWithScores: true });
    await system.db.dataSource.query('UPDATE mentor_applications SET capacity = 5 WHERE cohort_id = ?', [cohortId]);
    await runRound(system, cohortId);
    const all = await matchesOf(system, cohortId);
    expect(all.length).toBeGreaterThan(20);

    const matches = await openCohort(cohortId, 'matches');
    await expect(matches.locator('tr.match-row').count()).resolves.toBe(20);
    await expect(matches.locator('.el-pagination__total').textContent()).resolves.toContain(String(all.length));
    const ids = all.map((match) => match.id).sort((x, y) => x - y);
    await expect(matches.locator('tr.match-row [data-match-id]').first().getAttribute('data-match-id')).resolves.toBe(String(ids.at(-1)));
    await matches.locator('th', { hasText: '编号' }).locator('.sort-caret.ascending').click();
    await expect(matches.locator('tr.match-row [data-match-id]').first().getAttribute('data-match-id')).resolves.toBe(String(ids[0]));
    await matches.locator('.el-pagination .btn-next').click();
    await expect(matches.locator('tr.match-row [data-match-id]').first().getAttribute('data-match-id')).resolves.toBe(String(ids[20]));
    const someone = all.find((match) => match.student.id === students[5].id) ?? all[0];
    await matches.getByLabel('搜索生友、学号、师友或单位').fill(someone.student.name);
    await expect(matches.locator('tr.match-row').allTextContents()).resolves.toEqual([expect.stringContaining(someone.student.name)]);
    await saveScreenshot(page, 'console-matches-search');

    const notifications = await switchTo('notifications');
    const listed = (await system.http().get(`/api/notifications?cohortId=${cohortId}&limit=1000`).set(system.coordinator).expect(200)).body as NotificationRow[];
    expect(listed.length).toBeGreaterThan(40);
    await expect(notifications.locator('tr.notification-row').count()).resolves.toBe(20);
    await expect(notifications.locator('.el-pagination__total').textContent()).resolves.toContain(String(listed.length));
    await notifications.locator('th', { hasText: '编号' }).locator('.sort-caret.ascending').click();
    const byId = listed.map((row) => row.id).sort((x, y) => x - y);
    await expect(notifications.locator('tr.notification-row [data-notification-id]').first().getAttribute('data-notification-id')).resolves.toBe(String(byId[0]));
    await notifications.locator('.el-pagination .btn-next').click();
    await expect(notifications.locator('tr.notification-row [data-notification-id]').first().getAttribute('data-notification-id')).resolves.toBe(String(byId[20]));
    await choose(notifications, '类型', '向师友推荐生友');
    const proposals = listed.filter((row) => (row as unknown as { type: string }).type === 'proposal_to_mentor');
    await expect(notifications.locator('.el-pagination__total').textContent()).resolves.toContain(String(proposals.length));
    await notifications.getByLabel('搜索收件人、邮箱或主题').fill(proposals[0].recipientEmail);
    const found = await notifications.locator('tr.notification-row').allTextContents();
    expect(found.length).toBe(proposals.filter((row) => row.recipientEmail === proposals[0].recipientEmail).length);
    for (const text of found) expect(text).toContain('向师友推荐生友');
    await saveScreenshot(page, 'console-notifications-search');
  });

  it('lets a coordinator retry a notification that failed permanently, and the email then arrives', async () => {
    const cohortId = await createOpenCohort(system);
    const bounce = 'bounce.retry@stu.example.edu.cn';
    sink.rejectRecipient(bounce);
    await applyStudent(system, cohortId, [], { email: bounce, studentNumber: '2022880001' }, 0);
    const failed = await waitFor('the notification to fail', async () => {
      const { body } = await system.http().get(`/api/notifications?status=failed&cohortId=${cohortId}`).set(system.coordinator).expect(200);
      return (body as NotificationRow[]).find((row) => row.recipientEmail === bounce);
    }, 20_000, 200);

    const notifications = await openCohort(cohortId, 'notifications');
    await choose(notifications, '状态', '发送失败');
    const row = notifications.locator('tr.notification-row', { has: page.locator(`[data-notification-id="${failed.id}"]`) });
    await expect(row.textContent()).resolves.toContain('550');
    await expect(row.textContent()).resolves.toContain('发送失败');
    await saveScreenshot(page, 'console-retries-failed-notification');
    sink.acceptRecipient(bounce);
    await row.getByRole('button', { name: '重发' }).click();
    const warning = await confirmDialog('重发');
    expect(warning).toContain(bounce);

    await choose(notifications, '状态', '全部状态');
    await row.locator('[data-status="sent"]', { hasText: '已发送' }).waitFor({ timeout: 20_000 });
    await sink.waitFor((mails) => mails.some((mail) => mail.to.includes(bounce)), 20_000);
    const sent = (await system.http().get(`/api/notifications?status=sent&cohortId=${cohortId}`).set(system.coordinator).expect(200)).body as NotificationRow[];
    expect(sent.find((notification) => notification.id === failed.id)).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
  });

  it('keeps the tab a coordinator opened when the tab before it answers late', async () => {
    const cohortId = await createOpenCohort(system);
    await applyStudent(system, cohortId, [], {}, 0);
    // In the page, <html data-answered> lists the path of every answer whose handlers have all run: a timer set
    // when the body has been read fires after the promise callbacks the page chained on that read.
    await page.addInitScript(`(() => {
      const read = Response.prototype.json;
      Response.prototype.json = function () {
        const path = new URL(this.url).pathname;
        const body = read.call(this);
        body.then(() => setTimeout(() => {
          const root = document.documentElement;
          root.setAttribute('data-answered', ((root.getAttribute('data-answered') || '') + ' ' + path).trim());
        }, 0), () => undefined);
        return body;
      };
    })()`);
    // The rounds tab's list is held until the coordinator has moved on to the notifications tab.
    let release!: () => void;
    const released = new Promise<void>((resolve) => { release = resolve; });
    await page.route((url) => url.pathname === `/api/cohorts/${cohortId}/rounds`, async (route) => {
      await released;
      await route.continue();
    });

    await openCohort(cohortId, 'notifications');
    await page.locator('#tab-rounds[role="tab"]').click();
    await page.locator('[data-tab="rounds"][aria-busy="true"]').waitFor({ state: 'attached' });
    const notifications = await switchTo('notifications');
    release();
    await page.locator(`html[data-answered~="/api/cohorts/${cohortId}/rounds"]`).waitFor({ state: 'attached' });

    await expect(notifications.isVisible()).resolves.toBe(true);
    await expect(page.locator('#tab-notifications[role="tab"]').getAttribute('aria-selected')).resolves.toBe('true');
    await expect(page.locator('[data-tab="rounds"]').count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: '预览匹配结果' }).isVisible()).resolves.toBe(false);
    await expect(notifications.locator('tr.notification-row').count()).resolves.toBe(1);
  });
});
