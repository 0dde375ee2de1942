import type { ApplicantRole, ApplicationStatus } from './applications';
import type { MentorApplicationView, StudentApplicationView } from './application-review';
import type { PairStatus } from './pairs';

/**
 * One earlier cohort of the same person (recognised by normalised email, DESIGN §10): their application there and,
 * for each pair it had, with whom and how it went. An application without a pair is one entry without `pairedWith`.
 */
export interface ApplicantHistoryEntry {
  cohortId: number;
  cohortName: string;
  role: ApplicantRole;
  status: ApplicationStatus;
  pairedWith?: { name: string };
  pairStatus?: PairStatus;
}

/** A row of the coordinators' application lists: the application and the person's earlier cohorts, oldest first. */
export type WithHistory<T> = T & { history: ApplicantHistoryEntry[] };

/** What a returning applicant's new application starts from: the fields of their latest one of that role. */
export const PREFILL_FIELDS = {
  student: ['name', 'email', 'studentNumber', 'college', 'major', 'enrollmentYear', 'city', 'topics', 'industries', 'statement'],
  mentor: ['name', 'email', 'phone', 'graduationYear', 'department', 'major', 'industry', 'organization', 'title', 'city', 'topics', 'capacity', 'languages', 'bio'],
} as const satisfies { student: ReadonlyArray<keyof StudentApplicationView>; mentor: ReadonlyArray<keyof MentorApplicationView> };

export type PrefillFields = Partial<Record<(typeof PREFILL_FIELDS)[ApplicantRole][number], string | number | string[] | null>>;

/** `GET /api/me/prefill?cohortId=`: the form of `cohortId` for the link's role, filled from `fromCohortId`. */
export interface ApplicationPrefill {
  cohortId: number;
  role: ApplicantRole;
  fromCohortId: number;
  fields: PrefillFields;
}
