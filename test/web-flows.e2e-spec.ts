import { Page } from 'playwright-core';
import { SmtpSink } from '../scripts/smtp-sink';
import { openCohortAsCoordinator, panelShown, saveScreenshot, useBrowserSuite } from './support/browser';
import { Applicant, applyMentor, applyStudent, approve, createOpenCohort, populatedCohort } from './support/factories';
import { accept, bearer, matchesOf, runRound } from './support/rounds';
import { TestSystem, waitFor } from './support/system';

interface NotificationView {
  id: number;
  recipientEmail: string;
  status: string;
  attempts: number;
  lastError: string | null;
}

describe('applicant and coordinator flows in Chromium', () => {
  const suite = useBrowserSuite('web-flows');
  let system: TestSystem;
  let sink: SmtpSink;
  let page: Page;
  beforeEach(() => ({ system, sink, page } = suite));

  async function openPersonalPage(applicant: Applicant) {
    await page.goto(`${system.apiUrl}/me#token=${applicant.accessToken}`);
    await page.locator('#loading').waitFor({ state: 'hidden' });
  }

  async function profileOf(applicant: Applicant) {
    return (await system.http().get('/api/me').set(bearer(applicant)).expect(200)).body;
  }

  it('lets a mentor decline a proposal with a reason and a note, and records both', async () => {
    const { cohortId, mentors } = await populatedCohort(system, 1, 1);
    await runRound(system, cohortId);
    const [proposal] = await matchesOf(system, cohortId, 'proposed');

    await openPersonalPage(mentors[0]);
    const card = page.locator(`article.proposal[data-match-id="${proposal.id}"]`);
    await card.getByLabel('婉拒原因').selectOption('not_a_fit');
    await card.getByLabel('补充说明（可选）').fill('专业方向不太对口');
    await card.getByRole('button', { name: '婉拒', exact: true }).click();

    await page.locator('#notice', { hasText: '已婉拒。该学生会进入下一轮匹配。' }).waitFor();
    await expect(card.locator('.status').textContent()).resolves.toBe('已婉拒');
    await expect(card.locator('form.decline-form').count()).resolves.toBe(0);
    await saveScreenshot(page, 'mentor-declines-with-reason');
    expect(await matchesOf(system, cohortId)).toMatchObject([{ id: proposal.id, status: 'declined', declineReason: 'not_a_fit', note: '专业方向不太对口' }]);
  });

  it('lets a student withdraw after confirming, which cancels the pending proposal', async () => {
    const { cohortId, mentors, students } = await populatedCohort(system, 1, 1);
    const proposal = await system.http().post(`/api/cohorts/${cohortId}/matches`).set(system.coordinator)
      .send({ studentId: students[0].id, mentorId: mentors[0].id }).expect(201);

    await openPersonalPage(students[0]);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.accept();
    });
    await page.getByRole('button', { name: '撤回报名' }).click();

    await page.locator('#notice', { hasText: '报名已撤回。' }).waitFor();
    expect(dialogs).toEqual([expect.stringContaining('确定撤回报名吗')]);
    await expect(page.locator(`#matches [data-match-id="${proposal.body.id}"] .status`).textContent()).resolves.toBe('已取消');
    await expect(page.getByRole('button', { name: '撤回报名' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: '修改志愿' }).count()).resolves.toBe(0);
    await expect(page.locator('#choices').textContent()).resolves.not.toContain('本期已截止');
    await saveScreenshot(page, 'student-withdraws');
    expect((await profileOf(students[0])).application.status).toBe('withdrawn');
    expect(await matchesOf(system, cohortId)).toMatchObject([{ id: proposal.body.id, status: 'cancelled' }]);
  });

  it('shows a coordinator the transitions of an accepted match', async () => {
    const { cohortId, mentors } = await populatedCohort(system, 1, 1);
    await runRound(system, cohortId);
    const [proposal] = await matchesOf(system, cohortId);
    await accept(system, mentors[0], proposal.id).expect(200);
    const history = (await system.http().get(`/api/matches/${proposal.id}/history`).set(system.coordinator).expect(200)).body;

    await page.setViewportSize({ width: 1200, height: 900 });
    await openCohortAsCoordinator(page, system.apiUrl, cohortId, '匹配');
    await page.locator(`tr[data-match-id="${proposal.id}"]`).getByRole('button', { name: '历史' }).click();

    await page.locator('#history h3', { hasText: `匹配 #${proposal.id} 的历史` }).waitFor();
    const lines = await page.locator('#history li').allTextContents();
    expect(lines).toHaveLength(history.length);
    expect(lines[0]).toMatch(/· 待师友回复 · /);
    expect(lines[0]).not.toContain('→');
    expect(lines.at(-1)).toContain('待师友回复 → 已接受 · mentor');
    await saveScreenshot(page, 'coordinator-sees-match-history');
  });

  it('lets a coordinator retry a notification that failed permanently, and the email then arrives', async () => {
    const cohortId = await createOpenCohort(system);
    const bounce = 'bounce.retry@stu.example.edu.cn';
    sink.rejectRecipient(bounce);
    await applyStudent(system, cohortId, [], { email: bounce, studentNumber: '2022880001' }, 0);
    const failed = await waitFor('the notification to fail', async () => {
      const { body } = await system.http().get(`/api/notifications?status=failed&cohortId=${cohortId}`).set(system.coordinator).expect(200);
      return (body as NotificationView[]).find((row) => row.recipientEmail === bounce);
    }, 20_000, 200);

    await page.setViewportSize({ width: 1200, height: 900 });
    await openCohortAsCoordinator(page, system.apiUrl, cohortId, '通知');
    await page.getByLabel('只看发送失败的').check();
    await panelShown(page, 'notifications');   // the filtered list has replaced the full one
    const row = page.locator(`tr[data-notification-id="${failed.id}"]`);
    await expect(row.textContent()).resolves.toContain('550');
    await saveScreenshot(page, 'coordinator-retries-failed-notification');
    sink.acceptRecipient(bounce);
    await row.getByRole('button', { name: '重试' }).click();

    await page.locator('#message', { hasText: '已重新排队。' }).waitFor();
    await row.waitFor({ state: 'detached' });
    await sink.waitFor((mails) => mails.some((mail) => mail.to.includes(bounce)), 20_000);
    // The worker records the message as sent after the SMTP server took it: the sink may have it first.
    const sent = await waitFor('the notification to be recorded as sent', async () => {
      const { body } = await system.http().get(`/api/notifications?status=sent&cohortId=${cohortId}`).set(system.coordinator).expect(200);
      return (body as NotificationView[]).find((notification) => notification.id === failed.id);
    }, 20_000, 200);
    expect(sent).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
  });

  it('keeps the tab a coordinator opened when the tab before it answers late', async () => {
    const cohortId = await createOpenCohort(system);
    await applyStudent(system, cohortId, [], {}, 0);
    // In the page, <html data-answered> lists the path of every answer whose handlers have all run: a timer set
    // when the body has been read fires after the promise callbacks the page chained on that read.
    await page.addInitScript(`(() => {
      const read = Response.prototype.text;
      Response.prototype.text = function () {
        const path = new URL(this.url).pathname;
        const body = read.call(this);
        body.then(() => setTimeout(() => {
          const root = document.documentElement;
          root.setAttribute('data-answered', ((root.getAttribute('data-answered') || '') + ' ' + path).trim());
        }, 0), () => undefined);
        return body;
      };
    })()`);
    // Opening the cohort loads its first tab (applications); hold that answer until the notifications tab shows.
    let release!: () => void;
    const released = new Promise<void>((resolve) => { release = resolve; });
    await page.route((url) => url.pathname === `/api/cohorts/${cohortId}/student-applications`, async (route) => {
      await released;
      await route.continue();
    });

    await page.setViewportSize({ width: 1200, height: 900 });
    await openCohortAsCoordinator(page, system.apiUrl, cohortId, '通知');
    release();
    await page.locator(`html[data-answered~="/api/cohorts/${cohortId}/student-applications"]`).waitFor({ state: 'attached' });

    await expect(page.locator('#tab-body').getAttribute('data-shown')).resolves.toBe('notifications');
    await expect(page.getByRole('tab', { name: '通知', exact: true }).getAttribute('aria-selected')).resolves.toBe('true');
    await expect(page.getByLabel('只看发送失败的').count()).resolves.toBe(1);
    await expect(page.getByRole('button', { name: '批准所选' }).count()).resolves.toBe(0);
  });

  it('explains the last real round to the student on their page', async () => {
    const cohortId = await createOpenCohort(system);
    const mentor = await applyMentor(system, cohortId, { capacity: 1 }, 0);
    await approve(system, cohortId, 'mentor', [mentor.id]);
    const students = [await applyStudent(system, cohortId, [mentor.id], {}, 0), await applyStudent(system, cohortId, [mentor.id], {}, 1)];
    await approve(system, cohortId, 'student', students.map((student) => student.id));
    const round = await runRound(system, cohortId);
    const [placed] = await matchesOf(system, cohortId);
    const unplaced = students.find((student) => student.id !== placed.student.id)!;
    const { lastRound } = await profileOf(unplaced);
    expect(lastRound).toMatchObject({ roundNumber: round.number, matched: false });
    expect(lastRound.reasons.length).toBeGreaterThan(0);

    await openPersonalPage(unplaced);
    const section = page.locator('#last-round');
    await expect(section.locator('h2').textContent()).resolves.toBe(`第 ${round.number} 轮匹配说明`);
    await expect(section.locator('p').textContent()).resolves.toBe(lastRound.summary.zh);
    await expect(section.locator('li').allTextContents()).resolves.toEqual(lastRound.reasons.map((reason: { text: { zh: string } }) => reason.text.zh));
    await saveScreenshot(page, 'student-sees-last-round');
  });
});
