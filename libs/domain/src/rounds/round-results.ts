import { AssignmentExplanation, RoundStats, UnmatchedReason } from '@app/contracts';
import { RoundAssignment } from '@app/database';
import { buildPreferences, PreferenceOutput, StudentExplanation } from '@app/matching';
import { describeReason, summaryOf } from './round-copy';
import { RoundPool } from './round-pool';

/** What a round computes from its pool, without I/O: the engine's instance, each student's assignment, the statistics. */

/** The engine knows people by string ids; a round's are the application ids with a role prefix. */
export const studentKey = (id: number) => `s${id}`;
export const mentorKey = (id: number) => `m${id}`;
const idOf = (key: string) => Number(key.slice(1));

export function buildRoundInstance(pool: RoundPool, seed: number): PreferenceOutput {
  const { cohort } = pool;
  return buildPreferences({
    students: pool.students.map((student) => ({
      id: studentKey(student.id),
      topics: student.topics,
      industries: student.industries,
      major: student.major,
      college: student.college,
      city: student.city,
      choices: (pool.choices.get(student.id) ?? []).map(mentorKey),
    })),
    mentors: pool.mentors.map(({ mentor, remaining }) => ({
      id: mentorKey(mentor.id),
      capacity: remaining,
      topics: mentor.topics,
      industry: mentor.industry,
      department: mentor.department,
      major: mentor.major,
      city: mentor.city,
    })),
    weights: cohort.weights ?? undefined,
    minScore: cohort.minScore,
    fillWithScores: cohort.fillWithScores,
    maxChoices: cohort.maxChoices,
    excluded: pool.excluded.map((pair) => ({ studentId: studentKey(pair.studentId), mentorId: mentorKey(pair.mentorId), reason: pair.reason })),
    seed,
  });
}

export function assignmentOf(
  studentId: number,
  assignments: Record<string, string | null>,
  explanations: Record<string, StudentExplanation>,
  preferences: PreferenceOutput,
): RoundAssignment {
  const key = studentKey(studentId);
  const mentorKeyAssigned = assignments[key] ?? null;
  const explained = explanations[key];
  const score = mentorKeyAssigned ? preferences.scores(key, mentorKeyAssigned) : undefined;
  const explanation: AssignmentExplanation = {
    summary: summaryOf(explained, mentorKeyAssigned !== null),
    reasons: explained.reasons.map((reason) => ({
      mentorId: idOf(reason.mentorId),
      rank: reason.rank,
      reason: reason.reason,
      ...(reason.cutoffRank !== undefined && { cutoffRank: reason.cutoffRank }),
      ...(reason.exclusion !== undefined && { exclusion: reason.exclusion }),
      text: { zh: describeReason(reason, 'zh'), en: describeReason(reason, 'en') },
    })),
    ...(score && { score: { score: score.score, parts: { ...score.parts } } }),
  };
  return Object.assign(new RoundAssignment(), {
    studentId,
    mentorId: mentorKeyAssigned ? idOf(mentorKeyAssigned) : null,
    choiceRank: mentorKeyAssigned ? preferences.choiceRank(key, mentorKeyAssigned) : null,
    explanation,
  });
}

export function statsOf(pool: RoundPool, assignments: RoundAssignment[], explanations: Record<string, StudentExplanation>): RoundStats {
  const byChoiceRank: Record<string, number> = {};
  const unmatchedReasons: RoundStats['unmatchedReasons'] = [];
  for (const assignment of assignments) {
    if (assignment.mentorId === null) {
      const reasons = explanations[studentKey(assignment.studentId)].reasons.map((reason) => reason.reason);
      unmatchedReasons.push({ studentId: assignment.studentId, reason: unmatchedReasonOf(reasons) });
    } else {
      const key = assignment.choiceRank === null ? 'filled' : String(assignment.choiceRank);
      byChoiceRank[key] = (byChoiceRank[key] ?? 0) + 1;
    }
  }
  const matched = assignments.length - unmatchedReasons.length;
  const mentorCapacity = pool.mentors.reduce((sum, { remaining }) => sum + remaining, 0);
  return {
    students: pool.students.length,
    mentors: pool.mentors.filter(({ remaining }) => remaining > 0).length,
    matched,
    unmatched: unmatchedReasons.length,
    byChoiceRank,
    mentorCapacity,
    mentorFillRate: mentorCapacity === 0 ? 0 : Math.round((matched / mentorCapacity) * 1000) / 1000,
    unmatchedReasons,
  };
}

function unmatchedReasonOf(reasons: string[]): UnmatchedReason {
  if (reasons.length === 0) return 'no_acceptable_mentor';
  if (reasons.every((reason) => reason === 'full')) return 'preferred_mentors_full';
  if (reasons.every((reason) => reason === 'excluded')) return 'all_choices_declined_before';
  if (reasons.every((reason) => reason === 'no_capacity')) return 'preferred_mentors_have_no_capacity';
  return 'preferred_mentors_full_or_unavailable';
}
