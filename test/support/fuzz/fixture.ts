import { createHash, randomBytes } from 'node:crypto';
import { applyMentor, applyStudent, approve, createCohort, createOpenCohort } from '../factories';
import { TestSystem } from '../system';

/**
 * What the fuzzer aims at: a fresh open cohort with approved mentors (so valid-shaped applications reach the
 * database), students with choices, proposals to answer and cancel, a finished round, notifications, and a
 * token of every kind. State-changing coordinator routes aim at scratch cohorts, so that the main cohort's
 * settings (its maxChoices, which an invariant checks) stay as created.
 */
export interface Fixture {
  cohortId: number;
  maxChoices: number;
  /** A draft and an open cohort for PATCH/open/close/archive. */
  scratchCohortIds: number[];
  approvedMentorIds: number[];
  pendingMentorId: number;
  studentIds: number[];
  approvedStudentIds: number[];
  /** Proposed matches: one for the mentor token to answer, one for the coordinator to cancel. */
  answerableMatchId: number;
  cancellableMatchId: number;
  roundId: number;
  notificationIds: number[];
  /** A cohort of accepted pairs (DESIGN §7): A for the members' routes, B for a member to end, C for a coordinator. */
  pairCohortId: number;
  pairMatchId: number;
  endableMatchId: number;
  coordinatorEndableMatchId: number;
  /** Meetings of pair A: one logged by its student (the `pair` token), one by its mentor. */
  meetingIds: number[];
  /** Check-in links of pair A: its student's, open, and its mentor's, closed (410). */
  checkInTokens: string[];
  tokens: {
    coordinator: string;
    /** A submitted student of the main cohort: /api/me, its choices and its details. */
    student: string;
    /** The mentor of `answerableMatchId`, who also edits their details (their capacity among them). */
    mentor: string;
    /** A student used up by POST /api/me/withdraw. */
    withdrawer: string;
    /** The student of pair A. */
    pair: string;
    /** The mentor of pair B, which POST /api/me/pairs/:matchId/end ends. */
    ender: string;
  };
}

export const MAX_CHOICES = 3;

export async function buildFixture(system: TestSystem): Promise<Fixture> {
  const draft = await createCohort(system, { name: '草稿 scratch' });
  const openScratch = await createOpenCohort(system, { name: '开放 scratch' });
  const cohortId = await createOpenCohort(system, { name: '第9期 模糊测试', maxChoices: MAX_CHOICES, responseWindowHours: 48 });

  const mentors = [];
  for (let index = 0; index < 5; index += 1) mentors.push(await applyMentor(system, cohortId, { capacity: 3 }, index));
  const approvedMentors = mentors.slice(0, 4);
  await approve(system, cohortId, 'mentor', approvedMentors.map((mentor) => mentor.id));
  const mentorIds = approvedMentors.map((mentor) => mentor.id);

  const students = [];
  for (let index = 0; index < 6; index += 1) {
    students.push(await applyStudent(system, cohortId, mentorIds.slice(index % 2, (index % 2) + MAX_CHOICES), {}, index));
  }
  const approvedStudents = students.slice(0, 3);
  await approve(system, cohortId, 'student', approvedStudents.map((student) => student.id));

  const propose = async (studentId: number, mentorId: number): Promise<number> => {
    const response = await system.http().post(`/api/cohorts/${cohortId}/matches`).set(system.coordinator).send({ studentId, mentorId }).expect(201);
    return response.body.id as number;
  };
  const answerableMatchId = await propose(approvedStudents[0].id, approvedMentors[0].id);
  const cancellableMatchId = await propose(approvedStudents[1].id, approvedMentors[1].id);

  const round = await system.http().post(`/api/cohorts/${cohortId}/rounds`).set(system.coordinator).send({ dryRun: true, seed: 7 }).expect(202);
  await system.settled({ timeoutMs: 60_000 });
  const notifications: Array<{ id: number }> = await system.db.dataSource.query('SELECT id FROM notifications ORDER BY id LIMIT 5');
  const pairs = await buildPairs(system);

  return {
    cohortId,
    maxChoices: MAX_CHOICES,
    scratchCohortIds: [draft, openScratch],
    approvedMentorIds: mentorIds,
    pendingMentorId: mentors[4].id,
    studentIds: students.map((student) => student.id),
    approvedStudentIds: approvedStudents.map((student) => student.id),
    answerableMatchId,
    cancellableMatchId,
    roundId: round.body.id as number,
    notificationIds: notifications.map((row) => Number(row.id)),
    pairCohortId: pairs.cohortId,
    pairMatchId: pairs.a.matchId,
    endableMatchId: pairs.b.matchId,
    coordinatorEndableMatchId: pairs.c.matchId,
    meetingIds: pairs.meetingIds,
    checkInTokens: pairs.checkInTokens,
    tokens: {
      coordinator: system.coordinator.Authorization.slice('Bearer '.length),
      student: students[3].accessToken,
      mentor: approvedMentors[0].accessToken,
      withdrawer: students[5].accessToken,
      pair: pairs.a.student.accessToken,
      ender: pairs.b.mentor.accessToken,
    },
  };
}

/** Three accepted pairs in a cohort of their own, a meeting by each member of the first, and its check-in links. */
async function buildPairs(system: TestSystem) {
  const cohortId = await createOpenCohort(system, { name: '第9期 模糊测试 师友关系' });
  const pair = async (index: number) => {
    const mentor = await applyMentor(system, cohortId, { capacity: 1 }, 20 + index);
    await approve(system, cohortId, 'mentor', [mentor.id]);
    const student = await applyStudent(system, cohortId, [mentor.id], {}, 20 + index);
    await approve(system, cohortId, 'student', [student.id]);
    const proposal = await system.http().post(`/api/cohorts/${cohortId}/matches`).set(system.coordinator).send({ studentId: student.id, mentorId: mentor.id }).expect(201);
    await system.http().post(`/api/me/proposals/${proposal.body.id}/accept`).set({ Authorization: `Bearer ${mentor.accessToken}` }).expect(200);
    return { matchId: proposal.body.id as number, mentor, student };
  };
  const [a, b, c] = [await pair(0), await pair(1), await pair(2)];
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const meetingIds: number[] = [];
  for (const member of [a.student, a.mentor]) {
    const meeting = await system.http().post(`/api/me/pairs/${a.matchId}/meetings`).set({ Authorization: `Bearer ${member.accessToken}` })
      .send({ heldOn: today, minutes: 45, mode: 'video', summary: '聊了实习方向。' }).expect(201);
    meetingIds.push(meeting.body.id as number);
  }
  // The fuzzed system runs on real days (a check-in is due a month after acceptance): its check-ins and their links
  // are written as the sender would write them, a token stored only as its hash.
  const checkInTokens: string[] = [];
  for (const [role, member, closesAt] of [['student', a.student, new Date(Date.now() + 30 * 86_400_000)], ['mentor', a.mentor, new Date(Date.now() - 60_000)]] as const) {
    const inserted = await system.db.dataSource.query('INSERT INTO check_ins (match_id, period, role, application_id, closes_at) VALUES (?, 1, ?, ?, ?)', [a.matchId, role, member.id, closesAt]);
    const token = `k_${randomBytes(32).toString('base64url')}`;
    await system.db.dataSource.query('INSERT INTO check_in_tokens (token_hash, check_in_id) VALUES (?, ?)', [createHash('sha256').update(token).digest('hex'), inserted.insertId]);
    checkInTokens.push(token);
  }
  return { cohortId, a, b, c, meetingIds, checkInTokens };
}
