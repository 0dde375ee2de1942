import { AnnouncementView } from '@app/contracts';
import { Page } from 'playwright-core';
import { fitsWidth, openCohortAsCoordinator, saveScreenshot, tabShown, useBrowserSuite } from './support/browser';
import { populatedCohort } from './support/factories';
import { accept } from './support/rounds';
import { TestSystem } from './support/system';

const DESKTOP = { width: 1280, height: 900 };

/** Announcements in the console at 1280 px (中文): written, counted per audience, confirmed, followed until sent. */
describe('announcements in the console', () => {
  const suite = useBrowserSuite('web-announcements');
  let system: TestSystem;
  let page: Page;
  beforeEach(() => ({ system, page } = suite));

  const composer = () => page.locator('[data-announcement-composer]');
  const countShown = async () => {
    await composer().locator('.count[data-recipients]:not([data-recipients=""])').waitFor();
    return composer().locator('.count').textContent();
  };
  async function choose(label: string, expected: string): Promise<void> {
    await composer().locator('[data-audience]').getByText(label, { exact: true }).click();
    await page.waitForFunction((text) => document.querySelector('[data-announcement-composer] .count')?.textContent?.includes(text), expected);
  }

  it('counts each audience, confirms the number, sends, and shows the row until every email is sent', async () => {
    const { cohortId, mentors, students } = await populatedCohort(system, 2, 3, { name: '第3期 师友计划 公告' });
    const proposal = await system.http().post(`/api/cohorts/${cohortId}/matches`).set(system.coordinator)
      .send({ studentId: students[0].id, mentorId: mentors[0].id }).expect(201);
    await accept(system, mentors[0], proposal.body.id).expect(200);
    await page.setViewportSize(DESKTOP);
    await openCohortAsCoordinator(page, system.apiUrl, cohortId, 'announcements');
    await expect(page.getByRole('tab', { name: '公告', exact: true }).count()).resolves.toBe(1);
    await expect(page.locator('[data-announcement-list]').textContent()).resolves.toContain('本期还没有发过公告。');

    await expect(countShown()).resolves.toBe('将发送给 5 人（师友 2 人，生友 3 人）');
    await choose('已配对的人', '将发送给 2 人（师友 1 人，生友 1 人）');
    await choose('未配对的生友', '将发送给 2 人（师友 0 人，生友 2 人）');
    await choose('需关注配对的双方', '这一对象目前没有人，无法发送。');
    await choose('全体生友', '将发送给 3 人（师友 0 人，生友 3 人）');
    const send = composer().locator('[data-send-announcement]');
    await expect(send.isDisabled()).resolves.toBe(true);

    await composer().locator('[data-subject-zh]').fill('师友见面会通知');
    await composer().locator('[data-body-zh]').fill('各位同学好：\n\n本周六下午两点在图书馆报告厅举行师友见面会，欢迎参加。');
    await composer().locator('[data-body-en]').fill('Hello,\n\nThe mentors meet-up is on Saturday at 2 pm in the library hall.');
    await expect(send.isDisabled()).resolves.toBe(false);
    expect(await fitsWidth(page)).toBe(true);
    await saveScreenshot(page, 'announcements-compose-1280');

    await send.click();
    const dialog = page.locator('.announcement-confirm');
    await dialog.waitFor();
    await expect(dialog.textContent()).resolves.toContain('将把「师友见面会通知」发送给全体生友，共 3 人，每人一封邮件。');
    await saveScreenshot(page, 'announcements-confirm-1280');
    await dialog.getByRole('button', { name: '发送给 3 人' }).click();

    const row = page.locator('.announcement-row').first();
    await row.locator('[data-status="sent"]').waitFor({ timeout: 30_000 });
    await tabShown(page, 'announcements');
    await expect(row.locator('[data-announcement-id]').textContent()).resolves.toBe('师友见面会通知');
    await expect(row.textContent()).resolves.toContain('全体生友');
    await expect(row.locator('[data-recipients]').textContent()).resolves.toBe('3');
    await expect(row.locator('[data-sent]').textContent()).resolves.toBe('3');
    await expect(row.locator('[data-failed]').textContent()).resolves.toBe('0');
    await expect(row.locator('[data-status]').textContent()).resolves.toBe('已发送');
    const [listed]: AnnouncementView[] = (await system.http().get(`/api/cohorts/${cohortId}/announcements`).set(system.coordinator).expect(200)).body;
    const china = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }).format(new Date(listed.createdAt));
    await expect(row.textContent()).resolves.toContain(china);
    // The form is blank again, for the next announcement, with the audience kept.
    await expect(composer().locator('[data-subject-zh]').inputValue()).resolves.toBe('');
    await expect(countShown()).resolves.toBe('将发送给 3 人（师友 0 人，生友 3 人）');
    expect(await fitsWidth(page)).toBe(true);
    await saveScreenshot(page, 'announcements-sent-1280');
  });
});
