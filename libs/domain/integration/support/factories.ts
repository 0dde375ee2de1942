/**
 * Small fixtures for the domain integration tests. Applicants go through the services (submit, then review), so a
 * fixture is in the state the real flow leaves it in; each call makes new people, and each test its own cohort.
 */
import { ApplicantRole, CheckInAnswer } from '@app/contracts';
import { CheckInRow, Cohort, Match, MentorApplication, Round, StudentApplication } from '@app/database';
import {
  Actor, ApplicantIdentity, ApplicationReviewService, CheckInsService, CheckInTokensService, CohortSettings, CohortsService, CoordinatorsService,
  MatchesService, MentorApplicationInput, MentorApplicationsService, RoundRequest, RoundRequestsService, RoundRunnerService, StudentApplicationInput,
  StudentApplicationsService,
} from '@app/domain';
import { DataSource } from 'typeorm';
import { sampleMentor, sampleStudent } from '../../../../scripts/sample/sample-cohort';
import { DomainHarness } from './domain-harness';

export const COORDINATOR: Actor = { role: 'coordinator', id: null };

/** Per process, so emails and student numbers never collide, whatever order the tests run in. */
let sequence = 0;
const next = () => (sequence += 1);

export function mentorInput(overrides: Partial<MentorApplicationInput> = {}): MentorApplicationInput {
  return { ...sampleMentor(next()), ...overrides };
}

export function studentInput(overrides: Partial<StudentApplicationInput> = {}): StudentApplicationInput {
  return { ...sampleStudent(next(), []), choices: [], ...overrides };
}

export async function draftCohort(h: DomainHarness, settings: Partial<CohortSettings> = {}): Promise<Cohort> {
  return h.get(CohortsService).create({ name: `集成测试 第${next()}期`, ...settings });
}

export async function openCohort(h: DomainHarness, settings: Partial<CohortSettings> = {}): Promise<Cohort> {
  const cohort = await draftCohort(h, settings);
  return h.get(CohortsService).transition(cohort.id, 'open');
}

export async function closedCohort(h: DomainHarness, settings: Partial<CohortSettings> = {}): Promise<Cohort> {
  const cohort = await openCohort(h, settings);
  return h.get(CohortsService).transition(cohort.id, 'close');
}

async function approve(h: DomainHarness, role: ApplicantRole, cohort: Cohort, id: number): Promise<void> {
  await h.get(ApplicationReviewService).review(role, cohort.id, { ids: [id], decision: 'approved' });
}

export async function submittedMentor(h: DomainHarness, cohort: Cohort, overrides: Partial<MentorApplicationInput> = {}): Promise<MentorApplication> {
  const { id } = await h.get(MentorApplicationsService).submit(cohort.id, mentorInput(overrides));
  return h.dataSource.manager.findOneByOrFail(MentorApplication, { id });
}

export async function approvedMentor(h: DomainHarness, cohort: Cohort, overrides: Partial<MentorApplicationInput> = {}): Promise<MentorApplication> {
  const { id } = await submittedMentor(h, cohort, { capacity: 1, ...overrides });
  await approve(h, 'mentor', cohort, id);
  return h.dataSource.manager.findOneByOrFail(MentorApplication, { id });
}

export async function submittedStudent(h: DomainHarness, cohort: Cohort, overrides: Partial<StudentApplicationInput> = {}): Promise<StudentApplication> {
  const { id } = await h.get(StudentApplicationsService).submit(cohort.id, studentInput(overrides));
  return h.dataSource.manager.findOneByOrFail(StudentApplication, { id });
}

export async function approvedStudent(h: DomainHarness, cohort: Cohort, overrides: Partial<StudentApplicationInput> = {}): Promise<StudentApplication> {
  const { id } = await submittedStudent(h, cohort, overrides);
  await approve(h, 'student', cohort, id);
  return h.dataSource.manager.findOneByOrFail(StudentApplication, { id });
}

/** A coordinator's manual proposal, the shortest way to a live match. */
export function proposal(h: DomainHarness, cohort: Cohort, student: StudentApplication, mentor: MentorApplication): Promise<Match> {
  return h.get(MatchesService).proposeManually(cohort.id, student.id, mentor.id, COORDINATOR);
}

export async function acceptedMatch(h: DomainHarness, cohort: Cohort, student: StudentApplication, mentor: MentorApplication): Promise<Match> {
  const match = await proposal(h, cohort, student, mentor);
  return h.get(MatchesService).accept(mentor.id, match.id);
}

export interface Pair {
  cohort: Cohort;
  mentor: MentorApplication;
  student: StudentApplication;
  match: Match;
}

/** A new mentor and student of the cohort, paired: the mentor accepted the coordinator's proposal just now. */
export async function pairIn(h: DomainHarness, cohort: Cohort): Promise<Pair> {
  const mentor = await approvedMentor(h, cohort);
  const student = await approvedStudent(h, cohort);
  return { cohort, mentor, student, match: await acceptedMatch(h, cohort, student, mentor) };
}

/** A round requested and run in this process, as the worker would run its job; a fixed seed keeps it repeatable. */
export async function completedRound(h: DomainHarness, cohort: Cohort, request: RoundRequest = {}): Promise<Round> {
  const round = await h.get(RoundRequestsService).request(cohort.id, { seed: 1, ...request }, 'integration test');
  return h.get(RoundRunnerService).run(round.id);
}

/**
 * Moves a pair's clock back: as if it had been accepted `days` days earlier, its next check-in and the check-ins it was
 * sent moving with it, so a check-in falls due or closes without waiting (the harness runs with real days). The days
 * its meetings were held on stay: log meetings after moving.
 */
export async function movePairBack(h: DomainHarness, matchId: number, days: number): Promise<void> {
  await h.dataSource.query(
    'UPDATE matches SET accepted_at = accepted_at - INTERVAL ? DAY, next_check_in_at = next_check_in_at - INTERVAL ? DAY WHERE id = ?',
    [days, days, matchId],
  );
  await h.dataSource.query(
    `UPDATE check_ins SET sent_at = sent_at - INTERVAL ? DAY, closes_at = closes_at - INTERVAL ? DAY, answered_at = answered_at - INTERVAL ? DAY
     WHERE match_id = ?`,
    [days, days, days, matchId],
  );
}

/** A fresh link token to a member's check-in, as the sender mints one per email. */
export async function checkInToken(h: DomainHarness, matchId: number, period: number, role: ApplicantRole): Promise<{ checkIn: CheckInRow; token: string }> {
  const checkIn = await h.dataSource.manager.findOneByOrFail(CheckInRow, { matchId, period, role });
  return { checkIn, token: await h.get(CheckInTokensService).mint(h.dataSource.manager, checkIn.id) };
}

/** A member answers their check-in of `period` through a fresh link. */
export async function answerCheckIn(h: DomainHarness, matchId: number, period: number, role: ApplicantRole, answer: CheckInAnswer, note: string | null = null) {
  const { token } = await checkInToken(h, matchId, period, role);
  return h.get(CheckInsService).answer(token, answer, note);
}

/** A coordinator of the office: who is told when a pair ends or asks for help (coordinators are not per cohort). */
export async function coordinator(h: DomainHarness): Promise<{ name: string; email: string }> {
  const n = next();
  const { coordinator: created } = await h.get(CoordinatorsService).create(`协调员${n}`, `coordinator${n}.${process.pid}@alumni.example.cn`);
  return { name: created.name, email: created.email };
}

export const identityOf = (role: ApplicantRole, application: { id: number }): ApplicantIdentity => ({ role, applicationId: application.id });

const COUNTED_TABLES = [
  'cohorts', 'mentor_applications', 'student_applications', 'student_choices', 'applicant_tokens', 'matches', 'match_events',
  'rounds', 'round_assignments', 'round_instances', 'notifications', 'outbox', 'pair_goals', 'pair_meetings', 'check_ins', 'check_in_tokens',
  'application_edits',
] as const;
export type RowCounts = Record<(typeof COUNTED_TABLES)[number], number>;

/**
 * Rows in every table. A file's tests run one after another, so equal counts before and after a refused call
 * mean it wrote nothing at all, not merely nothing the test thought of looking for.
 */
export async function rowCounts(dataSource: DataSource): Promise<RowCounts> {
  const [row] = await dataSource.query(`SELECT ${COUNTED_TABLES.map((table) => `(SELECT COUNT(*) FROM ${table}) AS ${table}`).join(', ')}`);
  return Object.fromEntries(COUNTED_TABLES.map((table) => [table, Number(row[table])])) as RowCounts;
}
