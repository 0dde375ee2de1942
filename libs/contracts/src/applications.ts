export const APPLICANT_ROLES = ['mentor', 'student'] as const;
export type ApplicantRole = (typeof APPLICANT_ROLES)[number];

export const APPLICATION_STATUSES = ['submitted', 'approved', 'rejected', 'withdrawn'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const REVIEW_DECISIONS = ['approved', 'rejected'] as const;
export type ReviewDecisionValue = (typeof REVIEW_DECISIONS)[number];

/** A list of strings: how many items, and how long each may be (characters). */
export interface ListLimit {
  minItems: number;
  maxItems: number;
  itemMaxLength: number;
}

const tags: ListLimit = { minItems: 1, maxItems: 10, itemMaxLength: 40 };

/**
 * Field limits of both application forms, in characters for text. The DTOs validate with them, the entities
 * size their columns with them and the pages show them; the first migration holds the same numbers as history.
 */
export const APPLICATION_LIMITS = {
  name: { maxLength: 100 },
  email: { maxLength: 254 },
  /** Departments, majors, industries, titles, cities, colleges. */
  shortText: { maxLength: 100 },
  organization: { maxLength: 200 },
  longText: { maxLength: 2000 },
  phone: { pattern: /^[+\d][\d\s-]{4,39}$/, maxLength: 40 },
  studentNumber: { pattern: /^[A-Za-z0-9-]{4,40}$/, maxLength: 40 },
  graduationYear: { min: 1950 },
  enrollmentYear: { min: 1990 },
  capacity: { min: 1, max: 5 },
  topics: tags,
  languages: { ...tags, minItems: 0 },
  industries: { minItems: 0, maxItems: 10, itemMaxLength: 100 },
  /** The schema's ceiling; a cohort's `maxChoices` is the limit that applies. */
  choices: { maxItems: 10 },
  reviewIds: { minItems: 1, maxItems: 1000 },
  note: { maxLength: 1000 },
} as const;

export interface SubmittedApplication {
  id: number;
  status: ApplicationStatus;
  /** Shown once: the personal access token. Only its hash is stored. */
  accessToken: string;
}

/** What anyone may see of an approved mentor in a cohort's directory: no email, no phone. */
export interface MentorCard {
  id: number;
  displayName: string;
  graduationYear: number;
  department: string;
  major: string;
  industry: string;
  organization: string;
  title: string;
  city: string;
  topics: string[];
  languages: string[];
  bio: string;
  remainingCapacity: number;
}
