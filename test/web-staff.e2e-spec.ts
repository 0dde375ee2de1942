import { SinkMessage } from '../scripts/smtp-sink';
import { saveScreenshot, useBrowserSuite } from './support/browser';
import { createOpenCohort } from './support/factories';

const DESKTOP = { width: 1280, height: 900 };

/**
 * The console's sign-in by emailed link and the 成员 page at 1280 px (DESIGN §10): an admin asks for a link on the
 * sign-in page, opens it from the email and lands in the console; invites a coordinator of one cohort; the coordinator
 * opens their invitation and sees that cohort alone, without the admin's pages.
 */
describe('staff sign-in and the 成员 page at 1280 px', () => {
  const suite = useBrowserSuite('web-staff');
  const linkIn = (mail: SinkMessage) => /https?:\/\/\S+\/admin\/sign-in#token=[\w-]+/.exec(mail.text)![0];
  const mailTo = async (email: string, subject: string) =>
    (await suite.sink.waitFor((mails) => mails.some((mail) => mail.to.includes(email) && mail.subject.includes(subject)), 30_000))
      .filter((mail) => mail.to.includes(email) && mail.subject.includes(subject)).at(-1)!;

  it('signs an admin in by the emailed link, invites a coordinator who then sees only their cohort', async () => {
    const { system, page, browser } = suite;
    await page.setViewportSize(DESKTOP);
    const [theirs, other] = [await createOpenCohort(system, { name: '第6期 师友计划（深圳校友会）' }), await createOpenCohort(system, { name: '第6期 师友计划（本部）' })];
    const admin = 'zhou@alumni.example.edu';
    await system.http().post('/api/staff').set(system.coordinator).send({ name: '周老师', email: admin, role: 'admin' }).expect(201);

    await page.goto(`${system.apiUrl}/admin`);
    await page.getByLabel('工作邮箱').fill(admin);
    await page.getByRole('button', { name: '发送登录链接' }).click();
    await page.locator('[data-link-sent]').waitFor();
    await saveScreenshot(page, 'staff-sign-in-sent');
    await page.goto(linkIn(await mailTo(admin, '您的管理后台登录链接')));
    await page.locator('[data-cohort-list][aria-busy="false"]').waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin');
    await expect(page.locator('[data-signed-in-as]').textContent()).resolves.toBe('周老师（管理员）');
    const [cookie] = (await page.context().cookies()).filter((item) => item.name === 'shiyou_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api' });
    await saveScreenshot(page, 'staff-signed-in-admin');

    await page.getByRole('button', { name: '成员', exact: true }).click();
    await page.locator('[data-staff-page][aria-busy="false"]').waitFor();
    await page.getByRole('button', { name: '邀请成员' }).click();
    const dialog = page.getByRole('dialog', { name: '邀请成员' });
    const coordinator = 'wu@alumni.example.edu';
    await dialog.locator('input[name="name"]').fill('吴老师');
    await dialog.locator('input[name="email"]').fill(coordinator);
    await dialog.locator('[data-staff-cohorts]').click();
    await page.getByRole('option', { name: '第6期 师友计划（深圳校友会）' }).click();
    await dialog.locator('input[name="name"]').click();
    await dialog.getByRole('button', { name: '发送邀请' }).click();
    const row = page.locator('tr', { hasText: coordinator });
    await row.waitFor();
    await expect(row.textContent()).resolves.toContain('协调员');
    await expect(row.textContent()).resolves.toContain('第6期 师友计划（深圳校友会）');
    await saveScreenshot(page, 'staff-page');

    // The admin's 审计日志 holds writes outside any cohort too: the invitation just sent, by whom.
    await page.locator('[data-nav="audit"]').click();
    const invited = page.locator('[data-audit-page] tr', { hasText: '添加工作人员' }).first();
    await invited.waitFor();
    await expect(invited.textContent()).resolves.toContain('周老师');
    await saveScreenshot(page, 'staff-audit-page');

    const coordinatorContext = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN' });
    try {
      const theirPage = await coordinatorContext.newPage();
      await theirPage.goto(linkIn(await mailTo(coordinator, '邀请您使用')));
      await theirPage.locator('[data-cohort-list][aria-busy="false"]').waitFor();
      await expect(theirPage.locator('[data-cohort-id]').evaluateAll((cells) => cells.map((cell) => Number(cell.getAttribute('data-cohort-id'))))).resolves.toEqual([theirs]);
      expect(other).not.toBe(theirs);
      await expect(theirPage.getByRole('button', { name: '成员', exact: true }).count()).resolves.toBe(0);
      await expect(theirPage.getByRole('button', { name: '新建期次' }).count()).resolves.toBe(0);
      await expect(theirPage.locator('[data-signed-in-as]').textContent()).resolves.toBe('吴老师（协调员）');
      await saveScreenshot(theirPage, 'staff-signed-in-coordinator');
    } finally {
      await coordinatorContext.close();
    }
  });
});
