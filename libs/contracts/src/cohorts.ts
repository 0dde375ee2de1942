import type { CohortEligibility } from './eligibility';

export const COHORT_STATUSES = ['draft', 'open', 'closed', 'archived'] as const;
export type CohortStatus = (typeof COHORT_STATUSES)[number];

export const COHORT_TRANSITIONS = {
  open: { from: 'draft', to: 'open' },
  close: { from: 'open', to: 'closed' },
  /** DESIGN §3: `open ⇄ closed` — a cohort closed too early takes applications again. */
  reopen: { from: 'closed', to: 'open' },
  archive: { from: 'closed', to: 'archived' },
} as const satisfies Record<string, { from: CohortStatus; to: CohortStatus }>;
export type CohortTransition = keyof typeof COHORT_TRANSITIONS;

/** Matching rounds and manual proposals run while the cohort is open or closed, never in draft or archived. */
export const MATCHING_COHORT_STATUSES: readonly CohortStatus[] = ['open', 'closed'];

export const COHORT_LIMITS = {
  name: { maxLength: 200 },
  description: { maxLength: 5000 },
  maxChoices: { min: 1, max: 10, default: 5 },
  responseWindowHours: { min: 1, max: 24 * 60, default: 72 },
  minScore: { min: 0, max: 1 },
  weight: { min: 0, max: 10 },
  /** Days between a pair's check-ins; 0 turns check-ins off (DESIGN §3, §7). */
  checkInEveryDays: { min: 0, max: 365, default: 30 },
  /** Days after archiving that applicants' personal data is kept, then anonymised (DESIGN §10). */
  retainDays: { min: 1, max: 3650, default: 365 },
} as const;

export interface ScoringWeights {
  topics: number;
  industry: number;
  affinity: number;
  city: number;
  rank: number;
}

/**
 * The weights a cohort without its own uses: libs/matching's DEFAULT_WEIGHTS (a spec keeps the two equal), restated
 * here because the matching library may import nothing, and the console starts a cohort's own weights from these.
 */
export const DEFAULT_SCORING_WEIGHTS: Readonly<ScoringWeights> = { topics: 0.35, industry: 0.2, affinity: 0.15, city: 0.1, rank: 0.2 };

/** `D` is how a timestamp travels: `Date` on the server, an ISO string in JSON. */
export interface CohortView<D = string> {
  id: number;
  name: string;
  description: string | null;
  status: CohortStatus;
  maxChoices: number;
  responseWindowHours: number;
  fillWithScores: boolean;
  autoRounds: boolean;
  minScore: number;
  weights: ScoringWeights | null;
  /** After this instant no application is accepted, even while the cohort is open; null: until it closes. */
  applicationDeadline: D | null;
  /** Calendar dates in China (`YYYY-MM-DD`) the mentorship runs between; null until set. */
  programStartsOn: string | null;
  programEndsOn: string | null;
  checkInEveryDays: number;
  /** Who may apply as a student; null: everyone. */
  eligibility: CohortEligibility | null;
  /** 结业: when a coordinator completed the cohort (every accepted pair became completed); null before. */
  completedAt: D | null;
  retainDays: number;
  archivedAt: D | null;
  /** Its applicants' personal data was removed then (retention or a purge); null before. */
  anonymisedAt: D | null;
  createdAt: D;
  updatedAt: D;
}

/**
 * What anyone may see of a cohort; the deadline lets a form say it has passed, and the eligibility who may apply,
 * before anyone types.
 */
export type PublicCohort<D = string> = Pick<CohortView<D>, 'id' | 'name' | 'description' | 'maxChoices' | 'status' | 'applicationDeadline' | 'eligibility'>;

export interface CohortCounts {
  mentors: Partial<Record<string, number>>;
  students: Partial<Record<string, number>>;
  matches: Partial<Record<string, number>>;
  rounds: number;
}

export type CohortDetail<D = string> = CohortView<D> & { counts: CohortCounts };
