import type { ApplicantRole } from './applications';
import type { MentorApplicationView, StudentApplicationView } from './application-review';

/**
 * What an applicant may change of their own application (DESIGN §9, `PATCH /api/me`) until the cohort is archived.
 * Every other field of the form (email, student number, studies, …) stays as submitted: sent, it is a 400 with the
 * rule `notEditable`.
 */
export const EDITABLE_FIELDS = {
  student: ['name', 'city', 'topics', 'industries', 'statement'],
  mentor: ['name', 'phone', 'organization', 'title', 'city', 'topics', 'bio', 'capacity'],
} as const satisfies Record<ApplicantRole, readonly string[]>;

export type EditableField<R extends ApplicantRole = ApplicantRole> = (typeof EDITABLE_FIELDS)[R][number];

/** The editable part of an application as it now is. */
export type MentorDetails = Pick<MentorApplicationView, EditableField<'mentor'>>;
export type StudentDetails = Pick<StudentApplicationView, EditableField<'student'>>;

/** A value of an editable field: text, a list of tags, a number (capacity), or null (a phone left out). */
export type DetailValue = string | string[] | number | null;

/** One field an edit changed, with its value before and after. */
export interface FieldChange {
  field: EditableField;
  before: DetailValue;
  after: DetailValue;
}

/** One entry of an application's edit history (`GET /api/cohorts/:cohortId/<role>-applications/:id/edits`). */
export interface ApplicationEditEntry<D = string> {
  id: number;
  /** In the order of EDITABLE_FIELDS; never empty (an edit that changed nothing is not recorded). */
  changes: FieldChange[];
  createdAt: D;
}

/** The answer to `PATCH /api/me`: what changed (empty when the body changed nothing) and the details as they now are. */
export interface DetailsEditResult {
  changes: FieldChange[];
  details: MentorDetails | StudentDetails;
}
