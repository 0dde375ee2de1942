export const ROUND_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type RoundStatus = (typeof ROUND_STATUSES)[number];

/** Why a student was left unplaced by a round, judged from the reasons of every mentor on their list. */
export const UNMATCHED_REASONS = [
  'no_acceptable_mentor',
  'preferred_mentors_full',
  'all_choices_declined_before',
  'preferred_mentors_have_no_capacity',
  'preferred_mentors_full_or_unavailable',
] as const;
export type UnmatchedReason = (typeof UNMATCHED_REASONS)[number];

export interface RoundStats {
  students: number;
  mentors: number;
  matched: number;
  unmatched: number;
  /** byChoiceRank["1"] = how many got their 1st choice; "filled" = placed with a score-filled mentor. */
  byChoiceRank: Record<string, number>;
  mentorCapacity: number;
  mentorFillRate: number;
  unmatchedReasons: Array<{ studentId: number; reason: UnmatchedReason }>;
  timingsMs?: Record<string, number>;
}

export interface Bilingual {
  zh: string;
  en: string;
}

/** Why a student did not get a mentor they ranked above the one they got. */
export interface ExplainedReason {
  mentorId: number;
  rank: number;
  reason: string;
  cutoffRank?: number;
  exclusion?: string;
  text: Bilingual;
}

export interface AssignmentExplanation {
  summary: Bilingual;
  reasons: ExplainedReason[];
  score?: { score: number; parts: Record<string, number> };
}

export interface RoundView<D = string> {
  id: number;
  cohortId: number;
  number: number;
  status: RoundStatus;
  dryRun: boolean;
  seed: number;
  stats: RoundStats | null;
  error: string | null;
  requestedBy: string | null;
  startedAt: D | null;
  finishedAt: D | null;
  createdAt: D;
}

export interface AssignmentView {
  roundId: number;
  studentId: number;
  mentorId: number | null;
  choiceRank: number | null;
  explanation: AssignmentExplanation;
}

/**
 * A student's outcome in the latest real round, in plain words. Each reason keeps its mentor and codes, so a page
 * can name the mentor and word the reason in its own language.
 */
export interface LastRoundOutcome {
  roundNumber: number;
  matched: boolean;
  choiceRank: number | null;
  summary: Bilingual;
  reasons: Array<Pick<ExplainedReason, 'mentorId' | 'rank' | 'reason' | 'exclusion' | 'text'>>;
}

/** One student's line of a completed round as the console lists it: who would get whom, or why nobody. */
export interface RoundPlacement {
  studentId: number;
  studentName: string;
  studentNumber: string;
  mentorId: number | null;
  mentorName: string | null;
  choiceRank: number | null;
  unmatchedReason: UnmatchedReason | null;
}

/** A student whose outcome differs from the previous completed round's (both rounds held the student in their pool). */
export interface PlacementChange {
  studentId: number;
  studentName: string;
  before: { mentorId: number; mentorName: string } | null;
  after: { mentorId: number; mentorName: string } | null;
}

/** A completed round's results for the console, with how they differ from the round before it. */
export interface RoundResults {
  roundId: number;
  placements: RoundPlacement[];
  previous: { id: number; number: number; dryRun: boolean } | null;
  changes: { newlyMatched: PlacementChange[]; changedMentor: PlacementChange[]; noLongerMatched: PlacementChange[] };
}
