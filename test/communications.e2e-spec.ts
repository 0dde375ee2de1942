import { Notification } from '@app/database';
import { SinkMessage, SmtpSink } from '../scripts/smtp-sink';
import { applyMentor, applyStudent, Applicant, approve, createOpenCohort } from './support/factories';
import { allDelivered, lastNotificationId, notificationIdOf, personalTokenIn, startSystemWithSink } from './support/mail';
import { accept, decline, matchesOf, MatchView, passDeadlines, runRound } from './support/rounds';
import { TestSystem, waitFor } from './support/system';

/**
 * The emails DESIGN §9 promises, end to end: the built API and worker, MariaDB, Redis and the SMTP sink in this
 * process. Each email is counted by the notification it was sent for (its Message-ID), and by recipient and type.
 */
const TEST_TIMEOUT_MS = 120_000;

let sink: SmtpSink;
let system: TestSystem;
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ system, sink, stop } = await startSystemWithSink('communications'));
}, 60_000);

afterAll(async () => {
  await stop?.();
}, 30_000);

type Recipient = Applicant & { email: string; statement?: string };

interface Delivered {
  rows: Notification[];
  /** The one mail of `type` to `email`; fails unless there is exactly one. */
  only(type: Notification['type'], email: string): SinkMessage;
  /** Every mail of `type`, by recipient. */
  recipientsOf(type: Notification['type']): string[];
}

/** Everything sent since `afterId`, each notification in exactly one mail (one Message-ID each, never twice). */
async function delivered(afterId: number): Promise<Delivered> {
  const rows = await allDelivered(system, sink, afterId);
  const mails = sink.messages.filter((mail) => notificationIdOf(mail) > afterId);
  expect(mails.map(notificationIdOf).sort((a, b) => a - b)).toEqual(rows.map((row) => row.id));
  expect(new Set(mails.map((mail) => mail.messageId)).size).toBe(mails.length);
  const typeOf = (mail: SinkMessage) => rows.find((row) => row.id === notificationIdOf(mail))!.type;
  return {
    rows,
    only: (type, email) => {
      const matching = mails.filter((mail) => typeOf(mail) === type && mail.to.includes(email));
      expect({ type, email, count: matching.length }).toEqual({ type, email, count: 1 });
      return matching[0];
    },
    recipientsOf: (type) => mails.filter((mail) => typeOf(mail) === type).flatMap((mail) => mail.to).sort(),
  };
}

/** 中文 first, English below, and the personal link opens the recipient's own /api/me. */
async function expectBilingualWithOwnLink(mail: SinkMessage, applicant: Recipient): Promise<void> {
  const english = mail.text.indexOf('— English below —');
  expect(english).toBeGreaterThan(0);
  expect(mail.text.slice(0, english)).toMatch(/^.+，您好：/);
  expect(mail.text.slice(english)).toContain('Dear ');
  expect(mail.html.indexOf('lang="zh-CN"')).toBeLessThan(mail.html.indexOf('lang="en"'));
  const token = personalTokenIn(mail);
  expect(token).toBeDefined();
  const { body } = await system.http().get('/api/me').set({ Authorization: `Bearer ${token}` }).expect(200);
  expect(body.application).toEqual(expect.objectContaining({ id: applicant.id, email: applicant.email }));
}

const chinaDay = (instant: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);

let people = 0;
async function mentor(cohortId: number, overrides: Record<string, unknown> = {}): Promise<Recipient> {
  const index = (people += 1);
  const email = `mentor${index}@communications-e2e.example.com`;
  return { ...(await applyMentor(system, cohortId, { email, ...overrides }, index)), email };
}
async function student(cohortId: number, choices: number[], overrides: Record<string, unknown> = {}): Promise<Recipient> {
  const index = (people += 1);
  const email = `student${index}@communications-e2e.example.com`;
  const statement = `我是第 ${index} 位生友，想了解校友的职业道路。`;
  return { ...(await applyStudent(system, cohortId, choices, { email, statement, ...overrides }, index)), email, statement };
}

describe('communications e2e', () => {
  beforeEach(async () => {
    await system.settled({ mail: true });
  }, TEST_TIMEOUT_MS);

  it("approvals and a rejection with the coordinator's note each arrive once, 中文 first, with a working personal link", async () => {
    const cohortId = await createOpenCohort(system, { name: '第5期 师友计划（邮件）' });
    const approvedMentor = await mentor(cohortId);
    const approvedStudent = await student(cohortId, []);
    const rejectedStudent = await student(cohortId, []);
    const before = await lastNotificationId(system);

    await approve(system, cohortId, 'mentor', [approvedMentor.id]);
    await approve(system, cohortId, 'student', [approvedStudent.id]);
    await system.http().post(`/api/cohorts/${cohortId}/student-applications/review`).set(system.coordinator)
      .send({ ids: [rejectedStudent.id], decision: 'rejected', note: '本期仅面向 2023 级生友，欢迎您报名下一期。' }).expect(200);
    const sent = await delivered(before);

    expect(sent.recipientsOf('application_approved')).toEqual([approvedMentor.email, approvedStudent.email].sort());
    expect(sent.recipientsOf('application_rejected')).toEqual([rejectedStudent.email]);
    const toMentor = sent.only('application_approved', approvedMentor.email);
    expect(toMentor.subject).toBe('【第5期 师友计划（邮件）】您的师友申请已通过审核 | Your application is approved — 第5期 师友计划（邮件）');
    await expectBilingualWithOwnLink(toMentor, approvedMentor);
    await expectBilingualWithOwnLink(sent.only('application_approved', approvedStudent.email), approvedStudent);
    const rejection = sent.only('application_rejected', rejectedStudent.email);
    expect(rejection.text).toContain('协调员的说明：本期仅面向 2023 级生友，欢迎您报名下一期。');
    expect(rejection.html).toContain('本期仅面向 2023 级生友');
    await expectBilingualWithOwnLink(rejection, rejectedStudent);

    // Reviewing the same decisions again changes no status: no email.
    const afterFirst = await lastNotificationId(system);
    const mailsBefore = sink.messages.length;
    await approve(system, cohortId, 'mentor', [approvedMentor.id]);
    await system.http().post(`/api/cohorts/${cohortId}/student-applications/review`).set(system.coordinator)
      .send({ ids: [rejectedStudent.id], decision: 'rejected', note: '再次确认' }).expect(200);
    await system.settled({ mail: true });
    expect(await lastNotificationId(system)).toBe(afterFirst);
    expect(sink.messages).toHaveLength(mailsBefore);
  }, TEST_TIMEOUT_MS);

  describe('a round proposing three students to one mentor', () => {
    let cohortId: number;
    let theMentor: Recipient;
    let students: Recipient[];
    let matches: MatchView[];
    let unplaced: Recipient;
    let sent: Delivered;
    /** The China days the window may run out on: the round ran between these instants. */
    let windowEnds: Date[];

    beforeAll(async () => {
      cohortId = await createOpenCohort(system, { name: '第5期 师友计划（推荐）', fillWithScores: false, responseWindowHours: 72 });
      theMentor = await mentor(cohortId, { name: '王芳', capacity: 3 });
      await approve(system, cohortId, 'mentor', [theMentor.id]);
      students = [];
      for (let index = 0; index < 4; index += 1) students.push(await student(cohortId, [theMentor.id]));
      await approve(system, cohortId, 'student', students.map((one) => one.id));
      await system.settled({ mail: true });
      const before = await lastNotificationId(system);
      const requestedAt = new Date();
      await runRound(system, cohortId);
      windowEnds = [requestedAt, new Date()].map((instant) => new Date(instant.getTime() + 72 * 3600_000));
      sent = await delivered(before);
      matches = await matchesOf(system, cohortId, 'proposed');
      const placed = new Set(matches.map((match) => match.student.id));
      [unplaced] = students.filter((one) => !placed.has(one.id));
    }, TEST_TIMEOUT_MS);

    it("sends the mentor exactly one email with every proposed student's card, and no student's contact", async () => {
      expect(matches).toHaveLength(3);
      expect(sent.recipientsOf('proposal_to_mentor')).toEqual([theMentor.email]);
      const mail = sent.only('proposal_to_mentor', theMentor.email);
      expect(mail.subject).toContain('为您推荐了 3 位生友');
      for (const match of matches) {
        const proposed = students.find((one) => one.id === match.student.id)!;
        expect(mail.text).toContain(proposed.statement);
        expect(mail.html).toContain(proposed.statement);
        expect(mail.text).not.toContain(proposed.email);
      }
      expect(mail.text).not.toContain(unplaced.statement);
      for (const n of [1, 2, 3]) expect(mail.text).toContain(`【生友 ${n}】`);
      await expectBilingualWithOwnLink(mail, theMentor);
    });

    it('names the deadline as 23:59（北京时间） of the China day the 72 h window runs out on', async () => {
      const day = chinaDay(new Date(matches[0].respondBy));
      expect(windowEnds.map(chinaDay)).toContain(day);
      for (const match of matches) expect(new Date(match.respondBy)).toEqual(new Date(`${day}T23:59:59.999+08:00`));
      const deadline = `${day.replaceAll('-', '/')} 23:59（北京时间）`;
      expect(sent.only('proposal_to_mentor', theMentor.email).text).toContain(`请在 ${deadline}前`);
      for (const match of matches) expect(sent.only('proposal_made', match.student.email).text).toContain(`师友将在 ${deadline}前答复`);
    });

    it("sends each proposed student one email with the mentor's name, and their own link", async () => {
      expect(sent.recipientsOf('proposal_made')).toEqual(matches.map((match) => match.student.email).sort());
      for (const match of matches) {
        const mail = sent.only('proposal_made', match.student.email);
        expect(mail.text).toContain('为您推荐了师友王芳');
        expect(mail.text).toContain('mentor 王芳');
        await expectBilingualWithOwnLink(mail, students.find((one) => one.id === match.student.id)!);
      }
    });

    it('sends the student left out one email with the reason in words and that they stay in the pool', async () => {
      expect(sent.recipientsOf('student_unplaced')).toEqual([unplaced.email]);
      const mail = sent.only('student_unplaced', unplaced.email);
      expect(mail.subject).toContain('第 1 轮暂未为您匹配到师友');
      expect(mail.text).toContain('原因：您名单上每位师友的名额，都已由与其更契合的其他生友获得。');
      expect(mail.text).toContain('您仍在匹配池中，将自动参加下一轮匹配');
      expect(mail.text).not.toMatch(/preferred_mentors|unmatched/);
      await expectBilingualWithOwnLink(mail, unplaced);
    });

    it('then a decline and an expiry each send their student one email', async () => {
      const before = await lastNotificationId(system);
      const [declined, expired, accepted] = matches;
      await decline(system, theMentor, declined.id, 'unavailable').expect(200);
      await accept(system, theMentor, accepted.id).expect(200);
      await passDeadlines(system, [expired.id]);
      await waitFor('the overdue proposal to expire', async () => (await matchesOf(system, cohortId, 'expired')).length === 1);
      const after = await delivered(before);

      expect(after.recipientsOf('proposal_declined')).toEqual([declined.student.email]);
      expect(after.recipientsOf('proposal_expired')).toEqual([expired.student.email]);
      expect(after.recipientsOf('match_confirmed')).toEqual([theMentor.email, accepted.student.email].sort());
      expect(after.only('proposal_declined', declined.student.email).text).toContain('您仍在匹配池中');
      expect(after.only('proposal_expired', expired.student.email).text).toContain('未在截止时间前回复');
      expect(after.rows.map((row) => row.type).sort()).toEqual(['match_confirmed', 'match_confirmed', 'proposal_declined', 'proposal_expired']);
    });
  });
});
