/**
 * Stable codes of a field's broken rule in a 400, so pages show their own words instead of parsing messages.
 * `limit` is the bound that was crossed, where the rule has one. `characters`: the text holds a character no
 * field accepts (a control or bidi-override character, a line break in a one-line field, a lone surrogate).
 * `notEditable`: a field of the application form that an applicant's edit may not change (an email, a student number).
 * `notEligible`: a value the cohort's eligibility does not admit (a college, an enrollment year; DESIGN §10).
 */
export const FIELD_RULES = [
  'required', 'unknown', 'type', 'email', 'pattern', 'minLength', 'maxLength', 'min', 'max',
  'minItems', 'maxItems', 'unique', 'oneOf', 'mustBeTrue', 'notApproved', 'characters',
  'notEditable', 'notEligible',
] as const;
export type FieldRule = (typeof FIELD_RULES)[number];

export interface FieldError {
  /** A path such as `topics.2`. */
  field: string;
  rule: FieldRule;
  limit?: number;
}

/** What a 409 is about: every 409 carries one, so pages word it in their own language. */
export const CONFLICT_CODES = [
  'cohort_not_open', 'cohort_archived', 'cohort_not_matching', 'transition_not_allowed', 'max_choices_shrink',
  'already_applied', 'already_withdrawn', 'choices_locked', 'application_withdrawn', 'has_active_match', 'not_approved',
  'mentor_full', 'capacity_filled', 'student_already_matched', 'match_not_active', 'proposal_answered',
  'response_window_passed', 'changed_meanwhile', 'notification_not_failed', 'round_in_progress', 'round_not_completed',
  'coordinator_exists', 'nobody_to_place', 'pair_not_active', 'cohort_completed', 'survey_published', 'survey_closed',
  'capacity_below_taken', 'no_recipients', 'cohort_not_archived', 'own_account',
] as const;
export type ConflictCode = (typeof CONFLICT_CODES)[number];

/**
 * Every error response: Nest's shape, plus the broken rules on a 400 (and on a 409 that is about one field, such as
 * an email that has already applied) and the conflict's code on every 409.
 */
export interface ApiError {
  statusCode: number;
  message: string | string[];
  error: string;
  errors?: FieldError[];
  code?: ConflictCode;
  requestId?: string;
}
