import { CHECK_IN_LINK, composeMail, ComposedMail, PERSONAL_LINK } from './compose';
import { NotificationMessage, personalLinkOwner } from './messages';

export { CHECK_IN_LINK, PERSONAL_LINK };

/** What the sender fills in: the links a message's placeholders stand for. */
export interface MessageLinks {
  personal: string | null;
  checkIn: string | null;
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

const SEPARATOR = '— English below —';

/** The footer line: why this person receives the message. */
function whyReceived(message: NotificationMessage): { zh: string; en: string } {
  return personalLinkOwner(message) || message.type === 'announcement'
    ? { zh: `您收到此邮件，是因为您报名参加了「${message.cohortName}」。`, en: `You receive this email because you applied to "${message.cohortName}".` }
    : { zh: `您收到此邮件，是因为您是「${message.cohortName}」的协调员。`, en: `You receive this email because you coordinate "${message.cohortName}".` };
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const paragraphHtml = (paragraph: string) => `<p>${escapeHtml(paragraph).replace(/\r?\n/g, '<br>')}</p>`;

function textPart(mail: ComposedMail, why: { zh: string; en: string }): string {
  const actions = (lang: 'zh' | 'en') => mail.actions.map((action) => `${action.label[lang]}${lang === 'zh' ? '：' : ': '}${action.href}`);
  return [...mail.zh, ...actions('zh'), '', SEPARATOR, '', ...mail.en, ...actions('en'), '', '--', why.zh, why.en, ''].join('\n');
}

function htmlPart(mail: ComposedMail, why: { zh: string; en: string }): string {
  const actions = (lang: 'zh' | 'en') => mail.actions.map((action) => `<p><a href="${escapeHtml(action.href)}">${escapeHtml(action.label[lang])}</a></p>`).join('');
  return [
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"></head>',
    '<body style="font-family:sans-serif;line-height:1.6">',
    `<div lang="zh-CN">${mail.zh.map(paragraphHtml).join('')}${actions('zh')}</div>`,
    `<hr><p style="color:#666">${escapeHtml(SEPARATOR)}</p>`,
    `<div lang="en">${mail.en.map(paragraphHtml).join('')}${actions('en')}</div>`,
    `<hr><p style="color:#666;font-size:12px">${escapeHtml(why.zh)}<br>${escapeHtml(why.en)}</p>`,
    '</body></html>',
  ].join('');
}

/** 中文 first, English below, as plain text and as HTML. */
export function renderNotification(message: NotificationMessage): RenderedMessage {
  const mail = composeMail(message);
  const why = whyReceived(message);
  return { subject: `${mail.subject.zh} | ${mail.subject.en}`, text: textPart(mail, why), html: htmlPart(mail, why) };
}

/** Fills the links into a stored body (escaped for HTML bodies); a message without such a link has no placeholder for it. */
export function fillLinks(body: string, links: MessageLinks, format: 'text' | 'html'): string {
  const fill = (text: string, placeholder: string, link: string | null) => (link ? text.split(placeholder).join(format === 'html' ? escapeHtml(link) : link) : text);
  return fill(fill(body, PERSONAL_LINK, links.personal), CHECK_IN_LINK, links.checkIn);
}
