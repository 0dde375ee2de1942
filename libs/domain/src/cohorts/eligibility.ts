import { CohortEligibility, eligibilityErrors } from '@app/contracts';
import { Cohort } from '@app/database';
import { InvalidError } from '../errors/domain-errors';

/** A cohort's eligibility as stored: colleges trimmed, both lists without repeats, an empty list left out; nothing left: null. */
export function normalizeEligibility(eligibility: CohortEligibility | null | undefined): CohortEligibility | null {
  const colleges = [...new Set((eligibility?.colleges ?? []).map((college) => college.trim()).filter(Boolean))];
  const enrollmentYears = [...new Set(eligibility?.enrollmentYears ?? [])].sort((a, b) => a - b);
  if (colleges.length === 0 && enrollmentYears.length === 0) return null;
  return { ...(colleges.length ? { colleges } : {}), ...(enrollmentYears.length ? { enrollmentYears } : {}) };
}

/** A student application outside the cohort's eligibility is a 400 naming each field (college, enrollmentYear) it fails. */
export function assertEligible(cohort: Pick<Cohort, 'eligibility'>, student: { college: string; enrollmentYear: number }): void {
  const errors = eligibilityErrors(cohort.eligibility, student);
  if (errors.length === 0) return;
  throw new InvalidError(errors.map(({ field }) => `${field}: this cohort does not admit ${field === 'college' ? student.college.trim() : student.enrollmentYear}`), errors);
}
