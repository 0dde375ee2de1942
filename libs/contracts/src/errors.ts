/**
 * Stable codes of a field's broken rule in a 400, so pages show their own words instead of parsing messages.
 * `limit` is the bound that was crossed, where the rule has one. `characters`: the text holds a character no
 * field accepts (a control or bidi-override character, a line break in a one-line field, a lone surrogate).
 */
export const FIELD_RULES = [
  'required', 'unknown', 'type', 'email', 'pattern', 'minLength', 'maxLength', 'min', 'max',
  'minItems', 'maxItems', 'unique', 'oneOf', 'mustBeTrue', 'notApproved', 'characters',
] as const;
export type FieldRule = (typeof FIELD_RULES)[number];

export interface FieldError {
  /** A path such as `topics.2`. */
  field: string;
  rule: FieldRule;
  limit?: number;
}

/** What a 409 is about, where a page words it differently from the message. */
export const CONFLICT_CODES = ['cohort_not_open'] as const;
export type ConflictCode = (typeof CONFLICT_CODES)[number];

/** Every error response: Nest's shape, plus the broken rules on a 400 and the conflict's code on some 409s. */
export interface ApiError {
  statusCode: number;
  message: string | string[];
  error: string;
  errors?: FieldError[];
  code?: ConflictCode;
  requestId?: string;
}
