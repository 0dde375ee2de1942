import { type ApplicantRole, APPLICATION_LIMITS as L, EDITABLE_FIELDS, type FieldError, type ListLimit } from '@app/contracts';

/**
 * What each form field is and the rules it keeps: the same limits the API's DTOs validate with
 * (`APPLICATION_LIMITS`), checked before sending so a student sees every problem at once, worded like the
 * server's own `errors` (one FieldError per field, the first rule it breaks).
 */
export type FieldSpec =
  | { name: string; kind: 'text' | 'email'; maxLength: number; optional?: boolean; pattern?: RegExp; inputmode?: 'tel' }
  | { name: string; kind: 'textarea'; maxLength: number }
  | { name: string; kind: 'number'; min: number; max: number }
  | { name: string; kind: 'tags'; limit: ListLimit }
  | { name: string; kind: 'consent' };

export type FieldValue = string | string[] | boolean;
export type FormValues = Record<string, FieldValue>;

const THIS_YEAR = new Date().getFullYear();
// Same test as class-validator's IsEmail for what a person types: something@domain.tld, no spaces.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]{2,}$/;
// One-line fields hold no control, line-break or bidi-override characters (the API's rule `characters`).
const NOT_ONE_LINE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

const text = (name: string, maxLength: number = L.shortText.maxLength) => ({ name, kind: 'text', maxLength }) as const;
const year = (name: string, min: number, max: number) => ({ name, kind: 'number', min, max }) as const;

export const STUDENT_FIELDS = {
  about: [
    text('name', L.name.maxLength),
    { name: 'email', kind: 'email', maxLength: L.email.maxLength },
    { name: 'studentNumber', kind: 'text', maxLength: L.studentNumber.maxLength, pattern: L.studentNumber.pattern },
    text('college'), text('major'),
    year('enrollmentYear', L.enrollmentYear.min, THIS_YEAR + 1),
    text('city'),
  ],
  interests: [
    { name: 'topics', kind: 'tags', limit: L.topics },
    { name: 'industries', kind: 'tags', limit: L.industries },
    { name: 'statement', kind: 'textarea', maxLength: L.longText.maxLength },
  ],
} satisfies Record<string, FieldSpec[]>;

export const MENTOR_FIELDS = {
  about: [
    text('name', L.name.maxLength),
    { name: 'email', kind: 'email', maxLength: L.email.maxLength },
    { name: 'phone', kind: 'text', maxLength: L.phone.maxLength, pattern: L.phone.pattern, optional: true, inputmode: 'tel' },
    year('graduationYear', L.graduationYear.min, THIS_YEAR),
    text('department'), text('major'), text('city'),
  ],
  work: [text('industry'), text('organization', L.organization.maxLength), text('title')],
  mentoring: [
    { name: 'topics', kind: 'tags', limit: L.topics },
    { name: 'capacity', kind: 'number', min: L.capacity.min, max: L.capacity.max },
    { name: 'languages', kind: 'tags', limit: L.languages },
    { name: 'bio', kind: 'textarea', maxLength: L.longText.maxLength },
  ],
} satisfies Record<string, FieldSpec[]>;

export const CONSENT: FieldSpec = { name: 'consent', kind: 'consent' };

/** The form's fields an applicant may still change on their page (EDITABLE_FIELDS), in the form's order, with its rules. */
export function editableFields(role: ApplicantRole): FieldSpec[] {
  const editable: readonly string[] = EDITABLE_FIELDS[role];
  return Object.values(role === 'mentor' ? MENTOR_FIELDS : STUDENT_FIELDS).flat().filter((spec) => editable.includes(spec.name));
}

function textError(spec: Extract<FieldSpec, { kind: 'text' | 'email' }>, value: string): FieldError | null {
  const { name } = spec;
  if (!value) return spec.optional ? null : { field: name, rule: 'required' };
  if (value.length > spec.maxLength) return { field: name, rule: 'maxLength', limit: spec.maxLength };
  if (NOT_ONE_LINE.test(value)) return { field: name, rule: 'characters' };
  if (spec.kind === 'email' && !EMAIL.test(value)) return { field: name, rule: 'email' };
  if (spec.pattern && !spec.pattern.test(value)) return { field: name, rule: 'pattern' };
  return null;
}

function tagsError({ name, limit }: Extract<FieldSpec, { kind: 'tags' }>, tags: string[]): FieldError | null {
  if (tags.length < limit.minItems) return { field: name, rule: tags.length === 0 ? 'required' : 'minItems', limit: limit.minItems };
  if (tags.length > limit.maxItems) return { field: name, rule: 'maxItems', limit: limit.maxItems };
  const long = tags.findIndex((tag) => tag.length > limit.itemMaxLength);
  if (long >= 0) return { field: `${name}.${long}`, rule: 'maxLength', limit: limit.itemMaxLength };
  return null;
}

/** The first rule the field's value breaks, or null. */
export function fieldError(spec: FieldSpec, value: FieldValue | undefined): FieldError | null {
  const { name } = spec;
  switch (spec.kind) {
    case 'text':
    case 'email':
      return textError(spec, String(value ?? '').trim());
    case 'textarea': {
      const body = String(value ?? '');
      if (!body.trim()) return { field: name, rule: 'required' };
      return body.length > spec.maxLength ? { field: name, rule: 'maxLength', limit: spec.maxLength } : null;
    }
    case 'number': {
      const digits = String(value ?? '').trim();
      if (!digits) return { field: name, rule: 'required' };
      if (!/^\d+$/.test(digits)) return { field: name, rule: 'type' };
      if (Number(digits) < spec.min) return { field: name, rule: 'min', limit: spec.min };
      return Number(digits) > spec.max ? { field: name, rule: 'max', limit: spec.max } : null;
    }
    case 'tags':
      return tagsError(spec, Array.isArray(value) ? value : []);
    case 'consent':
      return value === true ? null : { field: name, rule: 'mustBeTrue' };
  }
}

/** Every field's first broken rule. */
export function formErrors(specs: FieldSpec[], values: FormValues): FieldError[] {
  return specs.map((spec) => fieldError(spec, values[spec.name])).filter((error): error is FieldError => error !== null);
}

/**
 * The body the API takes: trimmed text, numbers as numbers, an empty optional field left out, or sent as null where
 * that clears what is stored (an edit of one's details).
 */
export function requestBody(specs: FieldSpec[], values: FormValues, emptyOptional: 'omit' | 'null' = 'omit'): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const spec of specs) {
    const value = values[spec.name];
    if (spec.kind === 'number') body[spec.name] = Number(String(value).trim());
    else if (spec.kind === 'text' || spec.kind === 'email') {
      const trimmed = String(value ?? '').trim();
      if (trimmed || !spec.optional) body[spec.name] = trimmed;
      else if (emptyOptional === 'null') body[spec.name] = null;
    } else body[spec.name] = value;
  }
  return body;
}

/** A form filled with what is stored: text as typed, a number as its digits, a missing optional value as ''. */
export function storedValues(specs: FieldSpec[], stored: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const spec of specs) {
    const value = stored[spec.name];
    values[spec.name] = spec.kind === 'tags' ? [...(value as string[])] : spec.kind === 'consent' ? value === true : String(value ?? '');
  }
  return values;
}

/** Empty values for a form: '' for text, [] for tags, false for consent (a mentor's capacity starts at 2). */
export function initialValues(specs: FieldSpec[], defaults: FormValues = {}): FormValues {
  const values: FormValues = {};
  for (const spec of specs) values[spec.name] = spec.kind === 'tags' ? [] : spec.kind === 'consent' ? false : '';
  return { ...values, ...defaults };
}
