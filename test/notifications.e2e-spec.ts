import { Notification } from '@app/database';
import { Queue } from 'bullmq';
import { SmtpSink, startSmtpSink } from '../scripts/smtp-sink';
import { applyMentor, applyStudent, approve, Applicant, createOpenCohort } from './support/factories';
import { allDelivered as allDeliveredTo, lastNotificationId as lastNotificationIdOf, notificationIdOf, notificationRows, personalTokenIn } from './support/mail';
import { PrivateRedis } from './support/private-redis';
import { startSystem, TestSystem, waitFor } from './support/system';

/**
 * Emails end to end: the built API and worker, MariaDB, a Redis of this suite's own (stopped in one test) and the
 * SMTP sink in this process (paused in another). Every assertion is on what the sink received.
 */
const TEST_TIMEOUT_MS = 90_000;
const OFFICE = 'office@shiyou-e2e.example.edu';

let sink: SmtpSink;
let redis: PrivateRedis;
let system: TestSystem;

beforeAll(async () => {
  sink = await startSmtpSink({ port: 0 });
  redis = await PrivateRedis.start();
  system = await startSystem({
    name: 'notifications',
    env: { SMTP_URL: `smtp://127.0.0.1:${sink.port}`, REDIS_URL: redis.url, COORDINATOR_EMAIL: OFFICE },
  });
}, 60_000);

afterAll(async () => {
  await system?.stop();
  await redis?.stop();
  await sink?.stop();
}, 30_000);

const rows = () => notificationRows(system);
const mailsTo = (email: string) => sink.messages.filter((mail) => mail.to.includes(email));
const lastNotificationId = () => lastNotificationIdOf(system);
const allDelivered = (afterId: number, timeoutMs?: number) => allDeliveredTo(system, sink, afterId, timeoutMs);

/** The sink (cleared by each test) holds exactly one message per row, matched by the notification id header. */
function expectExactlyOneMailPerRow(created: Notification[]): void {
  const ids = sink.messages.map(notificationIdOf).sort((a, b) => a - b);
  expect(ids).toEqual(created.map((row) => row.id));
}

async function runRound(cohortId: number): Promise<void> {
  const round = await system.http().post(`/api/cohorts/${cohortId}/rounds`).set(system.coordinator).send({}).expect(202);
  await waitFor('the round to complete', async () => {
    const { body } = await system.http().get(`/api/rounds/${round.body.id}`).set(system.coordinator);
    if (body.status === 'failed') throw new Error(`round failed: ${body.error}`);
    return body.status === 'completed';
  });
}

async function proposals(cohortId: number, status: string) {
  const { body } = await system.http().get(`/api/cohorts/${cohortId}/matches?status=${status}`).set(system.coordinator).expect(200);
  return body as Array<{ id: number; student: { id: number; email: string }; mentor: { id: number; email: string } }>;
}

const COHORT_NAME = '第9期 师友计划（通知测试）';
type Proposal = Awaited<ReturnType<typeof proposals>>[number];
type Recipient = Applicant & { email: string };

interface CohortLife {
  cohortId: number;
  mentors: Recipient[];
  students: Recipient[];
  toAccept: Proposal;
  toDecline: Proposal;
  late: Proposal;
  /** The notifications of this cohort's life, every one sent; the sink holds exactly their messages. */
  all: Notification[];
}

/**
 * A cohort from applications to an expired proposal, with every message it causes delivered: two mentors of
 * capacity 1 and three students; in round 1 one mentor accepts and the other declines, in round 2 the student never
 * proposed goes to the mentor who declined, who lets the deadline pass. Each test that reads these emails lives
 * its own cohort, so that none depends on another having run first.
 */
async function liveThroughACohort(): Promise<CohortLife> {
  const before = await lastNotificationId();
  const cohortId = await createOpenCohort(system, { name: COHORT_NAME, maxChoices: 2 });
  const mentors: Recipient[] = [];
  for (const index of [0, 1]) {
    const email = `mentor${index}@shiyou-e2e.example.com`;
    mentors.push({ ...(await applyMentor(system, cohortId, { email, capacity: 1 }, index)), email });
  }
  await approve(system, cohortId, 'mentor', mentors.map((mentor) => mentor.id));
  const students: Recipient[] = [];
  for (const index of [0, 1, 2]) {
    const email = `student${index}@shiyou-e2e.example.com`;
    students.push({ ...(await applyStudent(system, cohortId, mentors.map((mentor) => mentor.id), { email }, index)), email });
  }
  await approve(system, cohortId, 'student', students.map((student) => student.id));

  // Round 1: two mentors of capacity 1, three students: one mentor accepts, the other declines.
  await runRound(cohortId);
  const [toAccept, toDecline] = await proposals(cohortId, 'proposed');
  const tokenOf = (mentorId: number) => mentors.find((mentor) => mentor.id === mentorId)!.accessToken;
  await system.http().post(`/api/me/proposals/${toAccept.id}/accept`).set({ Authorization: `Bearer ${tokenOf(toAccept.mentor.id)}` }).expect(200);
  await system.http().post(`/api/me/proposals/${toDecline.id}/decline`).set({ Authorization: `Bearer ${tokenOf(toDecline.mentor.id)}` })
    .send({ reason: 'not_a_fit' }).expect(200);

  // Round 2: the student never proposed goes to the mentor who declined, who lets the deadline pass.
  await runRound(cohortId);
  const [late] = await proposals(cohortId, 'proposed');
  await system.db.dataSource.query('UPDATE matches SET respond_by = NOW(3) - INTERVAL 1 SECOND WHERE id = ?', [late.id]);
  await waitFor('the overdue proposal to expire', async () => (await proposals(cohortId, 'expired')).length === 1);

  return { cohortId, mentors, students, toAccept, toDecline, late, all: await allDelivered(before) };
}

describe('notifications e2e', () => {
  // Every test starts from a quiet system and an empty sink: a message still on its way from another test
  // would otherwise be counted as this test's.
  beforeEach(async () => {
    await system.settled({ mail: true });
    sink.clear();
  }, TEST_TIMEOUT_MS);

  it("a cohort's life sends each expected message once, to the expected recipient, with its Message-ID", async () => {
    const { mentors, students, toAccept, toDecline, late, all } = await liveThroughACohort();
    expectExactlyOneMailPerRow(all);
    const received = (type: Notification['type']) =>
      sink.messages.filter((mail) => all.find((row) => row.id === notificationIdOf(mail))!.type === type).flatMap((mail) => mail.to).sort();
    const sorted = (...emails: string[]) => emails.sort();
    expect(received('application_received')).toEqual(sorted(...mentors.map((m) => m.email), ...students.map((s) => s.email)));
    expect(received('proposal_to_mentor')).toEqual(sorted(toAccept.mentor.email, toDecline.mentor.email, late.mentor.email));
    expect(received('match_confirmed')).toEqual(sorted(toAccept.mentor.email, toAccept.student.email));
    expect(received('proposal_declined')).toEqual([toDecline.student.email]);
    expect(received('proposal_expired')).toEqual([late.student.email]);
    expect(received('round_summary')).toEqual([OFFICE, OFFICE]);
    expect(received('application_approved')).toEqual(sorted(...mentors.map((m) => m.email), ...students.map((s) => s.email)));
    expect(received('proposal_made')).toEqual(sorted(toAccept.student.email, toDecline.student.email, late.student.email));
    // Round 1 leaves out the student round 2 proposes; round 2 the declined one, whom the other mentor has no place for.
    expect(received('student_unplaced')).toEqual(sorted(late.student.email, toDecline.student.email));
    // 72 h window ending at 23:59 China time: the reminder is due 48 to 72 h from now.
    expect(received('proposal_reminder')).toEqual([]);

    for (const mail of sink.messages) {
      expect(mail.messageId).toBe(`<notification-${notificationIdOf(mail)}@127.0.0.1>`);
      expect(`${mail.subject}${mail.text}${mail.html}`).not.toMatch(/undefined|\{\{|\}\}/);
    }
    const confirmation = mailsTo(toAccept.student.email).find((mail) => mail.subject.includes('匹配成功'))!;
    expect(confirmation.text).toContain(toAccept.mentor.email);
    const proposal = mailsTo(toDecline.mentor.email).find((mail) => mail.subject.includes('推荐了一位生友'))!;
    expect(proposal.text).not.toContain(toDecline.student.email);
  }, TEST_TIMEOUT_MS);

  it("Chinese subjects and bodies arrive intact, the subject as encoded words", async () => {
    const { mentors, all } = await liveThroughACohort();
    for (const mail of sink.messages) {
      const row = all.find((candidate) => candidate.id === notificationIdOf(mail))!;
      expect(mail.subject).toBe(row.subject);
      expect(mail.raw).toMatch(/^Subject: =\?UTF-8\?[BQ]\?/im);
      expect(mail.text).toContain(row.recipientName);
      expect(mail.text).toContain('第9期 师友计划（通知测试）');
      expect(mail.html).toContain('第9期 师友计划（通知测试）');
    }
    const [firstMentorMail] = mailsTo(mentors[0].email);
    expect(firstMentorMail.subject).toBe('【第9期 师友计划（通知测试）】已收到您的师友申请 | Application received — 第9期 师友计划（通知测试）');
  }, TEST_TIMEOUT_MS);

  it("the personal link in an email opens that applicant's /api/me and no one else's", async () => {
    const { mentors, students } = await liveThroughACohort();
    for (const applicant of [students[1], mentors[0]]) {
      const mails = mailsTo(applicant.email);
      expect(mails.length).toBeGreaterThan(0);
      for (const mail of mails) {
        const token = personalTokenIn(mail);
        expect(token).toBeDefined();
        const { body } = await system.http().get('/api/me').set({ Authorization: `Bearer ${token}` }).expect(200);
        expect(body.application.id).toBe(applicant.id);
        expect(body.application.email).toBe(applicant.email);
        const others = [...mentors, ...students].filter((other) => other.email !== applicant.email && other.id !== applicant.id);
        const visible = JSON.stringify(body.application);
        for (const other of others) expect(visible).not.toContain(other.email);
      }
    }
    const summary = mailsTo(OFFICE)[0];
    expect(personalTokenIn(summary)).toBeUndefined();
  }, TEST_TIMEOUT_MS);

  it('a send job run again for a message already sent sends nothing', async () => {
    const firstId = await lastNotificationId();
    const cohortId = await createOpenCohort(system, { name: COHORT_NAME });
    await applyStudent(system, cohortId, [], { email: 'resend@shiyou-e2e.example.com' }, 7);
    const [sent] = await allDelivered(firstId);
    const before = sink.messages.length;
    const queue = new Queue('notifications', { connection: { url: redis.url }, prefix: system.env.QUEUE_PREFIX });
    try {
      const job = await queue.add('send', { notificationId: sent.id }, { jobId: `duplicate-${sent.id}` });
      await waitFor('the duplicate job to finish', async () => (await job.getState()) === 'completed');
      expect((await queue.getJob(job.id!))!.returnvalue).toEqual({ result: 'not-pending' });
    } finally {
      await queue.close();
    }
    expect(sink.messages.length).toBe(before);
    expect(mailsTo(sent.recipientEmail).filter((mail) => notificationIdOf(mail) === sent.id)).toHaveLength(1);
  }, TEST_TIMEOUT_MS);

  it('with the SMTP server down for a while, every message arrives exactly once after it returns', async () => {
    const cohortId = await createOpenCohort(system, { name: COHORT_NAME });
    const before = await lastNotificationId();
    await sink.pause();
    for (const index of [3, 4]) await applyStudent(system, cohortId, [], { email: `outage${index}@shiyou-e2e.example.com` }, index);
    await waitFor('a failed attempt to be recorded', async () => {
      const pending = (await rows()).filter((row) => row.status === 'pending');
      return pending.length === 2 && pending.every((row) => row.attempts >= 1 && row.lastError);
    }, 15_000, 200);
    expect(sink.messages).toHaveLength(0);
    await sink.resume();
    expectExactlyOneMailPerRow(await allDelivered(before, 40_000));
    expect(sink.messages.map((mail) => mail.to[0]).sort()).toEqual(['outage3@shiyou-e2e.example.com', 'outage4@shiyou-e2e.example.com']);
  }, TEST_TIMEOUT_MS);

  it("with Redis down when the event happens, the application is still 201 and its message arrives after Redis returns", async () => {
    const cohortId = await createOpenCohort(system, { name: COHORT_NAME });
    const before = await lastNotificationId();
    await redis.stop();
    try {
      await applyStudent(system, cohortId, [], { email: 'redis-down@shiyou-e2e.example.com' }, 5);
      const row = (await rows()).find((candidate) => candidate.recipientEmail === 'redis-down@shiyou-e2e.example.com')!;
      expect(row.status).toBe('pending');
      // Settled while Redis is down: the hand-over after commit has been tried and has failed, so nothing can run.
      await system.settled({ redisDown: true });
      expect(sink.messages).toHaveLength(0);
    } finally {
      await redis.start();
    }
    const [mail] = await sink.waitFor((mails) => mails.length >= 1, 45_000);
    expect(mail.to).toEqual(['redis-down@shiyou-e2e.example.com']);
    expectExactlyOneMailPerRow(await allDelivered(before));
  }, TEST_TIMEOUT_MS);

  it('a permanently rejected message ends failed with its error, is listed for coordinators, and a retry sends it once', async () => {
    const cohortId = await createOpenCohort(system, { name: COHORT_NAME });
    const before = await lastNotificationId();
    const bounce = 'bounce@shiyou-e2e.example.com';
    sink.rejectRecipient(bounce);
    await applyStudent(system, cohortId, [], { email: bounce }, 6);
    const failed = await waitFor('the message to fail', async () => {
      const { body } = await system.http().get(`/api/notifications?status=failed&cohortId=${cohortId}`).set(system.coordinator).expect(200);
      return (body as Notification[]).find((row) => row.recipientEmail === bounce);
    }, 20_000, 200);
    expect(failed.lastError).toMatch(/550/);
    expect(failed.attempts).toBe(1);
    const otherCohort = await system.http().get(`/api/notifications?status=failed&cohortId=${cohortId + 1000}`).set(system.coordinator).expect(200);
    expect(otherCohort.body).toEqual([]);
    await system.http().get('/api/notifications?status=failed').expect(401);

    sink.acceptRecipient(bounce);
    const retried = await system.http().post(`/api/notifications/${failed.id}/retry`).set(system.coordinator).expect(200);
    expect(retried.body.status).toBe('pending');
    await system.http().post(`/api/notifications/${failed.id}/retry`).set(system.coordinator).expect(409);
    const [mail] = await sink.waitFor((mails) => mails.length >= 1, 20_000);
    expect(mail.messageId).toBe(`<notification-${failed.id}@127.0.0.1>`);
    expectExactlyOneMailPerRow(await allDelivered(before));
    const { body } = await system.http().get(`/api/notifications?status=sent&cohortId=${cohortId}`).set(system.coordinator).expect(200);
    expect((body as Notification[]).find((row) => row.id === failed.id)).toMatchObject({ status: 'sent', attempts: 2, lastError: null });
  }, TEST_TIMEOUT_MS);
});
