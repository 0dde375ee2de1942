export * from './types';
export { validateInstance, validateAndIndex, indexInstance, InvalidInstanceError } from './validate';
export { solve, solveIndexed, toMatchingResult, type SolveOptions, type IndexedMatching } from './solver';
export { keepMutuallyAcceptable, type IndexedInstance, type IntLists } from './indexed';
export { checkStability, type StabilityReport, type Pair, type OverCapacity } from './stability';
export {
  explain,
  describeReason,
  NOT_IN_ROUND,
  type ExplainContext,
  type ExplanationReason,
  type ReasonCode,
  type StudentExplanation,
} from './explain';
