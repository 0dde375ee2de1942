import type { FieldError } from './errors';

/**
 * Who may apply to a cohort as a student (DESIGN §10): a list left out (or empty) admits everyone. The pilot ran in
 * 彭康书院 alone; cohort 3 was opened to every undergraduate.
 */
export interface CohortEligibility {
  colleges?: string[];
  enrollmentYears?: number[];
}

export const ELIGIBILITY_LIMITS = {
  colleges: { maxItems: 50, itemMaxLength: 100 },
  enrollmentYears: { maxItems: 20, min: 1990, max: 2100 },
} as const;

/**
 * The fields of a student's application the cohort's eligibility does not admit, rule `notEligible`: the API refuses
 * the application with them (400) and the phone form shows them before sending. Colleges compare trimmed, as typed.
 */
export function eligibilityErrors(
  eligibility: CohortEligibility | null,
  student: { college: string; enrollmentYear: number },
): FieldError[] {
  const errors: FieldError[] = [];
  const colleges = eligibility?.colleges ?? [];
  const years = eligibility?.enrollmentYears ?? [];
  if (colleges.length > 0 && !colleges.includes(student.college.trim())) errors.push({ field: 'college', rule: 'notEligible' });
  if (years.length > 0 && !years.includes(student.enrollmentYear)) errors.push({ field: 'enrollmentYear', rule: 'notEligible' });
  return errors;
}
