export * from './types';
export { validateInstance, validateAndIndex, InvalidInstanceError } from './validate';
export { solve, solveIndexed, toMatchingResult, type SolveOptions, type IndexedMatching } from './solver';
export type { IndexedInstance } from './indexed';
export { checkStability, type StabilityReport, type Pair, type OverCapacity } from './stability';
export {
  explain,
  NOT_IN_ROUND,
  type ExplainContext,
  type ExplanationReason,
  type ReasonCode,
  type StudentExplanation,
} from './explain';
export {
  buildPreferences,
  DEFAULT_WEIGHTS,
  type MentorProfile,
  type PreferenceInput,
  type PreferenceOutput,
  type ScoreParts,
  type ScoringWeights,
  type StudentProfile,
} from './preferences';
