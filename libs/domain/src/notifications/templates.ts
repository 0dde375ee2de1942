import type { CheckInAnswer, StudentCard } from '@app/contracts';
import { CHECK_IN_ANSWER_WORDS, END_REASON_WORDS } from '../pairs/pair-words';
import type { NotificationMessage } from './messages';

/** Stands in the stored body for the recipient's personal link; the sender mints a token and fills it in. */
export const PERSONAL_LINK = '{{personal_link}}';

/** Stands for the check-in page with a fresh check-in token (`…/check-in#token=…`); each answer appends `&answer=…`. */
export const CHECK_IN_LINK = '{{check_in_link}}';

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

const answerLinks = (lang: 'zh' | 'en') =>
  (Object.keys(CHECK_IN_ANSWER_WORDS) as CheckInAnswer[]).map((answer) => `${CHECK_IN_ANSWER_WORDS[answer][lang]}${lang === 'zh' ? '：' : ': '}${CHECK_IN_LINK}&answer=${answer}`);

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
    case 'check_in': {
      const partnerZh = message.role === 'mentor' ? `生友${message.partnerName}` : `师友${message.partnerName}`;
      const partnerEn = message.role === 'mentor' ? `your student ${message.partnerName}` : `your mentor ${message.partnerName}`;
      return {
        subject: { zh: `【${cohort}】第 ${message.period} 次回访：您和${partnerZh}近况如何？`, en: `Check-in ${message.period}: how is it going with ${partnerEn}? — ${cohort}` },
        zh: [
          `${name}，您好：`,
          `这是「${cohort}」的定期回访。请点选最符合您和${partnerZh}近况的一项，打开的页面上再点“确认”才会记录：`,
          ...answerLinks('zh'),
          `请在 ${deadlineZh(message.closesAt)} 前回复。记录见面、查看共同目标，请到您的个人页面：${PERSONAL_LINK}`,
        ],
        en: [
          `Dear ${name},`,
          `This is the regular check-in of "${cohort}". Choose what best describes how it is going with ${partnerEn}; the page that opens records it only when you press "Confirm":`,
          ...answerLinks('en'),
          `Please answer by ${deadlineEn(message.closesAt)}. To log meetings and see your shared goals, visit your personal page: ${PERSONAL_LINK}`,
        ],
      };
    }
    case 'check_in_help': {
      const askerZh = `${message.askedBy === 'mentor' ? '师友' : '生友'}${message.askerName}`;
      const askerEn = `${message.askedBy === 'mentor' ? 'mentor' : 'student'} ${message.askerName}`;
      return {
        subject: { zh: `【${cohort}】${askerZh}需要协调员帮助`, en: `${askerEn} asks for a coordinator's help — ${cohort}` },
        zh: [`${name}，您好：`, `在「${cohort}」的回访中，${askerZh}（与${message.partnerName}结对）选择了“需要协调员帮助”。`, ...(message.note ? [`留言：${message.note}`] : []), '请尽快联系，并在管理后台的“师友关系”中查看这对师友的情况。'],
        en: [`Dear ${name},`, `In a check-in of "${cohort}", ${askerEn} (paired with ${message.partnerName}) chose "I need a coordinator's help".`, ...(message.note ? [`Note: ${message.note}`] : []), 'Please get in touch soon; the pair is in the console under "Pairs".'],
      };
    }
    case 'pair_ended': {
      const by = message.endedBy === 'coordinator' ? { zh: '协调员', en: 'a coordinator' }
        : message.endedBy === 'mentor' ? { zh: `师友${message.mentorName}`, en: `mentor ${message.mentorName}` } : { zh: `生友${message.studentName}`, en: `student ${message.studentName}` };
      const reason = END_REASON_WORDS[message.reason];
      const note = message.note ? { zh: [`说明：${message.note}`], en: [`Note: ${message.note}`] } : { zh: [], en: [] };
      const next = message.member?.role === 'student'
        ? { zh: ['您将回到匹配池，后续轮次可能为您推荐新的师友。'], en: ['You are back in the pool: a later round may propose a new mentor to you.'] }
        : message.member?.role === 'mentor'
          ? { zh: ['您的这个名额已空出，后续轮次可能为您推荐新的生友。'], en: ['Your place is free again: a later round may propose a new student to you.'] }
          : { zh: [], en: [] };
      const link = message.member ? { zh: [`个人页面：${PERSONAL_LINK}`], en: [`Personal page: ${PERSONAL_LINK}`] } : { zh: [], en: [] };
      return {
        subject: { zh: `【${cohort}】${message.mentorName}与${message.studentName}的师友关系已结束`, en: `The pair ${message.mentorName} – ${message.studentName} has ended — ${cohort}` },
        zh: [`${name}，您好：`, `「${cohort}」中${message.mentorName}与${message.studentName}的师友关系已由${by.zh}结束，原因：${reason.zh}。`, ...note.zh, ...next.zh, ...link.zh],
        en: [`Dear ${name},`, `In "${cohort}", the pair ${message.mentorName} – ${message.studentName} was ended by ${by.en}; reason: ${reason.en}.`, ...note.en, ...next.en, ...link.en],
      };
    }
    case 'survey_invitation':
    case 'survey_reminder': {
      const reminder = message.type === 'survey_reminder';
      const title = { zh: message.title.zh, en: message.title.en || message.title.zh };
      return {
        subject: reminder
          ? { zh: `【${cohort}】提醒：「${title.zh}」即将截止`, en: `Reminder: "${title.en}" closes soon — ${cohort}` }
          : { zh: `【${cohort}】邀请您填写「${title.zh}」`, en: `Please answer "${title.en}" — ${cohort}` },
        zh: [
          `${name}，您好：`,
          reminder ? `「${cohort}」的问卷「${title.zh}」将于 ${deadlineZh(message.closesAt)} 截止，您还没有填写。` : `「${cohort}」邀请您填写问卷「${title.zh}」，只需几分钟，请在 ${deadlineZh(message.closesAt)} 前完成。`,
          `在截止前您可以随时修改答案；文字回答默认匿名，是否署名由您决定。请在个人页面填写：${PERSONAL_LINK}`,
        ],
        en: [
          `Dear ${name},`,
          reminder ? `The survey "${title.en}" of "${cohort}" closes on ${deadlineEn(message.closesAt)} and you have not answered yet.` : `"${cohort}" invites you to answer the survey "${title.en}": a few minutes, by ${deadlineEn(message.closesAt)}.`,
          `You can change your answers until it closes; text answers are anonymous unless you choose to sign them. Answer on your personal page: ${PERSONAL_LINK}`,
        ],
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

/** A placeholder link, with the answer a check-in link carries, becomes an anchor. */
const LINKS_IN_HTML = /\{\{(?:personal_link|check_in_link)\}\}(?:&amp;answer=[a-z_]+)?/g;

function paragraphHtml(line: string): string {
  const escaped = escapeHtml(line).replace(/\r?\n/g, '<br>');
  return `<p>${escaped.replace(LINKS_IN_HTML, (link) => `<a href="${link}">${link}</a>`)}</p>`;
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

/** Fills the links into a stored body (escaped for HTML bodies); a message without such a link has no placeholder for it. */
export function fillLinks(body: string, links: MessageLinks, format: 'text' | 'html'): string {
  const fill = (text: string, placeholder: string, link: string | null) => (link ? text.split(placeholder).join(format === 'html' ? escapeHtml(link) : link) : text);
  return fill(fill(body, PERSONAL_LINK, links.personal), CHECK_IN_LINK, links.checkIn);
}
