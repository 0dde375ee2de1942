import { PAIR_STATUSES } from '@app/contracts';
import { Cohort, MentorApplication, StudentApplication } from '@app/database';
import { EntityManager } from 'typeorm';

/** A student and a mentor, both known by normalised email, who were a pair (accepted, ended or completed). */
export type EarlierPair = { studentEmail: string; mentorEmail: string };

const pairKey = (studentEmail: string, mentorEmail: string) => `${studentEmail}\n${mentorEmail}`;

/**
 * DESIGN §10: a student is not proposed to a mentor (same email) they were paired with in an earlier cohort unless
 * the student lists that mentor among their choices. The pairs of this round's pool to leave out of the proposals
 * filled by score; an explicit choice always stays.
 */
export function repeatPairExclusions(
  students: Array<Pick<StudentApplication, 'id' | 'email'>>,
  mentors: Array<Pick<MentorApplication, 'id' | 'email'>>,
  choices: Map<number, number[]>,
  earlier: EarlierPair[],
): Array<{ studentId: number; mentorId: number; reason: 'paired_before' }> {
  if (earlier.length === 0) return [];
  const paired = new Set(earlier.map((pair) => pairKey(pair.studentEmail, pair.mentorEmail)));
  return students.flatMap((student) => {
    const chosen = new Set(choices.get(student.id) ?? []);
    return mentors
      .filter((mentor) => !chosen.has(mentor.id) && paired.has(pairKey(student.email, mentor.email)))
      .map((mentor) => ({ studentId: student.id, mentorId: mentor.id, reason: 'paired_before' as const }));
  });
}

/** The pairs of cohorts before this one between the pool's students and mentors, by email: one statement. */
export async function loadEarlierPairs(
  manager: EntityManager,
  cohort: Pick<Cohort, 'id'>,
  students: Array<Pick<StudentApplication, 'email'>>,
  mentors: Array<Pick<MentorApplication, 'email'>>,
): Promise<EarlierPair[]> {
  if (students.length === 0 || mentors.length === 0) return [];
  return manager.query(
    `SELECT DISTINCT s.email AS studentEmail, m.email AS mentorEmail
      FROM matches x
      JOIN student_applications s ON s.id = x.student_id
      JOIN mentor_applications m ON m.id = x.mentor_id
      WHERE x.cohort_id < ? AND x.status IN (?) AND s.email IN (?) AND m.email IN (?)`,
    [cohort.id, [...PAIR_STATUSES], [...new Set(students.map((s) => s.email))], [...new Set(mentors.map((m) => m.email))]],
  );
}

/** Both steps for a round's pool. */
export async function earlierPairExclusions(
  manager: EntityManager,
  cohort: Pick<Cohort, 'id'>,
  students: Array<Pick<StudentApplication, 'id' | 'email'>>,
  mentors: Array<Pick<MentorApplication, 'id' | 'email'>>,
  choices: Map<number, number[]>,
) {
  return repeatPairExclusions(students, mentors, choices, await loadEarlierPairs(manager, cohort, students, mentors));
}
