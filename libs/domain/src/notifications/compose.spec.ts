import { UNMATCHED_REASONS } from '@app/contracts';
import { composeMail } from './compose';
import { NotificationMessage } from './messages';

/** What each message says (its words, not its layout), read as its recipient reads it. */

const cohort = { cohortId: 7, cohortName: '第3期 师友计划' };
const mentor = { email: 'wang@example.com', name: '王芳' };
const student = { email: 'li@example.com', name: '李雷' };
const card = (n: number) => ({ college: '彭康书院', major: `专业${n}`, enrollmentYear: 2023, topics: ['职业规划'], statement: `第 ${n} 份自我陈述` });
// A deadline as proposals get them: the end of 4 Dec in China.
const respondBy = new Date('2026-12-04T23:59:59.999+08:00');

const said = (message: NotificationMessage) => {
  const mail = composeMail(message);
  return { ...mail, zhText: mail.zh.join('\n'), enText: mail.en.join('\n') };
};

const digest = (type: 'proposal_to_mentor' | 'proposal_reminder', students: number[], roundId: number | null = 4): NotificationMessage => ({
  ...cohort, type, mentorId: 12, roundId, recipient: mentor, respondBy, students: students.map((n) => ({ matchId: 900 + n, card: card(n) })),
});

describe('composeMail', () => {
  it("gives a mentor one email with every student's card of the round, the deadline at 23:59 China time, and no contact", () => {
    const mail = said(digest('proposal_to_mentor', [1, 2, 3]));
    expect(mail.subject.zh).toBe('【第3期 师友计划】为您推荐了 3 位生友，请在截止前回复');
    expect(mail.zhText).toContain('请在 2026/12/04 23:59（北京时间）前，在个人页面逐一接受或婉拒');
    expect(mail.enText).toContain('by 4 Dec 2026, 23:59 (China Standard Time)');
    for (const n of [1, 2, 3]) {
      expect(mail.zh).toContainEqual(expect.stringContaining(`【生友 ${n}】\n书院：彭康书院\n专业：专业${n}`));
      expect(mail.zhText).toContain(`自我陈述：第 ${n} 份自我陈述`);
      expect(mail.en).toContainEqual(expect.stringContaining(`[Student ${n}]\nCollege: 彭康书院\nMajor: 专业${n}`));
    }
    expect(mail.zhText).toContain('截止前未回复的推荐将自动失效');
    expect(mail.actions).toEqual([{ label: { zh: '查看并回复', en: 'View and answer' }, href: '{{personal_link}}' }]);
  });

  it('words a single proposal (by hand, or the only one of a round) without numbering the card', () => {
    const mail = said(digest('proposal_to_mentor', [1], null));
    expect(mail.subject.zh).toBe('【第3期 师友计划】为您推荐了一位生友，请在截止前回复');
    expect(mail.enText).toContain('proposes a student to you');
    expect(mail.zhText).not.toContain('【生友');
  });

  it('reminds the mentor of the students still waiting, with the same deadline', () => {
    const mail = said(digest('proposal_reminder', [2, 3]));
    expect(mail.subject.zh).toContain('提醒');
    expect(mail.zhText).toContain('推荐给您的 2 位生友还在等待您的回复，截止时间为 2026/12/04 23:59（北京时间）');
    expect(mail.enText).toContain('2 students proposed to you in "第3期 师友计划" are still waiting for your answer; the deadline is 4 Dec 2026, 23:59');
    expect(mail.zhText).not.toContain('专业1');
  });

  it('tells the student who was proposed, that the mentor answers by the deadline, and what happens either way', () => {
    const mail = said({ ...cohort, type: 'proposal_made', studentId: 31, matchId: 901, mentorName: '王芳', respondBy, recipient: student });
    expect(mail.zhText).toContain('为您推荐了师友王芳，师友将在 2026/12/04 23:59（北京时间）前答复');
    expect(mail.zhText).toContain('联系方式');
    expect(mail.zhText).toContain('您仍在匹配池中');
    expect(mail.enText).toContain('mentor 王芳, who answers by 4 Dec 2026, 23:59 (China Standard Time)');
  });

  it.each(UNMATCHED_REASONS)('tells a student not placed (%s) the reason in plain words, and that they stay in the pool', (reason) => {
    const mail = said({ ...cohort, type: 'student_unplaced', studentId: 31, roundId: 4, roundNumber: 2, reason, recipient: student });
    expect(mail.subject.zh).toBe('【第3期 师友计划】第 2 轮暂未为您匹配到师友，您将参加下一轮');
    expect(mail.zhText).toMatch(/第 2 轮匹配暂未为您匹配到师友。原因：您[^a-z_]+。/);
    expect(mail.enText).toMatch(/The reason: [A-Z][^_]+\./);
    expect(mail.zhText).toContain('您仍在匹配池中，将自动参加下一轮匹配');
    expect(mail.enText).toContain('You stay in the pool');
  });

  it("gives a rejected applicant the coordinator's note, and none when there is none", () => {
    const rejected = { ...cohort, type: 'application_rejected' as const, role: 'student' as const, applicationId: 31, recipient: student };
    const withNote = said({ ...rejected, note: '本期仅面向 2023 级' });
    expect(withNote.zh).toContain('协调员的说明：本期仅面向 2023 级');
    expect(withNote.en).toContain("The coordinator's note: 本期仅面向 2023 级");
    expect(said({ ...rejected, note: null }).zhText).not.toContain('说明');
    // Mail comes from a no-reply address: nobody is asked to reply to it.
    expect(withNote.zhText).not.toContain('回复此邮件');
  });

  it('tells an approved mentor and an approved student what happens next', () => {
    const approved = { ...cohort, type: 'application_approved' as const, applicationId: 31 };
    expect(said({ ...approved, role: 'mentor', recipient: mentor }).zhText).toContain('一封邮件告诉您本轮推荐给您的全部生友');
    expect(said({ ...approved, role: 'mentor', recipient: mentor }).zhText).toContain('23:59（北京时间）');
    expect(said({ ...approved, role: 'student', recipient: student }).zhText).toContain('师友接受后，您会收到双方的联系方式');
  });
});
