import { ApplicantRole, DetailValue, EDITABLE_FIELDS, FieldChange, MentorDetails, StudentDetails } from '@app/contracts';

/** An applicant's edit of their own details (PATCH /api/me): only the fields sent change. */
export type MentorDetailsEdit = Partial<MentorDetails>;
export type StudentDetailsEdit = Partial<StudentDetails>;
export type DetailsEdit = MentorDetailsEdit | StudentDetailsEdit;

function same(before: DetailValue, after: DetailValue): boolean {
  if (Array.isArray(before) && Array.isArray(after)) return before.length === after.length && before.every((item, index) => item === after[index]);
  return before === after;
}

/**
 * The fields of the role the edit sets to another value, in the order of EDITABLE_FIELDS, each with its value before
 * and after. A field sent with the value it has is no change; a tag list in another order is one (it shows in that order).
 */
export function changesOf(role: ApplicantRole, application: object, edit: DetailsEdit): FieldChange[] {
  const current = application as Record<string, DetailValue>;
  const sent = edit as Record<string, DetailValue | undefined>;
  return EDITABLE_FIELDS[role].flatMap((field) => {
    const after = sent[field];
    return after === undefined || same(current[field], after) ? [] : [{ field, before: current[field], after }];
  });
}

/** The editable part of an application, as PATCH /api/me answers it. */
export function detailsOf(role: ApplicantRole, application: object): MentorDetails | StudentDetails {
  const current = application as Record<string, DetailValue>;
  return Object.fromEntries(EDITABLE_FIELDS[role].map((field) => [field, current[field]])) as unknown as MentorDetails | StudentDetails;
}
