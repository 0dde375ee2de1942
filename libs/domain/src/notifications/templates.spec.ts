import { NOTIFICATION_TYPES } from '@app/contracts';
import { dedupeKeyOf, NotificationMessage, personalLinkOwner } from './messages';
import { PERSONAL_LINK, renderNotification, sentBodies } from './templates';

const cohort = { cohortId: 7, cohortName: '第3期 师友计划' };
const student = {
  college: '彭康书院', major: '计算机科学与技术', enrollmentYear: 2023, topics: ['职业规划', '求职面试'],
  statement: '希望了解互联网行业。\n也想聊聊读研。',
};
// 2026-12-01 16:30 UTC is 2026-12-02 00:30 in China.
const respondBy = new Date('2026-12-01T16:30:00Z');
const LINK = 'https://shiyou.example.edu/me#token=m_abc&x=1';
const CHECK_IN = 'https://shiyou.example.edu/check-in#token=k_abc';
const SIGN_IN = 'https://shiyou.example.edu/admin/sign-in#token=l_abc';
const staff = { cohortId: null, cohortName: '管理后台', staffId: 5, recipient: { email: 'zhao@example.edu', name: '赵老师' } };

const messages: Record<NotificationMessage['type'], NotificationMessage> = {
  application_received: { ...cohort, type: 'application_received', role: 'student', applicationId: 31, recipient: { email: 'li@example.com', name: '李雷' } },
  proposal_to_mentor: {
    ...cohort, type: 'proposal_to_mentor', mentorId: 12, roundId: 4, students: [{ matchId: 901, card: student }], respondBy, recipient: { email: 'wang@example.com', name: '王芳' },
  },
  proposal_reminder: {
    ...cohort, type: 'proposal_reminder', mentorId: 12, roundId: 4, students: [{ matchId: 901, card: student }], respondBy, recipient: { email: 'wang@example.com', name: '王芳' },
  },
  application_approved: { ...cohort, type: 'application_approved', role: 'mentor', applicationId: 12, recipient: { email: 'wang@example.com', name: '王芳' } },
  application_rejected: { ...cohort, type: 'application_rejected', role: 'student', applicationId: 31, note: '本期名额已满', recipient: { email: 'li@example.com', name: '李雷' } },
  proposal_made: { ...cohort, type: 'proposal_made', studentId: 31, matchId: 901, mentorName: '王芳', respondBy, recipient: { email: 'li@example.com', name: '李雷' } },
  student_unplaced: {
    ...cohort, type: 'student_unplaced', studentId: 31, roundId: 4, roundNumber: 2, reason: 'preferred_mentors_full', recipient: { email: 'li@example.com', name: '李雷' },
  },
  link_resent: { ...cohort, type: 'link_resent', role: 'student', applicationId: 31, requestId: 'r-1', recipient: { email: 'li@example.com', name: '李雷' } },
  announcement: {
    ...cohort, type: 'announcement', announcementId: 2, role: 'mentor', applicationId: 12, recipient: { email: 'wang@example.com', name: '王芳' },
    subject: { zh: '结业典礼通知', en: 'Closing ceremony' }, body: { zh: '结业典礼定于12月20日举行。\n\n欢迎您参加。', en: null },
  },
  match_confirmed: {
    ...cohort, type: 'match_confirmed', role: 'student', applicationId: 31, matchId: 901, recipient: { email: 'li@example.com', name: '李雷' },
    counterpart: { name: '王芳', email: 'wang@example.com', phone: '13800138000', headline: '腾讯 · 高级工程师' },
  },
  proposal_declined: { ...cohort, type: 'proposal_declined', studentId: 31, matchId: 901, recipient: { email: 'li@example.com', name: '李雷' } },
  proposal_expired: { ...cohort, type: 'proposal_expired', studentId: 31, matchId: 901, recipient: { email: 'li@example.com', name: '李雷' } },
  round_summary: {
    ...cohort, type: 'round_summary', roundId: 4, roundNumber: 2, dryRun: false, recipient: { email: 'office@example.edu', name: '校友部' },
    stats: { students: 45, mentors: 31, matched: 40, unmatched: 5, byChoiceRank: { filled: 3, '2': 10, '1': 27 }, mentorCapacity: 60, mentorFillRate: 0.6667, unmatchedReasons: [] },
  },
  check_in: {
    ...cohort, type: 'check_in', role: 'student', applicationId: 31, checkInId: 55, period: 2, partnerName: '王芳', closesAt: respondBy,
    recipient: { email: 'li@example.com', name: '李雷' },
  },
  check_in_help: {
    ...cohort, type: 'check_in_help', checkInId: 55, askedBy: 'student', askerName: '李雷', partnerName: '王芳', note: '最近联系不上师友',
    recipient: { email: 'office@example.edu', name: '校友部' },
  },
  pair_ended: {
    ...cohort, type: 'pair_ended', matchId: 901, member: { role: 'student', applicationId: 31 }, endedBy: 'mentor', reason: 'no_time', note: null,
    studentName: '李雷', mentorName: '王芳', recipient: { email: 'li@example.com', name: '李雷' },
  },
  survey_invitation: {
    ...cohort, type: 'survey_invitation', surveyId: 3, role: 'mentor', applicationId: 12, title: { zh: '师友计划中期问卷', en: 'Mid-term survey' },
    closesAt: respondBy, recipient: { email: 'wang@example.com', name: '王芳' },
  },
  survey_reminder: {
    ...cohort, type: 'survey_reminder', surveyId: 3, role: 'student', applicationId: 31, title: { zh: '师友计划结业问卷' },
    closesAt: respondBy, recipient: { email: 'li@example.com', name: '李雷' },
  },
  staff_invitation: { ...staff, type: 'staff_invitation', role: 'coordinator', invitedBy: '王老师' },
  staff_sign_in: { ...staff, type: 'staff_sign_in', requestId: 'r-1' },
};

const sent = (message: NotificationMessage) => {
  const rendered = renderNotification(message);
  return { subject: rendered.subject, ...sentBodies(rendered, { personal: LINK, checkIn: CHECK_IN, signIn: SIGN_IN }) };
};

describe('renderNotification', () => {
  it.each(NOTIFICATION_TYPES)('renders %s 中文 first, English below, with the cohort name and no leftovers once the link is filled', (type) => {
    const { subject, text, html } = sent(messages[type]);
    for (const body of [text, html]) expect(body).toContain(messages[type].cohortId === null ? '师友计划' : '第3期 师友计划');
    for (const body of [subject, text, html]) expect(body).not.toMatch(/undefined|null|NaN|\{\{|\}\}|\[object Object\]/);
    expect(subject).toMatch(messages[type].cohortId === null ? /^[^【].+ \| .+/ : /^【第3期 师友计划】.+ \| .+/);
    expect(text.indexOf('— English below —')).toBeGreaterThan(text.search(/[\u4e00-\u9fff]/));
    expect(text).toMatch(/\n— English below —\n\nDear /);
    expect(html).toMatch(/^<!doctype html><html lang="zh-CN"/);
    const [zh, en, more] = html.split('<div class="language"').slice(1);
    expect(zh).toMatch(/^[^>]* lang="zh-CN">.*您好：/s);
    expect(en).toMatch(/^[^>]* lang="en">.*Dear /s);
    // A line divides English from the 中文 above it.
    expect(zh).not.toContain('border-top:solid');
    expect(en).toContain('border-top:solid');
    expect(more).toBeUndefined();
    expect(html).not.toContain('%%');
  });

  it.each(['901', '#12', '#31', 'id 4'])('shows no raw id (%s) to any recipient', (id) => {
    for (const type of NOTIFICATION_TYPES) {
      const { subject, text } = sent(messages[type]);
      expect(`${subject}\n${text}`).not.toContain(id);
    }
  });

  it('carries the personal link exactly where an applicant acts or follows their status, and never to coordinators', () => {
    for (const type of NOTIFICATION_TYPES) {
      const rendered = renderNotification(messages[type]);
      expect(rendered.text.includes(PERSONAL_LINK)).toBe(personalLinkOwner(messages[type]) !== null);
    }
    expect(personalLinkOwner(messages.proposal_to_mentor)).toEqual({ role: 'mentor', applicationId: 12 });
    expect(personalLinkOwner(messages.proposal_declined)).toEqual({ role: 'student', applicationId: 31 });
    expect(personalLinkOwner(messages.round_summary)).toBeNull();
  });

  it('gives the mentor the student card with the deadline in China time, but no student contact', () => {
    const { text } = sent(messages.proposal_to_mentor);
    expect(text).toContain('2026/12/02 00:30（北京时间）');
    expect(text).toContain('2 Dec 2026, 00:30 (China Standard Time)');
    expect(text).toContain('彭康书院');
    expect(text).toContain('职业规划、求职面试');
    expect(text).toContain('Topics: 职业规划, 求职面试');
    expect(text).toContain(`查看并回复：${LINK}`);
    expect(text).not.toContain('li@example.com');
  });

  it('reminds the mentor of the same deadline', () => {
    const { subject, text } = sent(messages.proposal_reminder);
    expect(subject).toContain('提醒');
    expect(subject).toContain('Reminder');
    expect(text).toContain('2026/12/02 00:30（北京时间）');
  });

  it('discloses the counterpart contact details once the match is confirmed', () => {
    const { text } = sent(messages.match_confirmed);
    expect(text).toContain('您的师友的联系方式');
    expect(text).toContain('邮箱：wang@example.com');
    expect(text).toContain('电话：13800138000');
    expect(text).toContain('Phone: 13800138000');
    const withoutPhone = sent({ ...messages.match_confirmed, counterpart: { name: '李雷', email: 'li@example.com', phone: null, headline: '彭康书院' } } as NotificationMessage);
    expect(withoutPhone.text).not.toMatch(/电话|Phone/);
  });

  it('tells a declined or expired student they stay in the pool, with different reasons', () => {
    const declined = sent(messages.proposal_declined).text;
    const expired = sent(messages.proposal_expired).text;
    for (const text of [declined, expired]) expect(text).toMatch(/仍在匹配池中[\s\S]*stay in the pool/);
    expect(declined).toContain('未能接受');
    expect(expired).toContain('未在截止时间前回复');
  });

  it('summarises a round for coordinators, choice ranks in order and score-filled last', () => {
    const { subject, text } = sent(messages.round_summary);
    expect(subject).toBe('【第3期 师友计划】第 2 轮匹配完成 | Round 2 completed — 第3期 师友计划');
    expect(text).toContain('匹配 40 人，未匹配 5 人，师友名额使用率 67%');
    expect(text.indexOf('第 1 志愿：27 人')).toBeLessThan(text.indexOf('第 2 志愿：10 人'));
    expect(text.indexOf('第 2 志愿：10 人')).toBeLessThan(text.indexOf('按匹配度补充：3 人'));
    expect(sent({ ...messages.round_summary, dryRun: true } as NotificationMessage).subject).toContain('（预览）');
  });

  it.each(NOTIFICATION_TYPES)('speaks in the program\'s one register in %s: 您, never 你; 师友 and 生友, never 导师 or 学生', (type) => {
    const { subject, text } = sent(messages[type]);
    const chinese = `${subject.split(' | ')[0]}\n${text.split('— English below —')[0]}`;
    expect(chinese).toContain('您');
    expect(chinese).not.toMatch(/你|导师|学生/);
  });

  it('escapes applicant-written text in the HTML body and keeps line breaks', () => {
    const hostile = { ...student, statement: '<script>alert("x")</script> & \'quote\'\n第二行' };
    const { html, text } = sent({ ...messages.proposal_to_mentor, students: [{ matchId: 901, card: hostile }] } as NotificationMessage);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quote&#39;<br>第二行');
    expect(text).toContain('<script>alert("x")</script>');
  });

  it('escapes the filled link inside the HTML body and keeps it verbatim in the text body', () => {
    const { html, text } = sent(messages.application_received);
    expect(anchors(html)[0].href).toBe('https://shiyou.example.edu/me#token=m_abc&amp;x=1');
    expect(text).toContain(LINK);
  });
});

/** The buttons of an HTML body: each is an anchor around its label. */
const anchors = (html: string) => [...html.matchAll(/<a href="([^"]*)"([^>]*)>([^<]*)<\/a>/g)].map(([, href, attributes, label]) => ({ href, attributes, label }));
const PRIMARY_BACKGROUND = 'background:#9b1c2e';

describe('the HTML layout', () => {
  it('is a phone-sized page: a viewport, a 600 px column, text of 14 px or more, system fonts only and nothing fetched', () => {
    for (const type of NOTIFICATION_TYPES) {
      // Laid out with the placeholders left in: the layout itself must fetch nothing.
      const { html } = sentBodies(renderNotification(messages[type]), { personal: null, checkIn: null, signIn: null });
      expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
      expect(html).toContain('max-width:600px');
      for (const [, size] of html.matchAll(/font-size:(\d+)px/g)) expect(Number(size) === 0 || Number(size) === 1 || Number(size) >= 14).toBe(true);
      expect(html).toContain("font-family:'PingFang SC', 'Microsoft YaHei', sans-serif");
      expect(html.replace(/xmlns(:\w+)?="[^"]*"/g, '')).not.toMatch(/https?:|<link|<img|<script|url\(|@import/);
    }
  });

  it('puts the program, the cohort, 中文 then English, and the footer in that order', () => {
    const { html, subject } = sent(messages.proposal_to_mentor);
    const order = ['师友计划 · Mentorship Program', '第3期 师友计划</div>', 'lang="zh-CN"', '王芳，您好：', '查看并回复', 'lang="en"', 'Dear 王芳,', 'View and answer',
      '您收到此邮件，是因为您报名参加了「第3期 师友计划」。', 'You receive this email because you applied to &quot;第3期 师友计划&quot;.', '请勿转发', '校友部<br/>Alumni Office'];
    const positions = order.map((part) => html.lastIndexOf(part));
    expect(positions).not.toContain(-1);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(subject).toMatch(/^【第3期 师友计划】为您推荐了一位生友.* \| A student has been proposed to you — 第3期 师友计划$/);
    expect(html).toContain(`<title>${subject}</title>`);
  });

  it('makes each action a button in each language, the first one primary, its link filled in once per button', () => {
    for (const type of NOTIFICATION_TYPES) {
      const composed = renderNotification(messages[type]).html;
      const { html } = sent(messages[type]);
      const buttons = anchors(html);
      const labels = [...anchors(composed)].map((button) => button.label);
      expect(buttons.length).toBe(labels.length);
      expect(buttons.map((button) => button.attributes.includes(PRIMARY_BACKGROUND))).toEqual(
        buttons.map((_, index) => index === 0 || index === buttons.length / 2),
      );
      // The placeholders survive the compiled layout: one per button's href, none anywhere else.
      const placeholders = composed.match(/\{\{\w+\}\}/g) ?? [];
      expect(placeholders.length).toBe(buttons.length);
      expect(anchors(composed).every((button) => /^\{\{\w+\}\}/.test(button.href))).toBe(true);
    }
    const checkIn = anchors(sent(messages.check_in).html);
    expect(checkIn.map((button) => button.label)).toEqual([
      '已见面，进展顺利', '还没见面', '需要协调员帮助', '打开个人页面', 'We met, all going well', 'We have not met yet', 'I need a coordinator’s help', 'Open your personal page',
    ]);
    expect(checkIn[0].href).toBe(`${CHECK_IN}&amp;answer=on_track`);
    expect(checkIn[2].href).toBe(`${CHECK_IN}&amp;answer=need_help`);
    expect(checkIn[3].href).toBe('https://shiyou.example.edu/me#token=m_abc&amp;x=1');
  });

  it('asks not to forward only the emails that carry a personal link', () => {
    for (const type of NOTIFICATION_TYPES) {
      const { html, text } = sent(messages[type]);
      const personal = renderNotification(messages[type]).text.includes('{{');
      expect(html.includes('请勿转发')).toBe(personal);
      expect(text.includes('please do not forward it')).toBe(personal);
    }
    expect(sent(messages.round_summary).html).toContain('您收到此邮件，是因为您是「第3期 师友计划」的协调员。');
    expect(sent(messages.staff_sign_in).html).toContain('您收到此邮件，是因为您是师友计划的工作人员。');
  });

  it('gives staff a one-time sign-in link, never a personal link', () => {
    const { text } = sent(messages.staff_invitation);
    expect(text).toContain(`登录管理后台：${SIGN_IN}`);
    expect(text).toContain('以协调员身份');
    expect(text).not.toContain(LINK);
  });

  it('is stored without the layout, whose inline styles would make each row several times larger', () => {
    for (const type of NOTIFICATION_TYPES) {
      const stored = renderNotification(messages[type]).html;
      expect(stored).not.toContain('style=');
      expect(Buffer.byteLength(stored) * 3).toBeLessThan(Buffer.byteLength(sent(messages[type]).html));
    }
  });
});

describe('dedupeKeyOf', () => {
  it('gives one key per event and recipient', () => {
    expect(dedupeKeyOf(messages.match_confirmed)).toBe('match_confirmed:match:901:student');
    expect(dedupeKeyOf({ ...messages.match_confirmed, role: 'mentor' } as NotificationMessage)).toBe('match_confirmed:match:901:mentor');
    expect(dedupeKeyOf(messages.proposal_to_mentor)).not.toBe(dedupeKeyOf(messages.proposal_reminder));
    expect(dedupeKeyOf({ ...messages.round_summary, recipient: { email: 'Office@Example.edu', name: 'x' } })).toBe(dedupeKeyOf(messages.round_summary));
  });
});
