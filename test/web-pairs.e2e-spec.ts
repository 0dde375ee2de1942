import { Page } from 'playwright-core';
import { SmtpSink } from '../scripts/smtp-sink';
import { fitsWidth, saveScreenshot, useBrowserSuite } from './support/browser';
import { Applicant, applyMentor, applyStudent, approve, createOpenCohort, Person } from './support/factories';
import { accept, bearer } from './support/rounds';
import { TestSystem, waitFor } from './support/system';

/**
 * One check-in "day" of the apps in this suite. A cohort checking in every day sends a pair's first check-in this
 * long after acceptance and closes it as long again later: long enough to answer it twice in the browser, short
 * enough to wait for the close.
 */
const CHECK_IN_DAY_MS = 15_000;

interface Pair {
  cohortId: number;
  matchId: number;
  mentor: Person;
  student: Person;
}

/** Today in China (YYYY-MM-DD): a meeting's day may be today, never later. */
function chinaToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

/** A pair's members on /me and the check-in page of the emails, at 360 px. */
describe('pairs on the personal page and the check-in page, on a phone', () => {
  const suite = useBrowserSuite('web-pairs', { CHECK_IN_DAY_MS: String(CHECK_IN_DAY_MS) });
  let system: TestSystem;
  let sink: SmtpSink;
  let page: Page;
  beforeEach(() => ({ system, sink, page } = suite));

  /**
   * An open cohort (check-ins off unless asked) with one mentor and one student, paired by a manual proposal the
   * mentor accepted. `tag` keeps each test's names and addresses apart in the shared SMTP sink.
   */
  async function acceptedPair(tag: string, settings: Record<string, unknown> = { checkInEveryDays: 0 }, names = { mentor: '周明远', student: '李小雨' }): Promise<Pair> {
    const cohortId = await createOpenCohort(system, { name: `第3期 师友计划 ${tag}`, ...settings });
    const mentorData = { name: names.mentor, email: `mentor.${tag}@alumni.example.cn`, phone: '13800138000', capacity: 1 };
    const mentor = { ...(await applyMentor(system, cohortId, mentorData, 0)), ...mentorData };
    await approve(system, cohortId, 'mentor', [mentor.id]);
    const studentData = { name: names.student, email: `student.${tag}@stu.example.edu.cn` };
    const student = { ...(await applyStudent(system, cohortId, [mentor.id], studentData, 0)), ...studentData };
    await approve(system, cohortId, 'student', [student.id]);
    const proposal = await system.http().post(`/api/cohorts/${cohortId}/matches`).set(system.coordinator)
      .send({ studentId: student.id, mentorId: mentor.id }).expect(201);
    await accept(system, mentor, proposal.body.id).expect(200);
    return { cohortId, matchId: proposal.body.id, mentor, student };
  }

  async function pairOf(member: Applicant, matchId: number) {
    const pairs: Array<{ matchId: number }> = (await system.http().get('/api/me/pairs').set(bearer(member)).expect(200)).body;
    return pairs.find((pair) => pair.matchId === matchId) as unknown as {
      status: string; endReason: string | null; goals: Array<{ text: string; done: boolean }>;
      meetings: Array<{ id: number; heldOn: string; minutes: number; mode: string; summary: string | null; loggedBy: string }>;
      checkIns: Array<{ period: number; role: string; answer: string | null }>;
    };
  }

  /** /me of the member, once the page and its pairs have shown their latest load. */
  async function openPairs(member: Applicant): Promise<void> {
    await page.goto(`${system.apiUrl}/me#token=${member.accessToken}`);
    await pairsShown();
  }
  const pairsShown = async () => {
    await page.locator('.me-page[aria-busy="false"][data-loaded]').waitFor();
    await page.locator('#pairs[aria-busy="false"][data-loaded]').waitFor({ state: 'attached' });
  };
  const pairCard = (matchId: number) => page.locator(`article.pair[data-match-id="${matchId}"]`);
  // Vant's dialogs point aria-labelledby at their title's text, not at an element: found by their visible title instead.
  const dialog = (title: string) => page.locator('.van-dialog').filter({ has: page.locator('.van-dialog__header', { hasText: title }) });
  /** The dialog once its opening transition ended: a screenshot before would show it half transparent. */
  async function dialogOpened(title: string) {
    const opened = dialog(title);
    await opened.waitFor();
    await page.waitForFunction((element) => !element?.className.includes('-enter-'), await opened.elementHandle());
    return opened;
  }

  it('lets both members keep shared goals and a meeting log on /me; each removes only their own meetings', async () => {
    const { matchId, mentor, student } = await acceptedPair('log');

    await openPairs(student);
    const card = pairCard(matchId);
    await expect(card.locator('h3').textContent()).resolves.toBe('您的师友：周明远');
    await expect(card.locator('.pair-status').textContent()).resolves.toBe('进行中');
    await expect(card.locator(`a[href="mailto:${mentor.email}"]`).count()).resolves.toBe(1);
    await expect(card.locator('a[href="tel:13800138000"]').count()).resolves.toBe(1);
    // Health is the coordinators' view of the pair.
    await expect(card.textContent()).resolves.not.toMatch(/需要关注|需要帮扶|进展顺利/);

    const goals = card.locator('[data-block="goals"]');
    await goals.getByRole('button', { name: '添加目标' }).click();
    await goals.getByRole('alert').filter({ hasText: '请填写此项' }).waitFor();
    for (const goal of ['完成一份实习简历', '了解互联网行业的秋招节奏']) {
      await goals.getByLabel('新目标').fill(goal);
      await goals.getByRole('button', { name: '添加目标' }).click();
      await goals.locator('.goal', { hasText: goal }).waitFor();
    }
    await goals.getByRole('checkbox', { name: '完成一份实习简历' }).click();
    await goals.getByRole('status').filter({ hasText: '已标记为完成。' }).waitFor();
    await goals.getByRole('button', { name: '修改目标：了解互联网行业的秋招节奏' }).click();
    await goals.getByLabel('修改第 2 个目标').fill('了解秋招节奏并投递三家公司');
    await goals.getByRole('button', { name: '保存', exact: true }).click();
    await goals.getByRole('status').filter({ hasText: '目标已保存。' }).waitFor();

    const meetings = card.locator('[data-block="meetings"]');
    await meetings.getByRole('button', { name: '记录一次见面' }).click();
    const form = meetings.locator('form.meeting-form');
    await expect(form.locator('.held-on input').inputValue()).resolves.toBe(chinaToday());
    // The day picker offers the acceptance day to today (China time): here both are today, so one day only.
    await form.locator('.held-on').click();
    const picker = page.locator('.van-picker');
    await picker.waitFor();
    await expect(picker.locator('.van-picker-column').nth(2).locator('.van-picker-column__item').count()).resolves.toBe(1);
    await picker.getByRole('button', { name: '确定' }).click();
    await picker.waitFor({ state: 'hidden' });
    await expect(form.locator('.held-on input').inputValue()).resolves.toBe(chinaToday());
    await form.getByRole('button', { name: '增加 5 分钟' }).click();
    await form.getByRole('button', { name: '增加 5 分钟' }).click();
    await form.getByRole('radio', { name: '视频' }).click();
    await form.getByLabel('聊了什么（可选）').fill('聊了实习简历的写法');
    await saveScreenshot(page, 'pairs-student-logs-meeting');
    await form.getByRole('button', { name: '保存记录' }).click();
    await meetings.getByRole('status').filter({ hasText: '见面已记录。' }).waitFor();
    await expect(meetings.locator('.meeting .meeting-line').allTextContents()).resolves.toEqual([`${chinaToday()} · 70 分钟 · 视频`]);

    const seenByMentor = await pairOf(mentor, matchId);
    expect(seenByMentor.goals).toEqual([{ text: '完成一份实习简历', done: true }, { text: '了解秋招节奏并投递三家公司', done: false }]);
    expect(seenByMentor.meetings).toMatchObject([{ heldOn: chinaToday(), minutes: 70, mode: 'video', summary: '聊了实习简历的写法', loggedBy: 'student' }]);
    const studentsMeeting = seenByMentor.meetings[0];

    // The mentor logs one too, then opens the page: both entries, who logged each, a remove button only on their own.
    const own = await system.http().post(`/api/me/pairs/${matchId}/meetings`).set(bearer(mentor))
      .send({ heldOn: chinaToday(), minutes: 30, mode: 'phone', summary: '电话确认了下次见面时间' }).expect(201);
    await openPairs(mentor);
    await expect(card.locator('h3').textContent()).resolves.toBe('您的生友：李小雨');
    await expect(card.getByRole('checkbox', { name: '完成一份实习简历' }).getAttribute('aria-checked')).resolves.toBe('true');
    const partners = meetings.locator(`[data-meeting-id="${studentsMeeting.id}"]`);
    const mine = meetings.locator(`[data-meeting-id="${own.body.id}"]`);
    await expect(partners.textContent()).resolves.toContain('由生友记录');
    await expect(partners.textContent()).resolves.toContain('聊了实习简历的写法');
    await expect(partners.getByRole('button').count()).resolves.toBe(0);
    await expect(mine.textContent()).resolves.toContain('由您记录');
    await expect(fitsWidth(page)).resolves.toBe(true);
    await saveScreenshot(page, 'pairs-mentor-sees-both-logs');
    // Nor may the API remove the partner's entry.
    await system.http().delete(`/api/me/pairs/${matchId}/meetings/${studentsMeeting.id}`).set(bearer(mentor)).expect(404);

    await mine.getByRole('button', { name: '删除' }).click();
    const removing = await dialogOpened('删除这条见面记录？');
    await expect(removing.textContent()).resolves.toContain(`${chinaToday()} · 30 分钟 · 电话`);
    await removing.getByRole('button', { name: '保留' }).click();
    await removing.waitFor({ state: 'hidden' });
    expect((await pairOf(mentor, matchId)).meetings).toHaveLength(2);
    await mine.getByRole('button', { name: '删除' }).click();
    await removing.getByRole('button', { name: '确认删除' }).click();
    await meetings.getByRole('status').filter({ hasText: '见面记录已删除。' }).waitFor();
    await expect(meetings.locator('.meeting').count()).resolves.toBe(1);
    expect((await pairOf(student, matchId)).meetings.map((meeting) => meeting.id)).toEqual([studentsMeeting.id]);
  });

  it('lets a member end the pair with a reason after a confirmation; the pair then reads as ended, for both, and nothing edits', async () => {
    const { cohortId, matchId, mentor, student } = await acceptedPair('end', { checkInEveryDays: 0 }, { mentor: 'Lin Wei', student: 'Chen Yu' });
    await system.http().put(`/api/me/pairs/${matchId}/goals`).set(bearer(mentor)).send({ goals: [{ text: 'Write a CV', done: false }] }).expect(200);
    await system.http().post(`/api/me/pairs/${matchId}/meetings`).set(bearer(mentor)).send({ heldOn: chinaToday(), minutes: 45, mode: 'in_person' }).expect(201);
    const writes: string[] = [];
    page.on('request', (request) => { if (request.method() !== 'GET') writes.push(`${request.method()} ${new URL(request.url()).pathname}`); });

    await openPairs(student);
    const card = pairCard(matchId);
    await card.getByRole('button', { name: '结束这段师友关系' }).click();
    const ending = card.locator('[data-block="end"]');
    await expect(ending.textContent()).resolves.toContain('您会回到匹配池');
    await ending.getByRole('button', { name: '结束', exact: true }).click();
    await ending.getByRole('alert').filter({ hasText: '请选择结束原因。' }).waitFor();
    for (const radio of await ending.getByRole('radio').all()) await expect(radio.getAttribute('aria-checked')).resolves.toBe('false');
    await ending.getByRole('radio', { name: '时间不够' }).click();
    await ending.getByLabel('补充说明（可选，对方和校友部可见）').fill('这学期课程太满，抱歉');
    await ending.getByRole('button', { name: '结束', exact: true }).click();
    const confirming = await dialogOpened('确定结束这段师友关系吗？');
    await expect(confirming.textContent()).resolves.toContain('您将结束与师友 Lin Wei 的师友关系（原因：时间不够）');
    await saveScreenshot(page, 'pairs-end-asks-first');
    await confirming.getByRole('button', { name: '暂不结束' }).click();
    await confirming.waitFor({ state: 'hidden' });
    expect(writes).toEqual([]);

    await ending.getByRole('button', { name: '结束', exact: true }).click();
    await confirming.getByRole('button', { name: '确认结束' }).click();
    await card.getByRole('status').filter({ hasText: '这段师友关系已结束。' }).waitFor();
    await pairsShown();
    expect(writes).toEqual([`POST /api/me/pairs/${matchId}/end`]);
    await expect(card.getAttribute('data-status')).resolves.toBe('ended');
    await expect(card.locator('.pair-status').textContent()).resolves.toBe('已结束');
    await expect(card.locator('.meaning').textContent()).resolves.toContain('由您结束，原因：时间不够');
    // Read-only: no button at all in the pair (the contact's links stay), the goal's box cannot change.
    await expect(card.getByRole('button').count()).resolves.toBe(0);
    await expect(card.locator('input, textarea').count()).resolves.toBe(0);
    await expect(card.getByRole('checkbox').count()).resolves.toBe(0);
    await expect(card.locator('.goal').textContent()).resolves.toContain('未完成：Write a CV');
    await expect(card.locator('.meeting').count()).resolves.toBe(1);
    await expect(page.locator(`#matches [data-match-id="${matchId}"] .status`).textContent()).resolves.toBe('已结束');
    await expect(fitsWidth(page)).resolves.toBe(true);
    await saveScreenshot(page, 'pairs-student-ended-pair');
    expect(await pairOf(student, matchId)).toMatchObject({ status: 'ended', endReason: 'no_time' });
    await system.http().post(`/api/me/pairs/${matchId}/meetings`).set(bearer(mentor)).send({ heldOn: chinaToday(), minutes: 45, mode: 'in_person' }).expect(409);

    // The mentor reads the same, in English once switched.
    await openPairs(mentor);
    await page.getByRole('button', { name: 'English' }).click();
    await page.locator('#pairs h2', { hasText: 'My pairs' }).waitFor();
    await expect(card.locator('h3').textContent()).resolves.toBe('Your student: Chen Yu');
    await expect(card.locator('.pair-status').textContent()).resolves.toBe('Ended');
    await expect(card.locator('.meaning').textContent()).resolves.toContain(`was ended on ${chinaToday()} by the student. Reason: No time.`);
    await expect(card.textContent()).resolves.toContain('What follows can be read but no longer changed.');
    await expect(card.getByRole('button').count()).resolves.toBe(0);
    // Every word of the pair but the student's own details (their college and major are theirs) is English.
    await expect(card.locator(':scope > :not(.contact)').allInnerTexts().then((texts) => texts.join('\n'))).resolves.not.toMatch(/[\u4e00-\u9fff]/);
    await saveScreenshot(page, 'pairs-mentor-ended-pair-english');
    const pairsOfCohort = (await system.http().get(`/api/cohorts/${cohortId}/pairs`).set(system.coordinator).expect(200)).body;
    expect(pairsOfCohort).toMatchObject([{ matchId, status: 'ended', endReason: 'no_time' }]);
  });

  it('records a check-in only with the button of /check-in, replaces it with a second answer, and says when the link has expired', async () => {
    const { matchId, mentor, student } = await acceptedPair('check-in', { checkInEveryDays: 1 });
    const isCheckIn = (period: number) => (mail: { to: string[]; subject: string }) => mail.to.includes(student.email) && mail.subject.includes(`第 ${period} 次回访`);
    const [mail] = (await sink.waitFor((all) => all.some(isCheckIn(1)), 60_000)).filter(isCheckIn(1));
    const linkFor = (answer: string) => new RegExp(`http://\\S+/check-in#token=[^&\\s]+&answer=${answer}`).exec(mail.text)![0];
    const token = /#token=([^&\s]+)/.exec(linkFor('not_yet'))![1];
    const answerOf = async () => (await system.http().get(`/api/check-ins/${token}`).expect(200)).body;
    const sent: string[] = [];
    page.on('request', (request) => { if (new URL(request.url()).pathname.startsWith('/api/check-ins')) sent.push(request.method()); });
    const form = page.locator('#check-in');
    const formShown = () => page.locator('.check-in-page[aria-busy="false"][data-state="form"]').waitFor();

    // Opening the link (as a mail scanner would) records nothing; the link's answer is preselected and changeable.
    await page.goto(linkFor('not_yet'));
    await formShown();
    expect(new URL(page.url()).hash).toBe('');
    await expect(form.locator('.cohort').textContent()).resolves.toBe('第3期 师友计划 check-in');
    await expect(form.locator('.partner').textContent()).resolves.toBe('周明远');
    await expect(form.locator('.period').textContent()).resolves.toBe('第 1 次');
    await expect(form.locator('.closes-at').textContent()).resolves.toContain('北京时间');
    await expect(form.locator('.current').textContent()).resolves.toBe('尚未回答');
    await expect(form.getByRole('radio', { name: '还没见面' }).getAttribute('aria-checked')).resolves.toBe('true');
    await expect(fitsWidth(page)).resolves.toBe(true);
    await saveScreenshot(page, 'check-in-opened');
    expect(sent).toEqual(['GET']);
    expect(await answerOf()).toMatchObject({ period: 1, answer: null });

    await form.getByRole('radio', { name: '已见面，进展顺利' }).click();
    await form.getByLabel('补充说明（可选）').fill('上周见过一次');
    await form.getByRole('button', { name: '确认提交' }).click();
    const done = page.locator('#check-in-done');
    await done.getByRole('status').filter({ hasText: '已记录，谢谢您' }).waitFor();
    await saveScreenshot(page, 'check-in-recorded');
    expect(sent).toEqual(['GET', 'POST']);
    expect(await answerOf()).toMatchObject({ answer: 'on_track', note: '上周见过一次' });

    // The same link again, its need_help button this time: the earlier answer shows, the new one replaces it.
    await page.goto(linkFor('need_help'));
    await formShown();
    await expect(form.locator('.current').textContent()).resolves.toBe('已见面，进展顺利');
    await expect(form.textContent()).resolves.toContain('再次提交会替换之前的回答');
    await expect(form.getByRole('radio', { name: '需要协调员帮助' }).getAttribute('aria-checked')).resolves.toBe('true');
    await form.getByRole('button', { name: '确认提交' }).click();
    await done.getByRole('status').filter({ hasText: '已记录，谢谢您' }).waitFor();
    await expect(done.textContent()).resolves.toContain('校友部的协调员已收到通知');
    expect(await answerOf()).toMatchObject({ answer: 'need_help' });

    // The member's own check-ins on /me: the student answered, the mentor did not.
    await openPairs(student);
    await expect(pairCard(matchId).locator('.check-in[data-period="1"] .answer').textContent()).resolves.toContain('需要协调员帮助');
    await openPairs(mentor);
    await pairCard(matchId).locator('.check-in[data-period="1"]').waitFor();
    await expect(pairCard(matchId).locator('.check-in[data-period="1"] .answer').textContent()).resolves.toContain('未回复');
    await saveScreenshot(page, 'pairs-mentor-check-in-history');
    expect((await pairOf(mentor, matchId)).checkIns.filter((one) => one.role === 'mentor' && one.period === 1)).toMatchObject([{ answer: null }]);

    // Once the next period begins the link is closed: the page says so, and records nothing.
    await waitFor('the first check-in to close', async () => (await system.http().get(`/api/check-ins/${token}`)).status === 410, 60_000, 250);
    await page.goto(linkFor('on_track'));
    await page.locator('#check-in-problem[data-state="expired"]').getByRole('heading', { name: '此回访已过期' }).waitFor();
    await saveScreenshot(page, 'check-in-expired');
    expect((await pairOf(student, matchId)).checkIns.find((one) => one.role === 'student' && one.period === 1)).toMatchObject({ answer: 'need_help' });
  });

  it('says plainly that a wrong or incomplete check-in link does not work', async () => {
    await page.goto(`${system.apiUrl}/check-in#token=ci_not-a-real-token&answer=on_track`);
    const problem = page.locator('#check-in-problem[data-state="invalid"]');
    await problem.getByRole('alert').filter({ hasText: '链接不完整或不正确' }).waitFor();
    await expect(page.getByRole('button', { name: '确认提交' }).count()).resolves.toBe(0);
    await saveScreenshot(page, 'check-in-wrong-link');

    await page.goto(`${system.apiUrl}/check-in`);
    await page.locator('#check-in-problem[data-state="invalid"]').waitFor();
  });
});
