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
  tokens: {
    coordinator: string;
    /** A submitted student of the main cohort: /api/me and its choices. */
    student: string;
    /** The mentor of `answerableMatchId`. */
    mentor: string;
    /** A student used up by POST /api/me/withdraw. */
    withdrawer: string;
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
    tokens: {
      coordinator: system.coordinator.Authorization.slice('Bearer '.length),
      student: students[3].accessToken,
      mentor: approvedMentors[0].accessToken,
      withdrawer: students[5].accessToken,
    },
  };
}
