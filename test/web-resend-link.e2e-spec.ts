import { Page } from 'playwright-core';
import { SmtpSink } from '../scripts/smtp-sink';
import { fitsWidth, saveScreenshot, useBrowserSuite } from './support/browser';
import { applyStudent, createOpenCohort } from './support/factories';
import { TestSystem } from './support/system';

/**
 * "找回个人页面链接" at 360 px, in Chinese: the form on the home page and where a personal link does not work, its
 * field error in words, the same neutral words after sending whatever the address, and the new link arriving.
 */
describe('resend my link on a phone', () => {
  const suite = useBrowserSuite('web-resend-link');
  let system: TestSystem;
  let sink: SmtpSink;
  let page: Page;
  beforeEach(() => ({ system, sink, page } = suite));

  const NEUTRAL = '如果该邮箱报名过本期，我们已发送新的链接，请查收邮件。';
  const form = () => page.locator('#resend-link');
  const isResent = (to: string) => (mail: { subject: string; to: string[] }) => mail.subject.includes('您的个人页面链接') && mail.to.includes(to);

  it('on the home page: picks an earlier, closed cohort, says what is wrong with the address, and sends a link that opens the page', async () => {
    const closed = await createOpenCohort(system, { name: '第2期 师友计划' });
    const email = 'li.na@stu.example.edu.cn';
    const student = await applyStudent(system, closed, [], { email, name: '李娜' }, 1);
    await system.http().post(`/api/cohorts/${closed}/close`).set(system.coordinator).expect(200);
    await createOpenCohort(system, { name: '第3期 师友计划' });

    await page.goto(`${system.apiUrl}/`);
    await form().getByRole('heading', { name: '找回个人页面链接' }).waitFor();
    // The newest cohort is chosen; the closed one is offered too.
    await expect(form().getByRole('radio', { name: '第3期 师友计划（报名中）' }).getAttribute('aria-checked')).resolves.toBe('true');
    await form().getByRole('radio', { name: '第2期 师友计划（已截止）' }).click();
    await form().locator('[name="email"]').fill('li.na@');
    await form().getByRole('button', { name: '发送新链接' }).click();
    await form().locator('.field-error', { hasText: '请填写有效的电子邮箱' }).waitFor();
    await expect(form().locator('[name="email"]').getAttribute('aria-invalid')).resolves.toBe('true');
    await saveScreenshot(page, 'resend-link-home-field-error');

    await form().locator('[name="email"]').fill(email);
    await form().getByRole('button', { name: '发送新链接' }).click();
    await form().getByRole('status').filter({ hasText: NEUTRAL }).waitFor();
    await expect(form().locator('.field-error').count()).resolves.toBe(0);
    await expect(fitsWidth(page)).resolves.toBe(true);
    await saveScreenshot(page, 'resend-link-home-sent');

    const [mail] = (await sink.waitFor((all) => all.some(isResent(email)), 30_000)).filter(isResent(email));
    expect(mail.subject).toContain('第2期 师友计划');
    const link = /http:\/\/\S+\/me#token=[\w-]+/.exec(mail.text)![0];
    expect(link).not.toContain(student.accessToken);
    await page.goto(link);
    await page.locator('.me-page[aria-busy="false"][data-loaded="student"]').waitFor();
    await expect(page.locator('.me-page').textContent()).resolves.toContain('李娜');
  });

  it('where a personal link does not work: the same form, the same words for an address that never applied, and no email', async () => {
    await createOpenCohort(system, { name: '第4期 师友计划' });
    const unknown = 'never.applied@example.cn';

    await page.goto(`${system.apiUrl}/me#token=not-a-real-token`);
    await page.locator('#link-problem[data-kind="invalid"]').getByRole('alert').filter({ hasText: '链接已失效或不正确' }).waitFor();
    await expect(page.locator('#link-problem').textContent()).resolves.toContain('可以在下方获取新的链接');
    await form().getByRole('radio').first().waitFor();
    await form().locator('[name="email"]').fill(unknown);
    await form().getByRole('button', { name: '发送新链接' }).click();
    await form().getByRole('status').filter({ hasText: NEUTRAL }).waitFor();
    await expect(fitsWidth(page)).resolves.toBe(true);
    await saveScreenshot(page, 'resend-link-invalid-link-sent');

    await system.settled({ mail: true, timeoutMs: 60_000 });
    expect(sink.messages.filter((mail) => mail.to.includes(unknown))).toEqual([]);
  });
});
