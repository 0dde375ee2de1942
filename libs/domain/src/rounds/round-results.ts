import { RoundStats, UnmatchedReason } from '@app/contracts';
import { StoredExplanation } from '@app/database';
import { buildPreferences, checkStability, explain, PreferenceOutput, solve, StudentExplanation } from '@app/matching';
import { RoundPool } from './round-pool';

/** What a round computes from its pool, without I/O: the engine's instance, each student's assignment, the statistics. */

/** The engine knows people by string ids; a round's are the application ids with a role prefix. */
export const studentKey = (id: number) => `s${id}`;
export const mentorKey = (id: number) => `m${id}`;
const idOf = (key: string) => Number(key.slice(1));

/** What a round stores of its computation. */
export interface ComputedRound {
  /** The engine's instance as the round saw it, serialized. */
  instanceJson: string;
  placements: Placement[];
  /** Each placement's stored explanation, serialized, in the placements' order. */
  explanationJson: string[];
  stats: RoundStats;
}

/** Runs each step of the computation, timing it (and yielding to the event loop first: see RoundRunnerService). */
export type TimedStep = <T>(step: string, work: () => T) => Promise<T>;

/** The engine over the pool: preferences, a stable matching (checked), the explanations, and what to store of them. */
export async function computeRound(roundId: number, pool: RoundPool, seed: number, timed: TimedStep): Promise<ComputedRound> {
  const preferences = await timed('preferences', () => buildRoundInstance(pool, seed));
  const result = await timed('solve', () => solve(preferences.instance));
  const report = await timed('check', () => checkStability(preferences.instance, result.assignments));
  if (!report.stable) throw new Error(`Round ${roundId}: the stability check rejected the engine's result: ${JSON.stringify(report).slice(0, 500)}`);
  return timed('explain', () => {
    const explanations = explain(preferences.instance, result.assignments, { wanted: preferences.wanted });
    const placements = pool.students.map((student) => placementOf(student.id, result.assignments, preferences));
    return {
      instanceJson: JSON.stringify(preferences.instance),
      placements,
      explanationJson: placements.map((placement) => JSON.stringify(storedExplanationOf(placement, explanations, preferences))),
      stats: statsOf(pool, placements, explanations),
    };
  });
}

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

/** Where the engine put one student: a mentor (with the student's choice rank for it) or nobody. */
export interface Placement {
  studentId: number;
  mentorId: number | null;
  choiceRank: number | null;
}

export function placementOf(studentId: number, assignments: Record<string, string | null>, preferences: PreferenceOutput): Placement {
  const key = studentKey(studentId);
  const mentor = assignments[key] ?? null;
  return { studentId, mentorId: mentor ? idOf(mentor) : null, choiceRank: mentor ? preferences.choiceRank(key, mentor) : null };
}

/** What the round stores of a student's explanation: the engine's codes, with the score of the mentor it got. */
export function storedExplanationOf(placement: Placement, explanations: Record<string, StudentExplanation>, preferences: PreferenceOutput): StoredExplanation {
  const key = studentKey(placement.studentId);
  const score = placement.mentorId === null ? undefined : preferences.scores(key, mentorKey(placement.mentorId));
  return {
    reasons: explanations[key].reasons.map((reason) => ({
      mentorId: idOf(reason.mentorId),
      rank: reason.rank,
      reason: reason.reason,
      ...(reason.cutoffRank !== undefined && { cutoffRank: reason.cutoffRank }),
      ...(reason.exclusion !== undefined && { exclusion: reason.exclusion }),
    })),
    ...(score && { score: { score: score.score, parts: { ...score.parts } } }),
  };
}

export function statsOf(pool: RoundPool, assignments: Placement[], explanations: Record<string, StudentExplanation>): RoundStats {
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
