import type { Bilingual, CheckInAnswer, StudentCard, UnmatchedReason } from '@app/contracts';
import { CHECK_IN_ANSWER_WORDS, END_REASON_WORDS } from '../pairs/pair-words';
import type { NotificationMessage } from './messages';

/** Stands in the stored body for the recipient's personal link; the sender mints a token and fills it in. */
export const PERSONAL_LINK = '{{personal_link}}';

/** Stands for the check-in page with a fresh check-in token (`…/check-in#token=…`); each answer appends `&answer=…`. */
export const CHECK_IN_LINK = '{{check_in_link}}';

/** Stands for a one-time sign-in link to the console (`…/admin/sign-in#token=…`), minted at send time. */
export const SIGN_IN_LINK = '{{sign_in_link}}';

const SIGN_IN_ACTION: MailAction = { label: { zh: '登录管理后台', en: 'Sign in to the console' }, href: SIGN_IN_LINK };
const STAFF_ROLE_WORDS = { admin: { zh: '管理员', en: 'an admin' }, coordinator: { zh: '协调员', en: 'a coordinator' } } as const;

/** A button in the HTML part, a labelled link in the text part; `href` is one of the placeholders above. */
export interface MailAction {
  label: Bilingual;
  href: string;
}

/** What a message says, before any layout: paragraphs in each language (a paragraph may hold line breaks) and its buttons. */
export interface ComposedMail {
  subject: Bilingual;
  zh: string[];
  en: string[];
  actions: MailAction[];
}

const chinaTime = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false,
});
const englishTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Shanghai', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false,
});
const deadlineZh = (date: Date) => `${chinaTime.format(date)}（北京时间）`;
const deadlineEn = (date: Date) => `${englishTime.format(date)} (China Standard Time)`;

const ROLE_WORDS = { mentor: { zh: '师友', en: 'mentor' }, student: { zh: '生友', en: 'student' } } as const;

const PERSONAL_PAGE: MailAction = { label: { zh: '打开个人页面', en: 'Open your personal page' }, href: PERSONAL_LINK };

/** Why a round left a student unplaced, said to the student (the console says it to coordinators in its own words). */
const UNPLACED_WORDS: Record<UnmatchedReason, Bilingual> = {
  no_acceptable_mentor: {
    zh: '您还没有选择师友，本轮也没有与您足够契合的师友。',
    en: 'You have not chosen any mentor, and no mentor matched you closely enough this round.',
  },
  preferred_mentors_full: {
    zh: '您名单上每位师友的名额，都已由与其更契合的其他生友获得。',
    en: 'Every place of the mentors on your list went to other students who matched them more closely.',
  },
  // The round gives this reason whenever every mentor on the list was left out of it for the pair: declined or let an
  // earlier proposal expire, an earlier pair ended, or the mentor takes no part in this round.
  all_choices_declined_before: {
    zh: '您名单上的师友本轮都不能与您匹配，他们此前已婉拒或未回复与您的匹配，或本轮没有参加匹配。',
    en: 'None of the mentors on your list could be matched with you this round: they declined or did not answer an earlier proposal, or are not taking part in this round.',
  },
  preferred_mentors_have_no_capacity: {
    zh: '您名单上的师友都已没有空余名额。',
    en: 'The mentors on your list have no places left.',
  },
  preferred_mentors_full_or_unavailable: {
    zh: '您名单上的师友有的名额已满，有的本轮不能与您匹配。',
    en: 'Some mentors on your list are full, and the others cannot be matched with you this round.',
  },
};

const studentCardZh = (card: StudentCard) =>
  [`书院：${card.college}`, `专业：${card.major}`, `入学年份：${card.enrollmentYear}`, `关注话题：${card.topics.join('、')}`, `自我陈述：${card.statement}`].join('\n');
const studentCardEn = (card: StudentCard) =>
  [`College: ${card.college}`, `Major: ${card.major}`, `Enrolled: ${card.enrollmentYear}`, `Topics: ${card.topics.join(', ')}`, `Statement: ${card.statement}`].join('\n');

/** Paragraphs of a coordinator's text: blank lines separate them. */
const paragraphsOf = (text: string) => text.split(/\r?\n\s*\r?\n/).map((paragraph) => paragraph.trim()).filter(Boolean);

export function composeMail(message: NotificationMessage): ComposedMail {
  const cohort = message.cohortName;
  const name = message.recipient.name;
  switch (message.type) {
    case 'application_received': {
      const role = ROLE_WORDS[message.role];
      return {
        subject: { zh: `【${cohort}】已收到您的${role.zh}申请`, en: `Application received — ${cohort}` },
        zh: [`${name}，您好：`, `我们已收到您在「${cohort}」的${role.zh}申请。协调员审核后，我们会通过邮件告诉您结果。`, '您可以随时在个人页面查看申请状态。下方链接仅供您本人使用，请勿转发此邮件。'],
        en: [`Dear ${name},`, `We have received your ${role.en} application to "${cohort}". Once a coordinator has reviewed it, we will email you the outcome.`, 'Your personal page shows where your application stands. The link below is yours alone: please do not forward this email.'],
        actions: [PERSONAL_PAGE],
      };
    }
    case 'application_approved': {
      const role = ROLE_WORDS[message.role];
      const next = message.role === 'mentor'
        ? {
          zh: '每轮匹配后，我们会用一封邮件告诉您本轮推荐给您的全部生友，请在邮件写明的截止日 23:59（北京时间）前，在个人页面逐一接受或婉拒。',
          en: 'After each matching round, one email tells you every student proposed to you in it; please accept or decline each on your personal page by 23:59 (China time) of the day it names.',
        }
        : {
          zh: '匹配时，我们会通过邮件告诉您为您推荐的师友；师友接受后，您会收到双方的联系方式。报名开放期间，您可以在个人页面调整所选师友。',
          en: 'When matching runs, we will email you the mentor proposed to you; once they accept, you both receive each other\'s contact details. While applications are open, you can change your chosen mentors on your personal page.',
        };
      return {
        subject: { zh: `【${cohort}】您的${role.zh}申请已通过审核`, en: `Your application is approved — ${cohort}` },
        zh: [`${name}，您好：`, `您在「${cohort}」的${role.zh}申请已通过审核，欢迎参加！`, next.zh],
        en: [`Dear ${name},`, `Your ${role.en} application to "${cohort}" is approved — welcome!`, next.en],
        actions: [PERSONAL_PAGE],
      };
    }
    case 'application_rejected': {
      const role = ROLE_WORDS[message.role];
      const note = message.note ? { zh: [`协调员的说明：${message.note}`], en: [`The coordinator's note: ${message.note}`] } : { zh: [], en: [] };
      return {
        subject: { zh: `【${cohort}】关于您的${role.zh}申请`, en: `About your application — ${cohort}` },
        zh: [`${name}，您好：`, `感谢您报名「${cohort}」。很遗憾，您的${role.zh}申请本期未能通过审核。`, ...note.zh, '欢迎您关注并报名以后各期的师友计划。如有疑问，请与校友部联系。'],
        en: [`Dear ${name},`, `Thank you for applying to "${cohort}". We are sorry: your ${role.en} application was not accepted this time.`, ...note.en, 'You are welcome to apply to a later cohort. If you have questions, please contact the alumni office.'],
        actions: [PERSONAL_PAGE],
      };
    }
    case 'proposal_to_mentor':
    case 'proposal_reminder': {
      const reminder = message.type === 'proposal_reminder';
      const count = message.students.length;
      const cards = message.students.map(({ card }, index) => ({
        zh: `${count > 1 ? `【生友 ${index + 1}】\n` : ''}${studentCardZh(card)}`,
        en: `${count > 1 ? `[Student ${index + 1}]\n` : ''}${studentCardEn(card)}`,
      }));
      const many = { zh: count > 1 ? ` ${count} 位生友` : '一位生友', en: count > 1 ? `${count} students` : 'a student' };
      const deadline = { zh: deadlineZh(message.respondBy), en: deadlineEn(message.respondBy) };
      return {
        subject: reminder
          ? { zh: `【${cohort}】提醒：请在截止前回复推荐的生友`, en: `Reminder: please answer before the deadline — ${cohort}` }
          : { zh: `【${cohort}】为您推荐了${many.zh}，请在截止前回复`, en: `${count > 1 ? `${count} students have` : 'A student has'} been proposed to you — ${cohort}` },
        zh: [
          `${name}，您好：`,
          reminder
            ? `「${cohort}」推荐给您的${many.zh}还在等待您的回复，截止时间为 ${deadline.zh}。`
            : `「${cohort}」为您推荐了${many.zh}，请在 ${deadline.zh}前，在个人页面逐一接受或婉拒。`,
          ...cards.map((card) => card.zh),
          '您接受后，我们会把双方的联系方式发给您和生友。截止前未回复的推荐将自动失效，生友会参加下一轮匹配。',
        ],
        en: [
          `Dear ${name},`,
          reminder
            ? `${count > 1 ? `${count} students proposed to you in "${cohort}" are` : `A student proposed to you in "${cohort}" is`} still waiting for your answer; the deadline is ${deadline.en}.`
            : `"${cohort}" proposes ${many.en} to you. Please accept or decline ${count > 1 ? 'each ' : ''}on your personal page by ${deadline.en}.`,
          ...cards.map((card) => card.en),
          'Once you accept, we email you and the student each other\'s contact details. A proposal not answered by the deadline lapses, and the student takes part in the next round.',
        ],
        actions: [{ label: { zh: '查看并回复', en: 'View and answer' }, href: PERSONAL_LINK }],
      };
    }
    case 'proposal_made':
      return {
        subject: { zh: `【${cohort}】已为您推荐师友，等待师友确认`, en: `A mentor has been proposed to you — ${cohort}` },
        zh: [
          `${name}，您好：`,
          `「${cohort}」为您推荐了师友${message.mentorName}，师友将在 ${deadlineZh(message.respondBy)}前答复。师友接受后，我们会把双方的联系方式发给您，您无需做任何操作。`,
          '如果这次未能成功，您仍在匹配池中，将参加下一轮匹配。您可以在个人页面查看进展。',
        ],
        en: [
          `Dear ${name},`,
          `"${cohort}" has proposed you to mentor ${message.mentorName}, who answers by ${deadlineEn(message.respondBy)}. Once they accept, we email you both each other's contact details; you need not do anything.`,
          'If it does not work out, you stay in the pool for the next round. Your personal page shows how it goes.',
        ],
        actions: [PERSONAL_PAGE],
      };
    case 'student_unplaced': {
      const reason = UNPLACED_WORDS[message.reason];
      return {
        subject: { zh: `【${cohort}】第 ${message.roundNumber} 轮暂未为您匹配到师友，您将参加下一轮`, en: `No mentor for you in round ${message.roundNumber} yet: you stay in the pool — ${cohort}` },
        zh: [
          `${name}，您好：`,
          `「${cohort}」第 ${message.roundNumber} 轮匹配暂未为您匹配到师友。原因：${reason.zh}`,
          '您仍在匹配池中，将自动参加下一轮匹配，无需重新报名。个人页面列出了您名单上每位师友的具体原因；报名开放期间，您也可以调整所选师友。',
        ],
        en: [
          `Dear ${name},`,
          `Round ${message.roundNumber} of "${cohort}" found no mentor for you yet. The reason: ${reason.en}`,
          'You stay in the pool and take part in the next round by yourself: no need to apply again. Your personal page gives the reason for each mentor on your list; while applications are open, you can change your choices.',
        ],
        actions: [PERSONAL_PAGE],
      };
    }
    case 'match_confirmed': {
      const c = message.counterpart;
      const contactZh = [`姓名：${c.name}`, `简介：${c.headline}`, `邮箱：${c.email}`, ...(c.phone ? [`电话：${c.phone}`] : [])].join('\n');
      const contactEn = [`Name: ${c.name}`, `About: ${c.headline}`, `Email: ${c.email}`, ...(c.phone ? [`Phone: ${c.phone}`] : [])].join('\n');
      const other = message.role === 'mentor' ? { zh: '您的生友', en: 'your student' } : { zh: '您的师友', en: 'your mentor' };
      return {
        subject: { zh: `【${cohort}】匹配成功`, en: `Your match is confirmed — ${cohort}` },
        zh: [`${name}，您好：`, `恭喜！您在「${cohort}」的匹配已确认。以下是${other.zh}的联系方式：`, contactZh, `请尽快与${other.zh}联系，约定第一次见面；共同目标和见面记录都在个人页面。`],
        en: [`Dear ${name},`, `Congratulations! Your match in "${cohort}" is confirmed. Here is how to reach ${other.en}:`, contactEn, `Please get in touch with ${other.en} soon to arrange a first meeting; your shared goals and meeting log are on your personal page.`],
        actions: [PERSONAL_PAGE],
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
          '您仍在匹配池中，下一轮匹配时我们会继续为您寻找合适的师友。您也可以在个人页面查看状态。',
        ],
        en: [
          `Dear ${name},`,
          declined ? `We are sorry: the mentor proposed to you this round of "${cohort}" could not take you on.` : `We are sorry: the mentor proposed to you this round of "${cohort}" did not answer in time.`,
          'You stay in the pool and will be considered again in the next round. Follow your status on your personal page.',
        ],
        actions: [PERSONAL_PAGE],
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
        zh: [`${name}，您好：`, `「${cohort}」第 ${message.roundNumber} 轮匹配${kind.zh}已完成：生友 ${s.students} 人，师友 ${s.mentors} 人，匹配 ${s.matched} 人，未匹配 ${s.unmatched} 人，师友名额使用率 ${(s.mentorFillRate * 100).toFixed(0)}%。`, ranksZh.join('\n')],
        en: [`Dear ${name},`, `Round ${message.roundNumber}${kind.en} of "${cohort}" is complete: ${s.students} students, ${s.mentors} mentors, ${s.matched} matched, ${s.unmatched} unmatched, mentor fill rate ${(s.mentorFillRate * 100).toFixed(0)}%.`, ranksEn.join('\n')],
        actions: [],
      };
    }
    case 'check_in': {
      const partner = message.role === 'mentor'
        ? { zh: `生友${message.partnerName}`, en: `your student ${message.partnerName}` }
        : { zh: `师友${message.partnerName}`, en: `your mentor ${message.partnerName}` };
      return {
        subject: { zh: `【${cohort}】第 ${message.period} 次回访：您和${partner.zh}近况如何？`, en: `Check-in ${message.period}: how is it going with ${partner.en}? — ${cohort}` },
        zh: [
          `${name}，您好：`,
          `这是「${cohort}」的定期回访。请点选最符合您和${partner.zh}近况的一项，打开的页面上再点“确认”才会记录。请在 ${deadlineZh(message.closesAt)}前回复。`,
          '记录见面、查看共同目标，请到您的个人页面。',
        ],
        en: [
          `Dear ${name},`,
          `This is the regular check-in of "${cohort}". Choose what best describes how it is going with ${partner.en}; the page that opens records it only when you press "Confirm". Please answer by ${deadlineEn(message.closesAt)}.`,
          'To log meetings and see your shared goals, visit your personal page.',
        ],
        actions: [
          ...(Object.keys(CHECK_IN_ANSWER_WORDS) as CheckInAnswer[]).map((answer) => ({ label: CHECK_IN_ANSWER_WORDS[answer], href: `${CHECK_IN_LINK}&answer=${answer}` })),
          PERSONAL_PAGE,
        ],
      };
    }
    case 'check_in_help': {
      const asker = { zh: `${ROLE_WORDS[message.askedBy].zh}${message.askerName}`, en: `${ROLE_WORDS[message.askedBy].en} ${message.askerName}` };
      return {
        subject: { zh: `【${cohort}】${asker.zh}需要协调员帮助`, en: `${asker.en} asks for a coordinator's help — ${cohort}` },
        zh: [`${name}，您好：`, `在「${cohort}」的回访中，${asker.zh}（与${message.partnerName}结对）选择了“需要协调员帮助”。`, ...(message.note ? [`留言：${message.note}`] : []), '请尽快联系，并在管理后台的“师友关系”中查看这对师友的情况。'],
        en: [`Dear ${name},`, `In a check-in of "${cohort}", ${asker.en} (paired with ${message.partnerName}) chose "I need a coordinator's help".`, ...(message.note ? [`Note: ${message.note}`] : []), 'Please get in touch soon; the pair is in the console under "Pairs".'],
        actions: [],
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
      return {
        subject: { zh: `【${cohort}】${message.mentorName}与${message.studentName}的师友关系已结束`, en: `The pair ${message.mentorName} – ${message.studentName} has ended — ${cohort}` },
        zh: [`${name}，您好：`, `「${cohort}」中${message.mentorName}与${message.studentName}的师友关系已由${by.zh}结束，原因：${reason.zh}。`, ...note.zh, ...next.zh],
        en: [`Dear ${name},`, `In "${cohort}", the pair ${message.mentorName} – ${message.studentName} was ended by ${by.en}; reason: ${reason.en}.`, ...note.en, ...next.en],
        actions: message.member ? [PERSONAL_PAGE] : [],
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
          reminder ? `「${cohort}」的问卷「${title.zh}」将于 ${deadlineZh(message.closesAt)}截止，您还没有填写。` : `「${cohort}」邀请您填写问卷「${title.zh}」，只需几分钟，请在 ${deadlineZh(message.closesAt)}前完成。`,
          '在截止前您可以随时修改答案；文字回答默认匿名，是否署名由您决定。',
        ],
        en: [
          `Dear ${name},`,
          reminder ? `The survey "${title.en}" of "${cohort}" closes on ${deadlineEn(message.closesAt)} and you have not answered yet.` : `"${cohort}" invites you to answer the survey "${title.en}": a few minutes, by ${deadlineEn(message.closesAt)}.`,
          'You can change your answers until it closes; text answers are anonymous unless you choose to sign them.',
        ],
        actions: [{ label: { zh: '填写问卷', en: 'Answer the survey' }, href: PERSONAL_LINK }],
      };
    }
    case 'link_resent':
      return {
        subject: { zh: `【${cohort}】您的个人页面链接`, en: `Your personal page link — ${cohort}` },
        zh: [`${name}，您好：`, `您刚刚申请重新发送「${cohort}」的个人页面链接，请点击下方按钮打开。`, '如果这不是您本人的操作，请忽略此邮件，您的资料不会有任何变化。请勿转发此邮件。'],
        en: [`Dear ${name},`, `You just asked for your personal page link of "${cohort}" again: use the button below.`, 'If it was not you, ignore this email: nothing about your application changes. Please do not forward it.'],
        actions: [PERSONAL_PAGE],
      };
    case 'announcement':
      return {
        subject: { zh: `【${cohort}】${message.subject.zh}`, en: `${message.subject.en || message.subject.zh} — ${cohort}` },
        zh: [`${name}，您好：`, ...paragraphsOf(message.body.zh)],
        en: [`Dear ${name},`, ...(message.body.en ? paragraphsOf(message.body.en) : ['The alumni office wrote this announcement in Chinese only (above).'])],
        actions: [PERSONAL_PAGE],
      };
    case 'staff_invitation':
      return {
        subject: { zh: '邀请您使用师友计划管理后台', en: 'You are invited to the 师友计划 console' },
        zh: [`${name}，您好：`, `${message.invitedBy}邀请您以${STAFF_ROLE_WORDS[message.role].zh}身份使用师友计划管理后台。`, '请点击下方按钮登录。此链接 15 分钟内有效，只能使用一次；之后您可以随时在登录页输入邮箱，获取新的登录链接。'],
        en: [`Dear ${name},`, `${message.invitedBy} invites you to the 师友计划 console as ${STAFF_ROLE_WORDS[message.role].en}.`, 'Use the button below to sign in. The link works once, for 15 minutes; afterwards, enter your email on the sign-in page for a new one.'],
        actions: [SIGN_IN_ACTION],
      };
    case 'staff_sign_in':
      return {
        subject: { zh: '您的管理后台登录链接', en: 'Your console sign-in link' },
        zh: [`${name}，您好：`, '请点击下方按钮登录师友计划管理后台。此链接 15 分钟内有效，只能使用一次。', '如果这不是您本人的操作，请忽略此邮件。'],
        en: [`Dear ${name},`, 'Use the button below to sign in to the 师友计划 console. The link works once, for 15 minutes.', 'If it was not you, ignore this email.'],
        actions: [SIGN_IN_ACTION],
      };
    default: {
      const unknown: never = message;
      throw new Error(`Unknown notification ${JSON.stringify(unknown)}`);
    }
  }
}
