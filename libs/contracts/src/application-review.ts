import type { ApplicationStatus } from './applications';

/** What a coordinator reviews of any application: the whole of it, with the review so far. `D`: see CohortView. */
export interface ApplicationReviewBase<D = string> {
  id: number;
  cohortId: number;
  status: ApplicationStatus;
  name: string;
  email: string;
  major: string;
  city: string;
  topics: string[];
  reviewNote: string | null;
  reviewedAt: D | null;
  /** When the application was submitted. */
  createdAt: D;
  updatedAt: D;
}

export interface MentorApplicationView<D = string> extends ApplicationReviewBase<D> {
  phone: string | null;
  graduationYear: number;
  department: string;
  industry: string;
  organization: string;
  title: string;
  capacity: number;
  bio: string;
  languages: string[];
}

/** One ranked choice: the mentor's application id (their name is in the cohort's mentor list). */
export interface StudentChoiceView {
  rank: number;
  mentorId: number;
}

export interface StudentApplicationView<D = string> extends ApplicationReviewBase<D> {
  studentNumber: string;
  college: string;
  enrollmentYear: number;
  industries: string[];
  statement: string;
  choices: StudentChoiceView[];
}
