import type { CheckInView, CompletionResult, MePair, PairMeetingOutline, PairRow } from '@app/contracts';
import ExcelJS from 'exceljs';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SinkMessage, SmtpSink } from '../scripts/smtp-sink';
import { Applicant, applyMentor, applyStudent, approve, createOpenCohort, Person } from './support/factories';
import { startSystemWithSink } from './support/mail';
import { accept, bearer, matchesOf, runRound } from './support/rounds';
import { ROOT, serviceUrls, TestSystem, waitFor } from './support/system';

/**
 * The mentorship phase end to end (DESIGN §7): the built API and worker, MariaDB, Redis and an SMTP sink of this
 * suite. One check-in "day" lasts CHECK_IN_DAY_MS, so a cohort checking in every N days has periods of N × that:
 * time passes for real and the tests wait for states (the API, the sink), never for a fixed time.
 */
const CHECK_IN_DAY_MS = 2_000;
/**
 * Periods for the flows that must fit inside one (answering a check-in twice, completing before the next one):
 * 4 days, 8 s. Health by silence takes 2 days, 4 s: on_track, then needs_attention, then at_risk.
 */
const ANSWERING_DAYS = 4;
const SILENCE_DAYS = 2;
const OFFICE = 'office@shiyou-e2e.example.edu';
const CLI_COORDINATOR = { name: '王老师', email: 'wang.laoshi@shiyou-e2e.example.edu' };
const CLI = join(ROOT, 'dist/apps/api/apps/api/src/cli.js');

let sink: SmtpSink;
let system: TestSystem;
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ system, sink, stop } = await startSystemWithSink('mentorship', { env: { COORDINATOR_EMAIL: OFFICE, CHECK_IN_DAY_MS: String(CHECK_IN_DAY_MS) } }));
  // A coordinator made the documented way: `need_help` and endings must reach them as well as the office.
  await promisify(execFile)(process.execPath, [CLI, 'coordinator:create', '--name', CLI_COORDINATOR.name, '--email', CLI_COORDINATOR.email], {
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: system.db.url, REDIS_URL: serviceUrls().redisUrl },
  });
}, 120_000);

afterAll(async () => {
  await stop?.();
}, 30_000);

interface Pair {
  cohortId: number;
  cohortName: string;
  matchId: number;
  mentor: Person;
  student: Person;
}

type Answer = 'on_track' | 'not_yet' | 'need_help';

/** A China calendar date (YYYY-MM-DD) `days` after `from`. */
function chinaDay(days = 0, from = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' })
    .format(new Date(from.getTime() + days * 86_400_000));
}

let people = 0;
/** A mentor (capacity 1 unless given) and a student of the cohort, approved; addresses unique in the shared sink. */
async function member(cohortId: number, role: 'mentor', data?: Record<string, unknown>): Promise<Person>;
async function member(cohortId: number, role: 'student', choices: number[], data?: Record<string, unknown>): Promise<Person>;
async function member(cohortId: number, role: 'mentor' | 'student', ...rest: unknown[]): Promise<Person> {
  const index = (people += 1);
  const choices = role === 'student' ? (rest.shift() as number[]) : [];
  const data = { email: `${role}.${index}@shiyou-e2e.example.cn`, ...(rest[0] as Record<string, unknown> | undefined) };
  const applicant = role === 'mentor'
    ? await applyMentor(system, cohortId, { capacity: 1, ...data }, index)
    : await applyStudent(system, cohortId, choices, data, index);
  await approve(system, cohortId, role, [applicant.id]);
  const row: Array<{ name: string }> = await system.db.dataSource.query(`SELECT name FROM ${role}_applications WHERE id = ?`, [applicant.id]);
  return { ...applicant, name: row[0].name, email: data.email };
}

async function propose(cohortId: number, student: Person, mentor: Person): Promise<number> {
  const proposal = await system.http().post(`/api/cohorts/${cohortId}/matches`).set(system.coordinator)
    .send({ studentId: student.id, mentorId: mentor.id }).expect(201);
  return proposal.body.id as number;
}

async function pairIn(cohortId: number, cohortName: string): Promise<Pair> {
  const mentor = await member(cohortId, 'mentor');
  const student = await member(cohortId, 'student', [mentor.id]);
  const matchId = await propose(cohortId, student, mentor);
  await accept(system, mentor, matchId).expect(200);
  return { cohortId, cohortName, matchId, mentor, student };
}

/** An open cohort of its own (check-ins off unless asked) and one accepted pair in it. */
async function acceptedPair(tag: string, checkInEveryDays = 0): Promise<Pair> {
  const cohortName = `第3期 师友计划 ${tag}`;
  const cohortId = await createOpenCohort(system, { name: cohortName, checkInEveryDays });
  return pairIn(cohortId, cohortName);
}

async function pairOf(who: Applicant, matchId: number): Promise<MePair> {
  const pairs: MePair[] = (await system.http().get('/api/me/pairs').set(bearer(who)).expect(200)).body;
  const pair = pairs.find((candidate) => candidate.matchId === matchId);
  if (!pair) throw new Error(`pair ${matchId} is not among the member's pairs`);
  return pair;
}

async function rowsOf(cohortId: number, health?: string): Promise<PairRow[]> {
  return (await system.http().get(`/api/cohorts/${cohortId}/pairs`).query(health ? { health } : {}).set(system.coordinator).expect(200)).body;
}

async function rowOf(pair: Pair): Promise<PairRow> {
  const row = (await rowsOf(pair.cohortId)).find((candidate) => candidate.matchId === pair.matchId);
  if (!row) throw new Error(`pair ${pair.matchId} is not in the coordinators' table`);
  return row;
}

const healthOf = async (pair: Pair) => (await rowOf(pair)).health;

async function waitForHealth(pair: Pair, health: string, timeoutMs = 20_000): Promise<void> {
  let last = '';
  await waitFor(`pair ${pair.matchId} to be ${health}`, async () => (last = await healthOf(pair)) === health, timeoutMs, 150)
    .catch((error: Error) => {
      throw new Error(`${error.message} (last seen: ${last})`);
    });
}

const logMeeting = (who: Applicant, matchId: number, body: Record<string, unknown>) =>
  system.http().post(`/api/me/pairs/${matchId}/meetings`).set(bearer(who)).send(body);
const putGoals = (who: Applicant, matchId: number, goals: unknown) => system.http().put(`/api/me/pairs/${matchId}/goals`).set(bearer(who)).send({ goals });
const endAsMember = (who: Applicant, matchId: number, body: Record<string, unknown> = { reason: 'no_time' }) =>
  system.http().post(`/api/me/pairs/${matchId}/end`).set(bearer(who)).send(body);
const endAsCoordinator = (matchId: number, body: Record<string, unknown> = { reason: 'other', note: '测试结束' }) =>
  system.http().post(`/api/matches/${matchId}/end`).set(system.coordinator).send(body);

const mailsTo = (email: string) => sink.messages.filter((mail) => mail.to.includes(email));
const checkInMails = (email: string, period: number) => mailsTo(email).filter((mail) => mail.subject.includes(`第 ${period} 次回访`));

/** Waits for the member's check-in email of `period`; exactly one must have come. */
async function checkInMail(who: Person, period: number, timeoutMs = 30_000): Promise<SinkMessage> {
  await sink.waitFor(() => checkInMails(who.email, period).length > 0, timeoutMs);
  const mails = checkInMails(who.email, period);
  expect(mails).toHaveLength(1);
  return mails[0];
}

/** The three one-tap links of a check-in email: one token, one answer each. */
function answerLinks(mail: SinkMessage): { token: string; links: Record<Answer, string> } {
  const found = [...mail.text.matchAll(/(https?:\/\/\S+\/check-in#token=([A-Za-z0-9_-]+)&answer=(on_track|not_yet|need_help))/g)];
  const answers = found.map((match) => match[3]);
  expect(answers.slice(0, 3)).toEqual(['on_track', 'not_yet', 'need_help']);
  const tokens = new Set(found.map((match) => match[2]));
  expect(tokens.size).toBe(1);
  return { token: [...tokens][0], links: Object.fromEntries(found.map((match) => [match[3], match[1]])) as Record<Answer, string> };
}

const viewCheckIn = (token: string) => system.http().get(`/api/check-ins/${token}`);
const answerCheckIn = (token: string, body: Record<string, unknown>) => system.http().post(`/api/check-ins/${token}`).send(body);

async function checkInRows(matchId: number): Promise<Array<{ period: number; role: string; answer: string | null; note: string | null }>> {
  const rows: Array<{ period: number; role: string; answer: string | null; note: string | null }> = await system.db.dataSource.query(
    'SELECT period, role, answer, note FROM check_ins WHERE match_id = ? ORDER BY period, role', [matchId]);
  return rows.map((row) => ({ ...row, period: Number(row.period) }));
}

/** What a 400 names: the fields of its `errors`. */
const fieldsOf = (body: { errors?: Array<{ field: string }> }) => (body.errors ?? []).map((error) => error.field);

describe('the mentorship phase (real API, worker, MariaDB, Redis and SMTP)', () => {
  it('lets both members keep shared goals and a meeting log; coordinators see the meetings without their summaries', async () => {
    const pair = await acceptedPair('log');
    const { matchId, mentor, student } = pair;

    const fresh = await pairOf(student, matchId);
    expect(fresh).toMatchObject({
      status: 'accepted', role: 'student', goals: [], meetings: [], checkIns: [], endedAt: null, endReason: null, endedBy: null, health: 'on_track',
      partner: { name: mentor.name, email: mentor.email },
    });
    expect((await pairOf(mentor, matchId)).partner).toMatchObject({ name: student.name, email: student.email });

    const goals = [{ text: '完成一份实习简历', done: false }, { text: '了解互联网行业的秋招节奏', done: true }];
    expect((await putGoals(student, matchId, goals).expect(200)).body).toEqual(goals);
    expect((await pairOf(mentor, matchId)).goals).toEqual(goals);
    // Either member edits the same list: the mentor ticks the first and adds one.
    const edited = [{ text: '完成一份实习简历', done: true }, goals[1], { text: '模拟面试两次', done: false }];
    await putGoals(mentor, matchId, edited).expect(200);
    expect((await pairOf(student, matchId)).goals).toEqual(edited);

    const today = chinaDay();
    const acceptedOn = chinaDay(0, new Date(fresh.acceptedAt));
    const byStudent = (await logMeeting(student, matchId, { heldOn: today, minutes: 60, mode: 'video', summary: '聊了实习简历的写法' }).expect(201)).body;
    expect(byStudent).toMatchObject({ heldOn: today, minutes: 60, mode: 'video', summary: '聊了实习简历的写法', loggedBy: 'student' });
    const byMentor = (await logMeeting(mentor, matchId, { heldOn: acceptedOn, minutes: 30, mode: 'in_person' }).expect(201)).body;
    expect(byMentor).toMatchObject({ heldOn: acceptedOn, minutes: 30, mode: 'in_person', summary: null, loggedBy: 'mentor' });

    // Newest day first; both members see both entries, summaries included.
    const expected = [byStudent, byMentor].sort((a, b) => (a.heldOn === b.heldOn ? b.id - a.id : b.heldOn.localeCompare(a.heldOn)));
    for (const who of [mentor, student]) {
      expect((await pairOf(who, matchId)).meetings).toEqual(expected);
      expect((await system.http().get(`/api/me/pairs/${matchId}/meetings`).set(bearer(who)).expect(200)).body).toEqual(expected);
    }

    // Coordinators: dates, modes and minutes, never what the pair wrote.
    const outline = await system.http().get(`/api/matches/${matchId}/meetings`).set(system.coordinator).expect(200);
    expect(outline.text).not.toContain('聊了实习简历');
    expect(outline.body).toEqual(expected.map(({ id, heldOn, minutes, mode, loggedBy }): PairMeetingOutline => ({ id, heldOn, minutes, mode, loggedBy })));
    expect(await rowOf(pair)).toMatchObject({
      status: 'accepted', student: { id: student.id, name: student.name }, mentor: { id: mentor.id, name: mentor.name },
      meetings: 2, minutes: 90, lastMeetingOn: today, lastCheckIn: null, health: 'on_track', endReason: null,
    });
    expect(JSON.stringify(await rowsOf(pair.cohortId))).not.toContain('聊了实习简历');

    // Each removes only their own entries.
    await system.http().delete(`/api/me/pairs/${matchId}/meetings/${byStudent.id}`).set(bearer(mentor)).expect(404);
    await system.http().delete(`/api/me/pairs/${matchId}/meetings/${byStudent.id}`).set(bearer(student)).expect(204);
    await system.http().delete(`/api/me/pairs/${matchId}/meetings/${byStudent.id}`).set(bearer(student)).expect(404);
    expect((await pairOf(mentor, matchId)).meetings).toEqual([byMentor]);
    expect(await rowOf(pair)).toMatchObject({ meetings: 1, minutes: 30, lastMeetingOn: acceptedOn });
  });

  it('mails both members a check-in each period: a GET records nothing, the POST does, a second answer replaces the first, need_help tells the coordinators, and the closed period answers 410', async () => {
    const pair = await acceptedPair('check-in', ANSWERING_DAYS);
    const { matchId, mentor, student } = pair;
    expect(await checkInRows(matchId)).toEqual([]);

    const { token, links } = answerLinks(await checkInMail(student, 1));
    const mentorsLink = answerLinks(await checkInMail(mentor, 1));
    expect(mentorsLink.token).not.toBe(token);
    expect(links.need_help).toBe(`${system.apiUrl}/check-in#token=${token}&answer=need_help`);

    // What a mail scanner does: open the API's view and the page of every link. Nothing is recorded.
    const view: CheckInView = (await viewCheckIn(token).expect(200)).body;
    expect(view).toMatchObject({ cohortName: pair.cohortName, role: 'student', partnerName: mentor.name, period: 1, answer: null, note: null });
    for (const link of Object.values(links)) {
      const page = await fetch(link);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="app"');
    }
    await viewCheckIn(token).expect(200);
    expect(await checkInRows(matchId)).toEqual([
      { period: 1, role: 'mentor', answer: null, note: null },
      { period: 1, role: 'student', answer: null, note: null },
    ]);
    // A period passed with no meeting and no on_track answer.
    await waitForHealth(pair, 'needs_attention', 5_000);

    const unknown = await viewCheckIn('not-a-check-in-token').expect(404);
    expect(unknown.body).toMatchObject({ statusCode: 404 });
    expect(fieldsOf((await answerCheckIn(token, { answer: 'maybe' }).expect(400)).body)).toEqual(['answer']);
    expect((await answerCheckIn(token, { answer: 'on_track', extra: 1 }).expect(400)).body.statusCode).toBe(400);
    expect((await checkInRows(matchId)).every((row) => row.answer === null)).toBe(true);

    // need_help: recorded, the pair at risk at once, and the office and every coordinator emailed.
    const helped = await answerCheckIn(token, { answer: 'need_help', note: '一直约不上时间' }).expect(200);
    expect(helped.body).toMatchObject({ role: 'student', period: 1, answer: 'need_help', note: '一直约不上时间' });
    expect(await healthOf(pair)).toBe('at_risk');
    expect((await rowOf(pair)).lastCheckIn).toMatchObject({ answer: 'need_help', role: 'student' });
    const helpMail = (mail: SinkMessage) => mail.subject.includes(pair.cohortName) && mail.subject.includes('需要协调员帮助');
    for (const email of [OFFICE, CLI_COORDINATOR.email]) {
      await sink.waitFor(() => mailsTo(email).some(helpMail));
      const [mail] = mailsTo(email).filter(helpMail);
      expect(mail.text).toContain(student.name);
      expect(mail.text).toContain('一直约不上时间');
    }
    expect([...mailsTo(student.email), ...mailsTo(mentor.email)].filter(helpMail)).toEqual([]);

    // A second answer in the period replaces the first: one row, the latest answer, its own note (none).
    await answerCheckIn(token, { answer: 'on_track' }).expect(200);
    await answerCheckIn(mentorsLink.token, { answer: 'not_yet', note: '下周见' }).expect(200);
    expect(await checkInRows(matchId)).toEqual([
      { period: 1, role: 'mentor', answer: 'not_yet', note: '下周见' },
      { period: 1, role: 'student', answer: 'on_track', note: null },
    ]);
    expect((await viewCheckIn(token).expect(200)).body).toMatchObject({ answer: 'on_track', note: null });
    expect((await pairOf(student, matchId)).checkIns).toMatchObject([{ period: 1, role: 'student', answer: 'on_track', note: null }]);
    expect((await pairOf(mentor, matchId)).checkIns).toMatchObject([{ period: 1, role: 'mentor', answer: 'not_yet', note: '下周见' }]);
    expect(await healthOf(pair)).toBe('on_track');

    // The next period: period 1's links close (410), period 2's work.
    await waitFor('period 1 to close', async () => (await viewCheckIn(token)).status === 410, 20_000, 150);
    const gone = await answerCheckIn(token, { answer: 'need_help' }).expect(410);
    expect(gone.body).toMatchObject({ statusCode: 410 });
    const next = answerLinks(await checkInMail(student, 2));
    expect((await viewCheckIn(next.token).expect(200)).body).toMatchObject({ period: 2, answer: null });
    expect(await checkInRows(matchId)).toEqual(expect.arrayContaining([
      { period: 1, role: 'student', answer: 'on_track', note: null },
      { period: 2, role: 'student', answer: null, note: null },
    ]));
    expect(checkInMails(student.email, 1)).toHaveLength(1);
    expect(checkInMails(mentor.email, 1)).toHaveLength(1);

    await endAsCoordinator(matchId).expect(200);
  });

  it('moves pair health from on_track to needs_attention to at_risk without contact, and back to on_track once a meeting is logged', async () => {
    const pair = await acceptedPair('health', SILENCE_DAYS);
    const before = await rowOf(pair);
    expect(before).toMatchObject({ health: 'on_track', lastContactAt: before.acceptedAt, meetings: 0, lastCheckIn: null });
    expect((await rowsOf(pair.cohortId, 'on_track')).map((row) => row.matchId)).toEqual([pair.matchId]);

    await waitForHealth(pair, 'needs_attention');
    expect((await rowsOf(pair.cohortId, 'needs_attention')).map((row) => row.matchId)).toEqual([pair.matchId]);
    expect(await rowsOf(pair.cohortId, 'on_track')).toEqual([]);
    await waitForHealth(pair, 'at_risk');
    expect((await pairOf(pair.student, pair.matchId)).health).toBe('at_risk');
    expect((await rowsOf(pair.cohortId, 'at_risk')).map((row) => row.matchId)).toEqual([pair.matchId]);

    await logMeeting(pair.mentor, pair.matchId, { heldOn: chinaDay(), minutes: 45, mode: 'phone' }).expect(201);
    const after = await rowOf(pair);
    expect(after).toMatchObject({ health: 'on_track', meetings: 1, minutes: 45, lastMeetingOn: chinaDay() });
    expect(new Date(after.lastContactAt).getTime()).toBeGreaterThan(new Date(before.lastContactAt).getTime());

    const ended: PairRow = (await endAsCoordinator(pair.matchId, { reason: 'goals_met' }).expect(200)).body;
    expect(ended).toMatchObject({ matchId: pair.matchId, status: 'ended', health: 'ended', endReason: 'goals_met' });
    expect((await rowsOf(pair.cohortId, 'ended')).map((row) => row.matchId)).toEqual([pair.matchId]);
    await system.http().get(`/api/cohorts/${pair.cohortId}/pairs`).query({ health: 'great' }).set(system.coordinator).expect(400);
  });

  it('ends a pair at a member\'s request: the partner and the coordinators are told, the mentor\'s place is free, and the next round places the student with another mentor', async () => {
    const cohortName = '第3期 师友计划 end';
    const cohortId = await createOpenCohort(system, { name: cohortName, maxChoices: 2, checkInEveryDays: 0 });
    const first = await member(cohortId, 'mentor');
    const second = await member(cohortId, 'mentor');
    const student = await member(cohortId, 'student', [first.id, second.id]);
    // Another student who wants only the first mentor: the place the ending frees goes to them.
    const waiting = await member(cohortId, 'student', [first.id]);
    const matchId = await propose(cohortId, student, first);
    await accept(system, first, matchId).expect(200);
    const pair: Pair = { cohortId, cohortName, matchId, mentor: first, student };
    const remaining = async (mentorId: number) => {
      const mentors: Array<{ id: number; remainingCapacity: number }> = (await system.http().get(`/api/public/cohorts/${cohortId}/mentors`).expect(200)).body;
      return mentors.find((mentor) => mentor.id === mentorId)!.remainingCapacity;
    };
    expect(await remaining(first.id)).toBe(0);
    const meeting = (await logMeeting(student, matchId, { heldOn: chinaDay(), minutes: 20, mode: 'chat' }).expect(201)).body;
    await putGoals(student, matchId, [{ text: '确定实习方向', done: false }]).expect(200);

    const ended = await endAsMember(student, matchId, { reason: 'not_a_fit', note: '方向不太一致' }).expect(200);
    expect(ended.body).toMatchObject({ matchId, status: 'ended', endReason: 'not_a_fit', endedBy: 'student', health: 'ended' });
    expect(ended.body.endedAt).toEqual(expect.any(String));
    expect(await rowOf(pair)).toMatchObject({ status: 'ended', health: 'ended', endReason: 'not_a_fit' });
    const history = (await system.http().get(`/api/matches/${matchId}/history`).set(system.coordinator).expect(200)).body;
    expect(history.at(-1)).toMatchObject({ fromStatus: 'accepted', toStatus: 'ended', actorRole: 'student', actorId: student.id });

    // Told: the partner and the coordinators; not the one who ended it.
    const endedMail = (mail: SinkMessage) => mail.subject.includes(cohortName) && mail.subject.includes('已结束');
    for (const email of [first.email, OFFICE, CLI_COORDINATOR.email]) {
      await sink.waitFor(() => mailsTo(email).some(endedMail));
      expect(mailsTo(email).filter(endedMail)).toHaveLength(1);
    }
    expect(mailsTo(first.email).find(endedMail)!.text).toContain('方向不太一致');
    await system.settled({ mail: true });
    expect(mailsTo(student.email).filter(endedMail)).toEqual([]);

    // Read-only once ended: 409 pair_not_active, for the members and the coordinators.
    const refusals = [
      putGoals(student, matchId, []),
      logMeeting(first, matchId, { heldOn: chinaDay(), minutes: 30, mode: 'video' }),
      system.http().delete(`/api/me/pairs/${matchId}/meetings/${meeting.id}`).set(bearer(student)),
      endAsMember(first, matchId),
      endAsCoordinator(matchId),
    ];
    for (const refusal of await Promise.all(refusals)) {
      expect({ status: refusal.status, code: refusal.body.code }).toEqual({ status: 409, code: 'pair_not_active' });
    }
    expect(await pairOf(student, matchId)).toMatchObject({ status: 'ended', goals: [{ text: '确定实习方向', done: false }], meetings: [meeting] });

    // The place is free again, and the next round never pairs the two again.
    expect(await remaining(first.id)).toBe(1);
    await runRound(system, cohortId);
    const proposed = await matchesOf(system, cohortId, 'proposed');
    expect(proposed.map((match) => [match.student.id, match.mentor.id]).sort()).toEqual([[student.id, second.id], [waiting.id, first.id]].sort());
  });

  it('completes a cohort: its accepted pairs become completed, an ended one stays ended, and no check-in is sent after it', async () => {
    const cohortName = '第3期 师友计划 结业';
    const cohortId = await createOpenCohort(system, { name: cohortName, checkInEveryDays: ANSWERING_DAYS });
    const pairs = [await pairIn(cohortId, cohortName), await pairIn(cohortId, cohortName)];
    const early = await pairIn(cohortId, cohortName);
    await endAsMember(early.mentor, early.matchId, { reason: 'no_time' }).expect(200);
    const lateMentor = await member(cohortId, 'mentor');
    const unanswered = await propose(cohortId, await member(cohortId, 'student', [lateMentor.id]), lateMentor);
    // A witness in another cohort on the same schedule, accepted last: its second check-in comes after the time the
    // completed pairs' second one would have.
    const witness = await acceptedPair('witness', ANSWERING_DAYS);

    // Check-ins run until completion: both members of both pairs got period 1's.
    const tokens = [];
    for (const pair of pairs) for (const who of [pair.mentor, pair.student]) tokens.push(answerLinks(await checkInMail(who, 1)).token);

    const completion = await system.http().post(`/api/cohorts/${cohortId}/complete`).set(system.coordinator).expect(200);
    expect(completion.body).toMatchObject<Partial<CompletionResult>>({ cohortId, completedPairs: 2 });
    const again = await system.http().post(`/api/cohorts/${cohortId}/complete`).set(system.coordinator).expect(409);
    expect(again.body.code).toBe('cohort_completed');
    expect((await system.http().get(`/api/cohorts/${cohortId}`).set(system.coordinator).expect(200)).body.completedAt).toBe(completion.body.completedAt);

    const rows = await rowsOf(cohortId);
    expect(rows.map((row) => [row.matchId, row.status, row.health]).sort()).toEqual([
      ...pairs.map((pair) => [pair.matchId, 'completed', 'completed']), [early.matchId, 'ended', 'ended'],
    ].sort());
    expect((await matchesOf(system, cohortId)).find((match) => match.id === unanswered)!.status).toBe('cancelled');
    for (const pair of pairs) {
      expect(await pairOf(pair.student, pair.matchId)).toMatchObject({ status: 'completed', health: 'completed' });
      const refused = await logMeeting(pair.mentor, pair.matchId, { heldOn: chinaDay(), minutes: 30, mode: 'video' }).expect(409);
      expect(refused.body.code).toBe('pair_not_active');
    }
    // Period 1's links are still in their period, but the pair's check-ins are over.
    const late = await answerCheckIn(tokens[0], { answer: 'on_track' }).expect(409);
    expect(late.body.code).toBe('pair_not_active');

    await checkInMail(witness.student, 2);
    await system.settled({ mail: true });
    for (const pair of pairs) {
      expect((await checkInRows(pair.matchId)).map((row) => row.period)).toEqual([1, 1]);
      for (const who of [pair.mentor, pair.student]) {
        expect(mailsTo(who.email).filter((mail) => mail.subject.includes('次回访')).map((mail) => mail.subject)).toEqual([checkInMails(who.email, 1)[0].subject]);
      }
    }
    expect(await checkInRows(early.matchId)).toEqual([]);
    await endAsCoordinator(witness.matchId).expect(200);
  });

  it('refuses bad input with 400 naming the field, and leaves the pair as it was', async () => {
    const { matchId, student } = await acceptedPair('bad-input');
    await putGoals(student, matchId, [{ text: '完成简历', done: false }]).expect(200);
    const acceptedAt = new Date((await pairOf(student, matchId)).acceptedAt);
    await logMeeting(student, matchId, { heldOn: chinaDay(), minutes: 30, mode: 'video', summary: '第一次见面' }).expect(201);
    const snapshot = await pairOf(student, matchId);

    const meeting = { heldOn: chinaDay(), minutes: 30, mode: 'video' };
    const cases: Array<{ what: string; send: () => ReturnType<typeof logMeeting>; field: string }> = [
      // Two days ahead: tomorrow in the test could be today on the server if midnight passes in between.
      { what: 'a meeting in the future', send: () => logMeeting(student, matchId, { ...meeting, heldOn: chinaDay(2) }), field: 'heldOn' },
      { what: 'a meeting before the acceptance day', send: () => logMeeting(student, matchId, { ...meeting, heldOn: chinaDay(-1, acceptedAt) }), field: 'heldOn' },
      { what: 'a day that does not exist', send: () => logMeeting(student, matchId, { ...meeting, heldOn: '2026-02-30' }), field: 'heldOn' },
      { what: 'a day in another format', send: () => logMeeting(student, matchId, { ...meeting, heldOn: '2026/12/01' }), field: 'heldOn' },
      { what: '4 minutes', send: () => logMeeting(student, matchId, { ...meeting, minutes: 4 }), field: 'minutes' },
      { what: '601 minutes', send: () => logMeeting(student, matchId, { ...meeting, minutes: 601 }), field: 'minutes' },
      { what: 'minutes as a fraction', send: () => logMeeting(student, matchId, { ...meeting, minutes: 30.5 }), field: 'minutes' },
      { what: 'mode fax', send: () => logMeeting(student, matchId, { ...meeting, mode: 'fax' }), field: 'mode' },
      { what: 'a summary over 1000 characters', send: () => logMeeting(student, matchId, { ...meeting, summary: '长'.repeat(1001) }), field: 'summary' },
      { what: 'no meeting day', send: () => logMeeting(student, matchId, { minutes: 30, mode: 'video' }), field: 'heldOn' },
      { what: '11 goals', send: () => putGoals(student, matchId, Array.from({ length: 11 }, (_, index) => ({ text: `目标 ${index + 1}`, done: false }))), field: 'goals' },
      { what: 'a goal of 201 characters', send: () => putGoals(student, matchId, [{ text: '好', done: false }, { text: '目'.repeat(201), done: false }]), field: 'goals.1.text' },
      { what: 'an empty goal', send: () => putGoals(student, matchId, [{ text: '', done: false }]), field: 'goals.0.text' },
      { what: 'a goal without done', send: () => putGoals(student, matchId, [{ text: '完成简历' }]), field: 'goals.0.done' },
      { what: 'goals that are not a list', send: () => putGoals(student, matchId, '完成简历'), field: 'goals' },
      { what: 'an unknown end reason', send: () => endAsMember(student, matchId, { reason: 'bored' }), field: 'reason' },
      { what: 'an end note over 500 characters', send: () => endAsMember(student, matchId, { reason: 'other', note: '长'.repeat(501) }), field: 'note' },
    ];
    for (const { what, send, field } of cases) {
      const response = await send();
      expect({ what, status: response.status }).toEqual({ what, status: 400 });
      expect({ what, fields: fieldsOf(response.body) }).toEqual({ what, fields: expect.arrayContaining([field]) });
      expect(await pairOf(student, matchId)).toEqual(snapshot);
    }
    // The edges themselves are fine.
    await logMeeting(student, matchId, { ...meeting, minutes: 5, heldOn: chinaDay(0, acceptedAt) }).expect(201);
    await logMeeting(student, matchId, { ...meeting, minutes: 600, summary: '长'.repeat(1000) }).expect(201);
    await putGoals(student, matchId, Array.from({ length: 10 }, (_, index) => ({ text: `${index}`.padEnd(200, '目'), done: index % 2 === 0 }))).expect(200);
  });

  it('keeps each pair to its members: another person\'s pair or meeting is 404, a proposal is no pair', async () => {
    const cohortName = '第3期 师友计划 others';
    const cohortId = await createOpenCohort(system, { name: cohortName, checkInEveryDays: 0 });
    const ours = await pairIn(cohortId, cohortName);
    const theirs = await pairIn(cohortId, cohortName);
    const ourMeeting = (await logMeeting(ours.student, ours.matchId, { heldOn: chinaDay(), minutes: 30, mode: 'video', summary: '私人记录' }).expect(201)).body;
    const theirMeeting = (await logMeeting(theirs.mentor, theirs.matchId, { heldOn: chinaDay(), minutes: 30, mode: 'phone' }).expect(201)).body;
    await putGoals(ours.student, ours.matchId, [{ text: '完成简历', done: false }]).expect(200);
    const snapshot = await pairOf(ours.student, ours.matchId);
    const mentorsProposal = await propose(cohortId, await member(cohortId, 'student', []), await member(cohortId, 'mentor'));

    for (const outsider of [theirs.student, theirs.mentor]) {
      const refusals = [
        system.http().get(`/api/me/pairs/${ours.matchId}/meetings`).set(bearer(outsider)),
        putGoals(outsider, ours.matchId, []),
        logMeeting(outsider, ours.matchId, { heldOn: chinaDay(), minutes: 30, mode: 'video' }),
        system.http().delete(`/api/me/pairs/${ours.matchId}/meetings/${ourMeeting.id}`).set(bearer(outsider)),
        // Someone else's meeting through one's own pair.
        system.http().delete(`/api/me/pairs/${theirs.matchId}/meetings/${ourMeeting.id}`).set(bearer(outsider)),
        endAsMember(outsider, ours.matchId),
      ];
      for (const refusal of await Promise.all(refusals)) expect({ status: refusal.status, error: refusal.body.error }).toEqual({ status: 404, error: 'Not Found' });
      const listed: MePair[] = (await system.http().get('/api/me/pairs').set(bearer(outsider)).expect(200)).body;
      expect(listed.map((pair) => pair.matchId)).toEqual([theirs.matchId]);
      expect(JSON.stringify(listed)).not.toContain('私人记录');
    }
    await system.http().delete(`/api/me/pairs/${ours.matchId}/meetings/${theirMeeting.id}`).set(bearer(ours.student)).expect(404);
    await system.http().get('/api/me/pairs/999999999/meetings').set(bearer(ours.student)).expect(404);
    await system.http().get(`/api/me/pairs/${ours.matchId}/meetings`).expect(401);
    await system.http().get(`/api/me/pairs/${ours.matchId}/meetings`).set(system.coordinator).expect(401);
    // A proposal is not a pair yet, for its members and for coordinators.
    await system.http().get(`/api/matches/${mentorsProposal}/meetings`).set(system.coordinator).expect(404);
    await endAsCoordinator(mentorsProposal).expect(404);
    await system.http().get('/api/matches/999999999/meetings').set(system.coordinator).expect(404);
    await system.http().get(`/api/cohorts/999999999/pairs`).set(system.coordinator).expect(404);
    await system.http().get(`/api/cohorts/${cohortId}/pairs`).set(bearer(ours.student)).expect(401);

    expect(await pairOf(ours.student, ours.matchId)).toEqual(snapshot);
  });

  it('exports the pairs as a UTF-8 CSV with a byte-order mark and Chinese headers, and as an XLSX workbook', async () => {
    const cohortName = '第3期 师友计划 export';
    const cohortId = await createOpenCohort(system, { name: cohortName, checkInEveryDays: 0 });
    const active = await pairIn(cohortId, cohortName);
    const ended = await pairIn(cohortId, cohortName);
    await logMeeting(active.student, active.matchId, { heldOn: chinaDay(), minutes: 50, mode: 'in_person', summary: '不应出现在导出中' }).expect(201);
    await endAsCoordinator(ended.matchId, { reason: 'no_response' }).expect(200);

    const csv = await fetch(`${system.apiUrl}/api/cohorts/${cohortId}/pairs.csv`, { headers: system.coordinator });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(csv.headers.get('content-disposition')).toContain('pairs.csv');
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text).not.toContain('不应出现在导出中');
    const lines = text.trimEnd().split(/\r?\n/);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^匹配编号,生友,师友,状态,状况,/);
    const activeLine = lines.find((line) => line.startsWith(`${active.matchId},`))!;
    expect(activeLine).toContain(`${active.student.name},${active.mentor.name},进行中,进展顺利`);
    expect(activeLine).toContain(',1,50,');
    expect(lines.find((line) => line.startsWith(`${ended.matchId},`))).toContain('已结束');
    expect(lines.find((line) => line.startsWith(`${ended.matchId},`))).toContain('对方没有回应');
    const english = await fetch(`${system.apiUrl}/api/cohorts/${cohortId}/pairs.csv?lang=en`, { headers: system.coordinator });
    expect((await english.text()).replace(/^\uFEFF/, '')).toMatch(/^Match,Student,Mentor,Status,Health,/);

    const xlsx = await fetch(`${system.apiUrl}/api/cohorts/${cohortId}/pairs.xlsx`, { headers: system.coordinator });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.headers.get('content-disposition')).toContain('pairs.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.name).toBe('师友关系');
    const cells = (row: number) => (sheet.getRow(row).values as unknown[]).slice(1).map((value) => (value === null || value === undefined ? '' : String(value)));
    expect(cells(1).slice(0, 5)).toEqual(['匹配编号', '生友', '师友', '状态', '状况']);
    expect(sheet.actualRowCount).toBe(3);
    const sheetRows = [cells(2), cells(3)];
    expect(sheetRows.find((row) => row[0] === String(active.matchId))!.slice(1, 5)).toEqual([active.student.name, active.mentor.name, '进行中', '进展顺利']);
    expect(sheetRows.find((row) => row[0] === String(ended.matchId))!.slice(1, 5)).toEqual([ended.student.name, ended.mentor.name, '已结束', '已结束']);

    await system.http().get(`/api/cohorts/${cohortId}/pairs.csv`).expect(401);
    await system.http().get(`/api/cohorts/${cohortId}/pairs.xlsx`).query({ lang: 'fr' }).set(system.coordinator).expect(400);
  });
});
