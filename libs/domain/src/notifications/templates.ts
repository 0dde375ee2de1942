import type { Bilingual } from '@app/contracts';
import { CHECK_IN_LINK, composeMail, ComposedMail, PERSONAL_LINK, SIGN_IN_LINK } from './compose';
import { contentHtml, escapeHtml, layoutHtml } from './mail-layout';
import { NotificationMessage, personalLinkOwner } from './messages';

export { CHECK_IN_LINK, PERSONAL_LINK, SIGN_IN_LINK };

/** What the sender fills in: the links a message's placeholders stand for. */
export interface MessageLinks {
  personal: string | null;
  checkIn: string | null;
  signIn: string | null;
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

const SEPARATOR = '— English below —';

/** The footer line: why this person receives the message. */
function whyReceived(message: NotificationMessage): Bilingual {
  if (message.cohortId === null) return { zh: '您收到此邮件，是因为您是师友计划的工作人员。', en: 'You receive this email because you are on the staff of 师友计划.' };
  return personalLinkOwner(message) || message.type === 'announcement'
    ? { zh: `您收到此邮件，是因为您报名参加了「${message.cohortName}」。`, en: `You receive this email because you applied to "${message.cohortName}".` }
    : { zh: `您收到此邮件，是因为您是「${message.cohortName}」的协调员。`, en: `You receive this email because you coordinate "${message.cohortName}".` };
}

const DO_NOT_FORWARD: Bilingual = { zh: '此邮件中的链接仅供您本人使用，请勿转发。', en: 'The links in this email are for you alone: please do not forward it.' };
const SENDER: Bilingual = { zh: '校友部', en: 'Alumni Office' };

const carriesLink = (mail: ComposedMail) => mail.actions.some((action) => [PERSONAL_LINK, CHECK_IN_LINK, SIGN_IN_LINK].some((link) => action.href.startsWith(link)));

/** The footer, line by line: why one receives the message, not to forward a personal link, who sends it. */
const footerOf = (message: NotificationMessage, mail: ComposedMail): Bilingual[] => [whyReceived(message), ...(carriesLink(mail) ? [DO_NOT_FORWARD] : []), SENDER];

function textPart(mail: ComposedMail, footer: Bilingual[]): string {
  const actions = (lang: 'zh' | 'en') => mail.actions.map((action) => `${action.label[lang]}${lang === 'zh' ? '：' : ': '}${action.href}`);
  const lines = footer.flatMap((line) => [line.zh, line.en]);
  return [...mail.zh, ...actions('zh'), '', SEPARATOR, '', ...mail.en, ...actions('en'), '', '--', ...lines, ''].join('\n');
}

function htmlPart(message: NotificationMessage, mail: ComposedMail, footer: Bilingual[]): string {
  const section = (lang: 'zh' | 'en') => ({
    lang: lang === 'zh' ? ('zh-CN' as const) : ('en' as const),
    paragraphs: mail[lang],
    buttons: mail.actions.map((action) => ({ label: action.label[lang], href: action.href })),
  });
  return contentHtml({ preview: mail.zh.join(' '), cohortName: message.cohortName, sections: [section('zh'), section('en')], notes: footer });
}

/** 中文 first, English below, as plain text and as the HTML body stored without its layout (see sentBodies). */
export function renderNotification(message: NotificationMessage): RenderedMessage {
  const mail = composeMail(message);
  const subject = `${mail.subject.zh} | ${mail.subject.en}`;
  const footer = footerOf(message, mail);
  return { subject, text: textPart(mail, footer), html: htmlPart(message, mail, footer) };
}

/** Fills the links into a stored body (escaped for HTML bodies); a message without such a link has no placeholder for it. */
function fillLinks(body: string, links: MessageLinks, format: 'text' | 'html'): string {
  const fill = (text: string, placeholder: string, link: string | null) => (link ? text.split(placeholder).join(format === 'html' ? escapeHtml(link) : link) : text);
  return fill(fill(fill(body, PERSONAL_LINK, links.personal), CHECK_IN_LINK, links.checkIn), SIGN_IN_LINK, links.signIn);
}

/** The bodies as they are sent: the links filled in, the HTML laid out in mail-layout.mjml's layout. */
export function sentBodies(stored: RenderedMessage, links: MessageLinks): { text: string; html: string } {
  // Filled before the layout, the links are spliced into the short stored body rather than the whole document.
  return { text: fillLinks(stored.text, links, 'text'), html: layoutHtml(stored.subject, fillLinks(stored.html, links, 'html')) };
}
