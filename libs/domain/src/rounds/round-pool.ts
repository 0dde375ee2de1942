import { ACTIVE_MATCH_STATUSES, Cohort, Match, MentorApplication, StudentApplication, StudentChoice } from '@app/database';
import { EntityManager, In } from 'typeorm';

/** Who takes part in a round: approved students without an open or accepted match, and approved mentors. */
export interface RoundPool {
  cohort: Cohort;
  students: StudentApplication[];
  /** Every approved mentor, with the places left (may be 0, so students who wanted them get a reason). */
  mentors: Array<{ mentor: MentorApplication; remaining: number }>;
  choices: Map<number, number[]>;
  /** Pairs a mentor already declined or let expire: never proposed again. */
  excluded: Array<{ studentId: number; mentorId: number; reason: 'declined_before' | 'expired_before' }>;
}

export async function loadRoundPool(manager: EntityManager, cohort: Cohort): Promise<RoundPool> {
  const cohortId = cohort.id;
  const [approvedStudents, mentors, activeMatches, pastMatches] = await Promise.all([
    manager.find(StudentApplication, { where: { cohortId, status: 'approved' }, order: { id: 'ASC' } }),
    manager.find(MentorApplication, { where: { cohortId, status: 'approved' }, order: { id: 'ASC' } }),
    manager.find(Match, { select: { studentId: true, mentorId: true }, where: { cohortId, status: In(ACTIVE_MATCH_STATUSES) } }),
    manager.find(Match, { select: { studentId: true, mentorId: true, status: true }, where: { cohortId, status: In(['declined', 'expired']) } }),
  ]);
  const placed = new Set(activeMatches.map((match) => match.studentId));
  const occupied = new Map<number, number>();
  for (const match of activeMatches) occupied.set(match.mentorId, (occupied.get(match.mentorId) ?? 0) + 1);
  const students = approvedStudents.filter((student) => !placed.has(student.id));

  const choices = new Map<number, number[]>();
  const studentIds = students.map((student) => student.id);
  for (let start = 0; start < studentIds.length; start += 5000) {
    const rows = await manager.find(StudentChoice, { where: { studentId: In(studentIds.slice(start, start + 5000)) }, order: { studentId: 'ASC', rank: 'ASC' } });
    for (const row of rows) choices.set(row.studentId, [...(choices.get(row.studentId) ?? []), row.mentorId]);
  }

  return {
    cohort,
    students,
    mentors: mentors.map((mentor) => ({ mentor, remaining: Math.max(0, mentor.capacity - (occupied.get(mentor.id) ?? 0)) })),
    choices,
    excluded: pastMatches.map((match) => ({
      studentId: match.studentId,
      mentorId: match.mentorId,
      reason: match.status === 'declined' ? 'declined_before' : 'expired_before',
    })),
  };
}
