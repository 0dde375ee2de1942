import { ACTIVE_MATCH_STATUSES, MatchStatus } from '@app/contracts';
import { Cohort, Match, MentorApplication, StudentApplication } from '@app/database';
import { EntityManager, In } from 'typeorm';
import { countPlaces, placesTaken, remainingPlaces } from '../matches/capacity';
import { earlierPairExclusions } from '../memory/earlier-pairs';

/** Who takes part in a round: approved students without an open or accepted match, and approved mentors. */
export interface RoundPool {
  cohort: Cohort;
  students: StudentApplication[];
  /** Every approved mentor, with the places left (may be 0, so students who wanted them get a reason). */
  mentors: Array<{ mentor: MentorApplication; remaining: number }>;
  choices: Map<number, number[]>;
  /** Pairs a mentor already declined or let expire, and pairs that ended: never proposed again; earlier cohorts' pairs unless chosen. */
  excluded: Array<{ studentId: number; mentorId: number; reason: ExclusionReason }>;
}

type ExclusionReason = 'declined_before' | 'expired_before' | 'ended_before' | 'paired_before';

const EXCLUDED_BY: Partial<Record<MatchStatus, ExclusionReason>> = { declined: 'declined_before', expired: 'expired_before', ended: 'ended_before' };

export async function loadRoundPool(manager: EntityManager, cohort: Cohort): Promise<RoundPool> {
  const cohortId = cohort.id;
  // Plain rows where no entity is needed: a round reads its cohort's every choice and match.
  const [approvedStudents, mentors, matches] = await Promise.all([
    manager.find(StudentApplication, { where: { cohortId, status: 'approved' }, order: { id: 'ASC' } }),
    manager.find(MentorApplication, { where: { cohortId, status: 'approved' }, order: { id: 'ASC' } }),
    manager.query('SELECT student_id AS studentId, mentor_id AS mentorId, status FROM matches WHERE cohort_id = ? AND status IN (?)',
      [cohortId, [...ACTIVE_MATCH_STATUSES, ...Object.keys(EXCLUDED_BY)]]) as Promise<Array<Pick<Match, 'studentId' | 'mentorId' | 'status'>>>,
  ]);
  const activeMatches = matches.filter((match) => ACTIVE_MATCH_STATUSES.includes(match.status));
  const pastMatches = matches.filter((match) => EXCLUDED_BY[match.status] !== undefined);
  const placed = new Set(activeMatches.map((match) => match.studentId));
  const taken = countPlaces(activeMatches);
  const students = approvedStudents.filter((student) => !placed.has(student.id));

  const choices = new Map<number, number[]>();
  const studentIds = students.map((student) => student.id);
  for (let start = 0; start < studentIds.length; start += 5000) {
    const rows: Array<{ student_id: number; mentor_id: number }> = await manager.query(
      'SELECT student_id, mentor_id FROM student_choices WHERE student_id IN (?) ORDER BY student_id, `rank`', [studentIds.slice(start, start + 5000)]);
    for (const row of rows) {
      const list = choices.get(row.student_id);
      if (list) list.push(row.mentor_id);
      else choices.set(row.student_id, [row.mentor_id]);
    }
  }

  return {
    cohort,
    students,
    mentors: mentors.map((mentor) => ({ mentor, remaining: remainingPlaces(mentor, taken) })),
    choices,
    excluded: pastMatches.map((match) => ({
      studentId: match.studentId,
      mentorId: match.mentorId,
      reason: EXCLUDED_BY[match.status]!,
    })).concat(await earlierPairExclusions(manager, cohort, students, mentors, choices)),
  };
}

/**
 * The pool was read before the engine ran. Locks the people the round is about to propose and checks that
 * nobody withdrew, was rejected or got a match meanwhile, and that no mentor lost places; otherwise the
 * job fails and its retry runs on fresh data. (Withdrawals and manual proposals lock the same rows.)
 */
export async function assertPoolStillValid(manager: EntityManager, pool: RoundPool, assignments: ReadonlyArray<{ studentId: number; mentorId: number | null }>): Promise<void> {
  const placed = assignments.filter((assignment) => assignment.mentorId !== null);
  if (placed.length === 0) return;
  const studentIds = placed.map((assignment) => assignment.studentId);
  const proposedTo = countPlaces(placed.map((assignment) => ({ mentorId: assignment.mentorId! })));
  const mentorIds = [...proposedTo.keys()];
  const students = await manager.find(StudentApplication, { select: { id: true, status: true }, where: { id: In(studentIds) }, lock: { mode: 'pessimistic_write' } });
  const mentors = await manager.find(MentorApplication, { select: { id: true, status: true, capacity: true }, where: { id: In(mentorIds) }, lock: { mode: 'pessimistic_write' } });
  const alreadyMatched = await manager.count(Match, { where: { studentId: In(studentIds), status: In([...ACTIVE_MATCH_STATUSES]) } });
  const taken = await placesTaken(manager, pool.cohort.id, mentorIds);
  const changed =
    students.some((student) => student.status !== 'approved') ||
    mentors.some((mentor) => mentor.status !== 'approved' || remainingPlaces(mentor, taken) < proposedTo.get(mentor.id)!) ||
    alreadyMatched > 0;
  if (changed) throw new Error('Applications or matches changed while the round ran; it will run again on fresh data');
}
