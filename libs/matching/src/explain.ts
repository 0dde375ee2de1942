import type { Instance } from './types';

export type ReasonCode = 'full' | 'not_acceptable' | 'no_capacity' | 'excluded';

export interface ExplanationReason {
  mentorId: string;
  /** 1-based position of the mentor in the student's ranking. */
  rank: number;
  reason: ReasonCode;
  /** For 'full': the mentor's 1-based rank of the worst student it holds; it ranked this student lower. */
  cutoffRank?: number;
  /** For 'excluded': why the pair was left out of the round, e.g. 'declined_before'. */
  exclusion?: string;
}

export interface StudentExplanation {
  assignedMentorId: string | null;
  /** 1-based position of the assigned mentor in the student's ranking. */
  rankOfAssigned: number | null;
  /** One entry for every mentor the student ranked above the assigned one (all of them if unmatched). */
  reasons: ExplanationReason[];
}

export interface ExplainContext {
  /**
   * Per student, the full ranking it wanted, including mentors left out of the instance by
   * exclusions (with the reason); without it, the instance's own prefs are the ranking.
   */
  wanted?: Record<string, Array<{ mentorId: string; excluded?: string }>>;
}

/** Reason given for a wanted mentor that is neither in the instance nor excluded with a reason. */
export const NOT_IN_ROUND = 'not_in_round';

/**
 * Explains, for each student, why it did not get the mentors it ranked above its assignment.
 * Expects a stable matching of the instance (see checkStability); throws if a mentor the student
 * prefers could have taken it, since no honest reason exists then.
 */
export function explain(
  instance: Instance,
  assignments: Record<string, string | null>,
  context: ExplainContext = {},
): Record<string, StudentExplanation> {
  const mentorsById = new Map(instance.mentors.map((mentor) => [mentor.id, mentor]));
  const mentorRank = new Map(
    instance.mentors.map((mentor) => [mentor.id, new Map(mentor.prefs.map((studentId, r) => [studentId, r + 1]))]),
  );
  const heldCount = new Map<string, number>();
  const worstHeldRank = new Map<string, number>();
  for (const [studentId, mentorId] of Object.entries(assignments)) {
    const rank = mentorId === null ? undefined : mentorRank.get(mentorId)?.get(studentId);
    if (mentorId === null || rank === undefined) continue;
    heldCount.set(mentorId, (heldCount.get(mentorId) ?? 0) + 1);
    worstHeldRank.set(mentorId, Math.max(worstHeldRank.get(mentorId) ?? 0, rank));
  }

  const explanations: Record<string, StudentExplanation> = Object.create(null);
  for (const student of instance.students) {
    const ranking: Array<{ mentorId: string; excluded?: string }> =
      context.wanted?.[student.id] ?? student.prefs.map((mentorId) => ({ mentorId }));
    const assignedMentorId = assignments[student.id] ?? null;
    const assignedIndex = ranking.findIndex((wanted) => wanted.mentorId === assignedMentorId);
    const above = assignedIndex < 0 ? ranking : ranking.slice(0, assignedIndex);
    const reasons = above.map(({ mentorId, excluded }, i): ExplanationReason => {
      const rank = i + 1;
      const mentor = mentorsById.get(mentorId);
      if (excluded !== undefined || mentor === undefined) {
        return { mentorId, rank, reason: 'excluded', exclusion: excluded ?? NOT_IN_ROUND };
      }
      if (mentor.capacity === 0) return { mentorId, rank, reason: 'no_capacity' };
      const rankAtMentor = mentorRank.get(mentorId)!.get(student.id);
      if (rankAtMentor === undefined || !student.prefs.includes(mentorId)) {
        return { mentorId, rank, reason: 'not_acceptable' };
      }
      const cutoffRank = worstHeldRank.get(mentorId);
      if ((heldCount.get(mentorId) ?? 0) < mentor.capacity || cutoffRank === undefined || cutoffRank > rankAtMentor) {
        throw new Error(`explain needs a stable matching: student "${student.id}" and mentor "${mentorId}" block it`);
      }
      return { mentorId, rank, reason: 'full', cutoffRank };
    });
    explanations[student.id] = {
      assignedMentorId,
      rankOfAssigned: assignedIndex < 0 ? null : assignedIndex + 1,
      reasons,
    };
  }
  return explanations;
}
