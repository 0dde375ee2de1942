import { NOTIFICATION_TYPES } from '@app/contracts';
import { dedupeKeyOf, NotificationMessage, personalLinkOwner } from './messages';
import { fillLinks, PERSONAL_LINK, renderNotification } from './templates';

const cohort = { cohortId: 7, cohortName: '第3期 师友计划' };
const student = {
  college: '彭康书院', major: '计算机科学与技术', enrollmentYear: 2023, topics: ['职业规划', '求职面试'],
  statement: '希望了解互联网行业。\n也想聊聊读研。',
};
// 2026-12-01 16:30 UTC is 2026-12-02 00:30 in China.
const respondBy = new Date('2026-12-01T16:30:00Z');
const LINK = 'https://shiyou.example.edu/me#token=m_abc&x=1';
const CHECK_IN = 'https://shiyou.example.edu/check-in#token=k_abc';

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
};

const sent = (message: NotificationMessage) => {
  const rendered = renderNotification(message);
  const links = { personal: LINK, checkIn: CHECK_IN };
  return { subject: rendered.subject, text: fillLinks(rendered.text, links, 'text'), html: fillLinks(rendered.html, links, 'html') };
};

describe('renderNotification', () => {
  it.each(NOTIFICATION_TYPES)('renders %s 中文 first, English below, with the cohort name and no leftovers once the link is filled', (type) => {
    const { subject, text, html } = sent(messages[type]);
    for (const body of [subject, text, html]) {
      expect(body).toContain('第3期 师友计划');
      expect(body).not.toMatch(/undefined|null|NaN|\{\{|\}\}|\[object Object\]/);
    }
    expect(subject).toMatch(/^【第3期 师友计划】.+ \| .+/);
    expect(text.indexOf('— English below —')).toBeGreaterThan(text.search(/[\u4e00-\u9fff]/));
    expect(text).toMatch(/\n— English below —\n\nDear /);
    expect(html).toMatch(/^<!doctype html>.*<div lang="zh-CN">.*<div lang="en">/s);
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
    expect(html).toContain('<a href="https://shiyou.example.edu/me#token=m_abc&amp;x=1">');
    expect(text).toContain(LINK);
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
