import { Browser, Page } from 'playwright-core';
import type { NotificationMessage } from '../libs/domain/src/notifications/messages';
import { renderNotification, sentBodies } from '../libs/domain/src/notifications/templates';
import { sampleStudent } from '../scripts/sample/sample-cohort';
import { fitsWidth, launchBrowser, PHONE, saveScreenshot } from './support/browser';

/**
 * The HTML emails as a phone's mail app shows them: real messages laid out by the compiled MJML layout, their links
 * filled in as the sender does, opened in Chromium at 360 px (and once at 1280 px).
 */
const LINKS = { personal: 'https://shiyou.example.edu/me#token=m_Zb3kq9VtXw2LpR7sYc4NhA1dGf6JeU0oMiTy8BnQxKs', checkIn: 'https://shiyou.example.edu/check-in#token=k_8fJ2mQ4rT6vX0zB3nL5pW7yD9', signIn: null };
const CLOSES = new Date('2026-12-01T15:59:00Z'); // 23:59 China time
const cohort = { cohortId: 1, cohortName: '2026 春季 师友计划' };

function studentCard(index: number) {
  const { college, major, enrollmentYear, topics, statement } = sampleStudent(index, []);
  return { college, major, enrollmentYear, topics, statement };
}

const MESSAGES: Record<string, NotificationMessage> = {
  'proposal-digest': {
    ...cohort, type: 'proposal_to_mentor', mentorId: 4, roundId: 2, respondBy: CLOSES, recipient: { email: 'wang.fang@example.com', name: '王芳' },
    students: [0, 1, 2].map((index) => ({ matchId: 100 + index, card: studentCard(index) })),
  },
  'check-in': {
    ...cohort, type: 'check_in', role: 'student', applicationId: 31, checkInId: 9, period: 2, partnerName: '王芳', closesAt: CLOSES,
    recipient: { email: 'li.lei@example.com', name: '李雷' },
  },
  announcement: {
    ...cohort, type: 'announcement', announcementId: 3, role: 'mentor', applicationId: 4, recipient: { email: 'wang.fang@example.com', name: '王芳' },
    subject: { zh: '结业典礼通知', en: 'Closing ceremony' },
    body: {
      zh: '本期师友计划结业典礼定于12月20日（周日）下午三点在思源活动中心举行。\n\n请您提前十分钟到场签到。典礼后有茶歇，欢迎与您的生友合影留念。',
      en: 'The closing ceremony is on Sunday 20 December at 3 pm in the Siyuan Activity Centre.\n\nPlease arrive ten minutes early to sign in. Tea follows the ceremony.',
    },
  },
};

const sentHtml = (message: NotificationMessage) => sentBodies(renderNotification(message), LINKS).html;

describe('HTML email in Chromium', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Opens the email as a page of the given width; every request it makes (it should make none) is counted and refused. */
  async function openMail(message: NotificationMessage, viewport = PHONE): Promise<{ page: Page; requests: string[] }> {
    const page = await browser.newPage({ viewport, locale: 'zh-CN' });
    const requests: string[] = [];
    await page.route('**/*', (route) => {
      requests.push(route.request().url());
      return route.abort();
    });
    await page.setContent(sentHtml(message), { waitUntil: 'load' });
    return { page, requests };
  }

  const box = async (page: Page, selector: string) => (await page.locator(selector).first().boundingBox())!;

  it.each(Object.keys(MESSAGES))('shows the %s email on a phone: no sideways scroll, 中文 above English, buttons large enough to tap', async (name) => {
    const { page, requests } = await openMail(MESSAGES[name]);
    try {
      expect(await fitsWidth(page)).toBe(true);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      expect(requests).toEqual([]);

      const zh = await box(page, '.language[lang="zh-CN"]');
      const en = await box(page, '.language[lang="en"]');
      expect(zh.y + zh.height).toBeLessThanOrEqual(en.y);
      const text = async (lang: string) => (await page.locator(`.language[lang="${lang}"]`).innerText()).trim();
      expect(await text('zh-CN')).toMatch(/^\S+，您好：/);
      expect(await text('en')).toMatch(/^Dear /);

      const primary = page.locator('.language[lang="zh-CN"] .button a').first();
      await expect(primary.isVisible()).resolves.toBe(true);
      const button = (await primary.boundingBox())!;
      expect(button.height).toBeGreaterThanOrEqual(44);
      // Nearly the phone's width: the layout widens buttons below 480 px.
      expect(button.width).toBeGreaterThanOrEqual(PHONE.width - 2 * 24 - 2);
      const colours = await primary.evaluate((anchor) => ({ text: getComputedStyle(anchor).color, background: getComputedStyle(anchor).backgroundColor }));
      expect(colours).toEqual({ text: 'rgb(255, 255, 255)', background: 'rgb(155, 28, 46)' });

      // Every piece of text a reader sees is 14 px or larger.
      const smallest = await page.evaluate(() => {
        const sizes = [...document.querySelectorAll<HTMLElement>('body *')]
          .filter((element) => element.offsetParent !== null && [...element.childNodes].some((node) => node.nodeType === Node.TEXT_NODE && node.textContent!.trim()))
          .map((element) => parseFloat(getComputedStyle(element).fontSize));
        return Math.min(...sizes);
      });
      expect(smallest).toBeGreaterThanOrEqual(14);

      const footer = await page.locator('body').innerText();
      expect(footer).toContain('您收到此邮件，是因为您报名参加了「2026 春季 师友计划」。');
      expect(footer).toContain('请勿转发');
      expect(footer.trimEnd()).toMatch(/校友部\s+Alumni Office$/);
      await saveScreenshot(page, `mail-${name}`);
    } finally {
      await page.close();
    }
  });

  it('lists every student of a proposal digest and links its one button to the personal page', async () => {
    const { page } = await openMail(MESSAGES['proposal-digest']);
    try {
      const chinese = await page.locator('.language[lang="zh-CN"]').innerText();
      for (const index of [0, 1, 2]) {
        expect(chinese).toContain(`生友 ${index + 1}`);
        expect(chinese).toContain(studentCard(index).major);
      }
      const buttons = page.locator('.button a');
      await expect(buttons.allInnerTexts()).resolves.toEqual(['查看并回复', 'View and answer']);
      for (const href of await buttons.evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href')))) expect(href).toBe(LINKS.personal);
    } finally {
      await page.close();
    }
  });

  it("gives a check-in its three answers and the personal page, each answer's link carrying it", async () => {
    const { page } = await openMail(MESSAGES['check-in']);
    try {
      const buttons = page.locator('.language[lang="zh-CN"] .button a');
      await expect(buttons.allInnerTexts()).resolves.toEqual(['已见面，进展顺利', '还没见面', '需要协调员帮助', '打开个人页面']);
      const hrefs = await buttons.evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute('href')));
      expect(hrefs).toEqual([`${LINKS.checkIn}&answer=on_track`, `${LINKS.checkIn}&answer=not_yet`, `${LINKS.checkIn}&answer=need_help`, LINKS.personal]);
      for (const answer of await page.locator('.button a').all()) {
        await expect(answer.isVisible()).resolves.toBe(true);
        expect((await answer.boundingBox())!.height).toBeGreaterThanOrEqual(44);
      }
      // Only the first is filled in the program's colour: the others are outlined.
      const backgrounds = await buttons.evaluateAll((anchors) => anchors.map((anchor) => getComputedStyle(anchor).backgroundColor));
      expect(backgrounds).toEqual(['rgb(155, 28, 46)', 'rgb(255, 255, 255)', 'rgb(255, 255, 255)', 'rgb(255, 255, 255)']);
    } finally {
      await page.close();
    }
  });

  it('keeps a centred 600 px column on a desktop screen, its buttons their own width', async () => {
    const viewport = { width: 1280, height: 800 };
    const { page } = await openMail(MESSAGES['check-in'], viewport);
    try {
      expect(await fitsWidth(page)).toBe(true);
      const column = await box(page, '.language[lang="zh-CN"]');
      expect(column.width).toBe(600);
      expect(Math.abs(column.x + column.width / 2 - viewport.width / 2)).toBeLessThanOrEqual(1);
      const button = await box(page, '.button a');
      expect(button.height).toBeGreaterThanOrEqual(44);
      expect(button.width).toBeLessThan(300);
      await saveScreenshot(page, 'mail-check-in-desktop');
    } finally {
      await page.close();
    }
  });
});
