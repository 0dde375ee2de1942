import { AnnouncementView } from '@app/contracts';
import { SinkMessage, SmtpSink } from '../scripts/smtp-sink';
import { insertApprovedApplicants } from '../scripts/support/bulk-applicants';
import { latenciesWhile, tailFigures } from '../scripts/support/timing';
import { createOpenCohort, populatedCohort } from './support/factories';
import { startSystemWithSink } from './support/mail';
import { accept } from './support/rounds';
import { TestSystem, waitFor } from './support/system';

/**
 * Announcements end to end (DESIGN §9) against the built API and worker, MariaDB and an SMTP sink in this process:
 * what a client can get wrong, one announcement followed to its recipients' inboxes and personal links, and one to
 * 2,000 people, fanned out by the worker while another route of the API is called one request after another (its
 * p99 is printed, beside the same route idle; only correctness is asserted), and one whose worker is killed (-9) in
 * the middle of its fan-out and started again.
 */
const CROWD = { mentors: 1000, students: 1000 };

let system: TestSystem;
let sink: SmtpSink;
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ system, sink, stop } = await startSystemWithSink('announcements', { env: { MAIL_RATE_PER_SECOND: '100000' } }));
}, 120_000);

afterAll(async () => {
  await stop?.();
}, 30_000);

const announcement = (audience: string, subject = '本周六校友分享会') => ({
  subject: { zh: subject, en: 'Alumni talk on Saturday' },
  body: { zh: '各位好：\n\n本周六下午两点在图书馆报告厅，欢迎参加。', en: 'Hello,\n\nSaturday 2 pm in the library hall. Do come.' },
  audience,
});
const fieldsOf = (body: { errors?: Array<{ field: string; rule: string }> }) => (body.errors ?? []).map((error) => `${error.field}:${error.rule}`);
const list = async (cohortId: number): Promise<AnnouncementView[]> =>
  (await system.http().get(`/api/cohorts/${cohortId}/announcements`).set(system.coordinator).expect(200)).body;
const mailsAbout = (subject: string) => sink.messages.filter((mail) => mail.subject.includes(subject));

/** Waits until the list shows the announcement sent, every email accounted for. */
async function sent(cohortId: number, id: number, timeoutMs = 30_000): Promise<AnnouncementView> {
  return waitFor(`announcement ${id} sent`, async () => (await list(cohortId)).find((row) => row.id === id && row.status === 'sent'), timeoutMs, 250);
}

describe('announcements e2e', () => {
  it('refuses what a client can get wrong: no token 401, bad fields 400 naming each, an unknown cohort 404, nobody to reach 409; records nothing', async () => {
    const cohortId = await createOpenCohort(system);
    const base = `/api/cohorts/${cohortId}/announcements`;
    await system.http().post(base).send(announcement('all')).expect(401);
    await system.http().get(base).expect(401);
    await system.http().get(`${base}/audience?audience=all`).expect(401);
    await system.http().get(base).set({ Authorization: 'Bearer not-a-coordinator-token-000000' }).expect(401);

    const refused = async (body: object) => fieldsOf((await system.http().post(base).set(system.coordinator).send(body).expect(400)).body);
    expect(await refused({})).toEqual(['subject:required', 'body:required', 'audience:required']);
    expect(await refused({ ...announcement('all'), subject: { en: 'English only' } })).toEqual(['subject.zh:required']);
    expect(await refused({ ...announcement('all'), subject: { zh: '第一行\n第二行' }, body: { zh: '正'.repeat(5001) } }))
      .toEqual(['subject.zh:characters', 'body.zh:maxLength']);
    expect(await refused({ ...announcement('all'), subject: { zh: '题'.repeat(201), en: '' } })).toEqual(['subject.zh:maxLength', 'subject.en:minLength']);
    expect(await refused({ ...announcement('everyone') })).toEqual(['audience:oneOf']);
    expect(await refused({ ...announcement('all'), recipients: 5 })).toEqual(['recipients:unknown']);
    expect(await refused({ ...announcement('all'), body: '正文' })).toEqual(['body:type']);
    for (const query of ['', '?audience=', '?audience=ALL']) {
      const response = await system.http().get(`${base}/audience${query}`).set(system.coordinator).expect(400);
      expect(fieldsOf(response.body)).toEqual([query === '?audience=ALL' ? 'audience:oneOf' : 'audience:required']);
    }

    const unknown = '/api/cohorts/999999/announcements';
    await system.http().post(unknown).set(system.coordinator).send(announcement('all')).expect(404);
    await system.http().get(unknown).set(system.coordinator).expect(404);
    await system.http().get(`${unknown}/audience?audience=all`).set(system.coordinator).expect(404);

    const nobody = await system.http().post(base).set(system.coordinator).send(announcement('all')).expect(409);
    expect(nobody.body.code).toBe('no_recipients');
    expect((await system.http().get(`${base}/audience?audience=all`).set(system.coordinator).expect(200)).body)
      .toEqual({ audience: 'all', recipients: 0, mentors: 0, students: 0 });
    expect(await list(cohortId)).toEqual([]);
    const [{ n }] = await system.db.dataSource.query('SELECT COUNT(*) AS n FROM announcements WHERE cohort_id = ?', [cohortId]);
    expect(Number(n)).toBe(0);
  });

  it('emails each person of the audience once, in both languages with their personal link, and lists it sent', async () => {
    const { cohortId, mentors, students } = await populatedCohort(system, 2, 3, { name: '第3期 师友计划 公告' });
    const proposal = await system.http().post(`/api/cohorts/${cohortId}/matches`).set(system.coordinator)
      .send({ studentId: students[0].id, mentorId: mentors[0].id }).expect(201);
    await accept(system, mentors[0], proposal.body.id).expect(200);
    const base = `/api/cohorts/${cohortId}/announcements`;
    expect((await system.http().get(`${base}/audience?audience=matched`).set(system.coordinator).expect(200)).body)
      .toEqual({ audience: 'matched', recipients: 2, mentors: 1, students: 1 });

    const subject = '师友见面会通知';
    const created = await system.http().post(base).set(system.coordinator).send(announcement('students', subject)).expect(202);
    expect(created.body).toEqual({ id: expect.any(Number), recipients: 3 });
    const row = await sent(cohortId, created.body.id);
    expect(row).toMatchObject({
      audience: 'students', recipients: 3, sent: 3, failed: 0, pending: 0, createdBy: expect.stringContaining('coordinator'),
      subject: { zh: subject, en: 'Alumni talk on Saturday' }, sentAt: expect.any(String), error: null,
    });

    const mails = mailsAbout(subject);
    expect(mails).toHaveLength(3);
    const emails = (await Promise.all(students.map(async (student) => (await system.http().get('/api/me').set({ Authorization: `Bearer ${student.accessToken}` }).expect(200)).body.application.email))) as string[];
    expect(mails.flatMap((mail) => mail.to).sort()).toEqual(emails.map((email) => email.toLowerCase()).sort());
    for (const mail of mails) {
      expect(mail.subject).toBe(`【第3期 师友计划 公告】${subject} | Alumni talk on Saturday — 第3期 师友计划 公告`);
      expect(mail.text).toContain('本周六下午两点在图书馆报告厅，欢迎参加。');
      expect(mail.text).toContain('Saturday 2 pm in the library hall. Do come.');
      const token = /\/me#token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
      const me = await system.http().get('/api/me').set({ Authorization: `Bearer ${token}` }).expect(200);
      expect(mail.to).toEqual([me.body.application.email.toLowerCase()]);
    }
    await system.settled({ mail: true });
    expect(mailsAbout(subject)).toHaveLength(3);
  });

  it('fans an announcement out to 2,000 people in the worker: 2,000 distinct Message-IDs, 2,000 sent, while the API keeps answering', async () => {
    const cohortId = await createOpenCohort(system, { name: '第4期 师友计划 全体' });
    await insertApprovedApplicants(system.db.dataSource, cohortId, CROWD, 41);
    const base = `/api/cohorts/${cohortId}/announcements`;
    const total = CROWD.mentors + CROWD.students;
    expect((await system.http().get(`${base}/audience?audience=all`).set(system.coordinator).expect(200)).body)
      .toEqual({ audience: 'all', recipients: total, ...CROWD });
    const other = async () => {
      const response = await fetch(`${system.apiUrl}/api/cohorts/${cohortId}`, { headers: system.coordinator });
      if (response.status !== 200) throw new Error(`GET /api/cohorts/${cohortId} answered ${response.status}`);
      await response.arrayBuffer();
    };
    let calls = 0;
    const idle = await latenciesWhile(other, () => (calls += 1) > 200);

    const subject = '全体师友生友：年终聚会';
    let done = false;
    const during = latenciesWhile(other, () => done);
    const posted = performance.now();
    const postedAt = Date.now();
    const created = await system.http().post(base).set(system.coordinator).send(announcement('all', subject)).expect(202);
    const answeredMs = performance.now() - posted;
    expect(created.body).toEqual({ id: expect.any(Number), recipients: total });
    let row: AnnouncementView;
    try {
      row = await sent(cohortId, created.body.id, 300_000);
    } finally {
      done = true;
    }
    const latencies = await during;

    const mails = mailsAbout(subject);
    const lastArrival = Math.max(...mails.map((mail: SinkMessage) => Date.parse(mail.receivedAt)));
    const seconds = (lastArrival - postedAt) / 1000;
    console.log([
      `announcement to ${total} recipients: POST answered 202 in ${Math.round(answeredMs)} ms; POST → last email at the sink ${seconds.toFixed(1)} s = ${Math.round(total / seconds)} recipients/s`,
      `GET /api/cohorts/:id one call after another: during the fan-out ${tailFigures(latencies)}; idle before it ${tailFigures(idle)}`,
    ].join('\n'));

    expect(row).toMatchObject({ recipients: total, sent: total, failed: 0, pending: 0 });
    expect(mails).toHaveLength(total);
    expect(new Set(mails.map((mail) => mail.messageId)).size).toBe(total);
    expect(new Set(mails.flatMap((mail) => mail.to)).size).toBe(total);
    expect(mails.every((mail) => mail.messageId !== null)).toBe(true);
    expect(latencies.length).toBeGreaterThan(0);
    await system.settled({ mail: true, timeoutMs: 60_000 });
    expect(mailsAbout(subject)).toHaveLength(total);
  }, 420_000);

  it('goes on after the worker is killed mid-fan-out: one email per recipient, each with its own Message-ID', async () => {
    const cohortId = await createOpenCohort(system, { name: '第5期 师友计划 断点' });
    const crowd = { mentors: 600, students: 600 };
    const total = crowd.mentors + crowd.students;
    await insertApprovedApplicants(system.db.dataSource, cohortId, crowd, 42);
    const subject = '断点续发测试';
    const created = await system.http().post(`/api/cohorts/${cohortId}/announcements`).set(system.coordinator).send(announcement('all', subject)).expect(202);
    const progress = async () => (await system.db.dataSource.query('SELECT fan_out AS fanOut, fanned_out AS fannedOut FROM announcements WHERE id = ?', [created.body.id]))[0];
    // Killed once a chunk is committed and more are to come (500 a chunk: after 500 or 1,000 of the 1,200).
    const atKill = await waitFor('the fan-out part-way', async () => {
      const state = await progress();
      return state.fanOut === 'sending' && Number(state.fannedOut) > 0 ? state : null;
    }, 60_000, 10);
    await system.worker.kill();
    expect(Number(atKill.fannedOut)).toBeLessThan(total);
    system.worker.start();

    const row = await sent(cohortId, created.body.id, 240_000);
    expect(row).toMatchObject({ recipients: total, sent: total, failed: 0, pending: 0 });
    await system.settled({ mail: true, timeoutMs: 60_000 });
    const [{ emails }] = await system.db.dataSource.query('SELECT COUNT(*) AS emails FROM notifications WHERE announcement_id = ?', [created.body.id]);
    expect(Number(emails)).toBe(total);
    const mails = mailsAbout(subject);
    // An email the SMTP server took just before the kill, not yet marked sent, goes again with the same Message-ID: at
    // most the 50 the worker has in flight (the notifications queue's concurrency).
    expect(new Set(mails.map((mail) => mail.messageId)).size).toBe(total);
    expect(new Set(mails.flatMap((mail) => mail.to)).size).toBe(total);
    expect(mails.length - total).toBeLessThanOrEqual(50);
  }, 360_000);
});
