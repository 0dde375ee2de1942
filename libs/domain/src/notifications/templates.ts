import type { StudentCard } from '@app/contracts';
import type { NotificationMessage } from './messages';

/** Stands in the stored body for the recipient's personal link; the sender mints a token and fills it in. */
export const PERSONAL_LINK = '{{personal_link}}';

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
}

interface Bilingual {
  subject: { zh: string; en: string };
  zh: string[];
  en: string[];
}

const chinaTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
});
const englishTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false,
});
const deadlineZh = (date: Date) => `${chinaTime.format(date)}（北京时间）`;
const deadlineEn = (date: Date) => `${englishTime.format(date)} (China Standard Time)`;

const studentCardZh = (card: StudentCard) => [
  `书院：${card.college}`, `专业：${card.major}`, `入学年份：${card.enrollmentYear}`, `关注话题：${card.topics.join('、')}`, `自我陈述：${card.statement}`,
];
const studentCardEn = (card: StudentCard) => [
  `College: ${card.college}`, `Major: ${card.major}`, `Enrolled: ${card.enrollmentYear}`, `Topics: ${card.topics.join(', ')}`, `Statement: ${card.statement}`,
];

function compose(message: NotificationMessage): Bilingual {
  const cohort = message.cohortName;
  const name = message.recipient.name;
  switch (message.type) {
    case 'application_received': {
      const roleZh = message.role === 'mentor' ? '师友' : '生友';
      const roleEn = message.role === 'mentor' ? 'mentor' : 'student';
      return {
        subject: { zh: `【${cohort}】已收到您的${roleZh}申请`, en: `Application received — ${cohort}` },
        zh: [`${name}，您好：`, `我们已收到您在「${cohort}」的${roleZh}申请，审核结果将通过邮件通知您。`, `您的个人页面（请勿转发）：${PERSONAL_LINK}`],
        en: [`Dear ${name},`, `We have received your ${roleEn} application to "${cohort}". We will email you about the review.`, `Your personal page (do not forward): ${PERSONAL_LINK}`],
      };
    }
    case 'proposal_to_mentor':
    case 'proposal_reminder': {
      const reminder = message.type === 'proposal_reminder';
      return {
        subject: reminder
          ? { zh: `【${cohort}】提醒：请在截止前回复推荐的生友`, en: `Reminder: please respond to your proposed student — ${cohort}` }
          : { zh: `【${cohort}】为您推荐了一位生友`, en: `A student has been proposed to you — ${cohort}` },
        zh: [
          `${name}，您好：`,
          reminder ? `您在「${cohort}」还有一位推荐的生友尚未回复，截止时间为 ${deadlineZh(message.respondBy)}。` : `「${cohort}」为您推荐了一位生友，请在 ${deadlineZh(message.respondBy)} 前接受或婉拒。`,
          ...studentCardZh(message.student),
          `生友的联系方式将在您接受后提供。请通过您的个人页面回复：${PERSONAL_LINK}`,
        ],
        en: [
          `Dear ${name},`,
          reminder ? `A student proposed to you in "${cohort}" is still waiting for your answer; the deadline is ${deadlineEn(message.respondBy)}.` : `"${cohort}" proposes a student to you. Please accept or decline by ${deadlineEn(message.respondBy)}.`,
          ...studentCardEn(message.student),
          `The student's contact details are shared once you accept. Respond on your personal page: ${PERSONAL_LINK}`,
        ],
      };
    }
    case 'match_confirmed': {
      const c = message.counterpart;
      const contactZh = [`姓名：${c.name}`, `简介：${c.headline}`, `邮箱：${c.email}`, ...(c.phone ? [`电话：${c.phone}`] : [])];
      const contactEn = [`Name: ${c.name}`, `About: ${c.headline}`, `Email: ${c.email}`, ...(c.phone ? [`Phone: ${c.phone}`] : [])];
      const otherZh = message.role === 'mentor' ? '您的生友' : '您的师友';
      const otherEn = message.role === 'mentor' ? 'your student' : 'your mentor';
      return {
        subject: { zh: `【${cohort}】匹配成功`, en: `Your match is confirmed — ${cohort}` },
        zh: [`${name}，您好：`, `恭喜！您在「${cohort}」的匹配已确认。以下是${otherZh}的联系方式：`, ...contactZh, `个人页面：${PERSONAL_LINK}`],
        en: [`Dear ${name},`, `Congratulations! Your match in "${cohort}" is confirmed. Here is how to reach ${otherEn}:`, ...contactEn, `Personal page: ${PERSONAL_LINK}`],
      };
    }
    case 'proposal_declined':
    case 'proposal_expired': {
      const declined = message.type === 'proposal_declined';
      return {
        subject: { zh: `【${cohort}】本轮匹配未成功，您将进入下一轮`, en: `Not matched this time — you stay in the pool — ${cohort}` },
        zh: [
          `${name}，您好：`,
          declined ? `很遗憾，「${cohort}」本轮为您推荐的师友未能接受此次匹配。` : `很遗憾，「${cohort}」本轮为您推荐的师友未在截止时间前回复。`,
          '您仍在匹配池中，下一轮匹配时我们会继续为您寻找合适的师友。您也可以在个人页面查看状态：' + PERSONAL_LINK,
        ],
        en: [
          `Dear ${name},`,
          declined ? `We are sorry: the mentor proposed to you this round of "${cohort}" could not take you on.` : `We are sorry: the mentor proposed to you this round of "${cohort}" did not answer in time.`,
          `You stay in the pool and will be considered again in the next round. Follow your status on your personal page: ${PERSONAL_LINK}`,
        ],
      };
    }
    case 'round_summary': {
      const s = message.stats;
      const kind = message.dryRun ? { zh: '（预览）', en: ' (preview)' } : { zh: '', en: '' };
      const ranks = Object.entries(s.byChoiceRank).sort(([a], [b]) => (a === 'filled' ? 1 : b === 'filled' ? -1 : Number(a) - Number(b)));
      const ranksZh = ranks.map(([rank, count]) => (rank === 'filled' ? `按匹配度补充：${count} 人` : `第 ${rank} 志愿：${count} 人`));
      const ranksEn = ranks.map(([rank, count]) => (rank === 'filled' ? `score-filled: ${count}` : `choice ${rank}: ${count}`));
      return {
        subject: { zh: `【${cohort}】第 ${message.roundNumber} 轮匹配完成${kind.zh}`, en: `Round ${message.roundNumber} completed${kind.en} — ${cohort}` },
        zh: [`${name}，您好：`, `「${cohort}」第 ${message.roundNumber} 轮匹配${kind.zh}已完成：生友 ${s.students} 人，师友 ${s.mentors} 人，匹配 ${s.matched} 人，未匹配 ${s.unmatched} 人，师友名额使用率 ${(s.mentorFillRate * 100).toFixed(0)}%。`, ...ranksZh],
        en: [`Dear ${name},`, `Round ${message.roundNumber}${kind.en} of "${cohort}" is complete: ${s.students} students, ${s.mentors} mentors, ${s.matched} matched, ${s.unmatched} unmatched, mentor fill rate ${(s.mentorFillRate * 100).toFixed(0)}%.`, ...ranksEn],
      };
    }
    default: {
      const unknown: never = message;
      throw new Error(`Unknown notification ${JSON.stringify(unknown)}`);
    }
  }
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

function paragraphHtml(line: string): string {
  const escaped = escapeHtml(line).replace(/\r?\n/g, '<br>');
  return `<p>${escaped.replace(PERSONAL_LINK, `<a href="${PERSONAL_LINK}">${PERSONAL_LINK}</a>`)}</p>`;
}

/** 中文 first, English below, as plain text and as HTML. */
export function renderNotification(message: NotificationMessage): RenderedMessage {
  const { subject, zh, en } = compose(message);
  const separator = '— English below —';
  return {
    subject: `${subject.zh} | ${subject.en}`,
    text: [...zh, '', separator, '', ...en, ''].join('\n'),
    html: [
      '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"></head><body style="font-family:sans-serif;line-height:1.6">',
      `<div lang="zh-CN">${zh.map(paragraphHtml).join('')}</div>`,
      `<hr><p style="color:#666">${escapeHtml(separator)}</p>`,
      `<div lang="en">${en.map(paragraphHtml).join('')}</div>`,
      '</body></html>',
    ].join(''),
  };
}

/** Fills the personal link into a stored body (escaped for HTML bodies); without an owner the placeholder never appears. */
export function fillPersonalLink(body: string, link: string, format: 'text' | 'html'): string {
  return body.split(PERSONAL_LINK).join(format === 'html' ? escapeHtml(link) : link);
}
