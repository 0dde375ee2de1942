import type { MentorDetails, StudentDetails } from './application-edits';
import type { ApplicantRole, ApplicationStatus } from './applications';
import type { CertificateSummary } from './certificates';
import type { CohortStatus } from './cohorts';
import type { MentorProposalView, MentorSummary, StudentMatchView } from './matches';
import type { LastRoundOutcome } from './rounds';

/** The applicant's cohort as their personal page shows it, in every status (DESIGN §3: closing takes nothing away). */
export interface MeCohort {
  id: number;
  name: string;
  status: CohortStatus;
  maxChoices: number;
  responseWindowHours: number;
  /** Days after archiving that the applicant's personal data is kept (DESIGN §10). */
  retainDays: number;
}

/**
 * What the personal page shows of the applicant's own application (GET /api/me returns all of it): the details they
 * may edit (PATCH /api/me) among the rest.
 */
interface OwnApplication<D> {
  id: number;
  status: ApplicationStatus;
  name: string;
  email: string;
  /** When it was submitted. */
  createdAt: D;
}

export interface OwnMentorApplication<D = string> extends OwnApplication<D>, MentorDetails {}

export interface OwnStudentApplication<D = string> extends OwnApplication<D>, StudentDetails {
  studentNumber: string;
  college: string;
  major: string;
  enrollmentYear: number;
  /** Ranked mentor ids, best first. */
  choices: number[];
}

interface ProfileOf<R extends ApplicantRole, A, M> {
  role: R;
  application: A;
  cohort: MeCohort;
  matches: M[];
  /** The certificate due to the applicant (DESIGN §8), at GET /api/me/certificate.pdf; null while none is. */
  certificate: CertificateSummary | null;
}

/** GET /api/me for a student. */
export interface MeStudentProfile<D = string> extends ProfileOf<'student', OwnStudentApplication<D>, StudentMatchView<D>> {
  lastRound: LastRoundOutcome | null;
  /**
   * Every mentor the page names: the chosen ones and those of the last round's explanation. The page needs no
   * public directory to show them, which answers only while the cohort is open.
   */
  mentors: MentorSummary[];
}

/** GET /api/me for a mentor: the proposals (as GET /api/me/proposals) and the places still free. */
export interface MeMentorProfile<D = string> extends ProfileOf<'mentor', OwnMentorApplication<D>, MentorProposalView<D>> {
  /** Capacity minus proposed and accepted matches (the capacity rule). */
  remainingPlaces: number;
}

export type MeProfile<D = string> = MeStudentProfile<D> | MeMentorProfile<D>;

/** POST /api/me/withdraw. */
export interface WithdrawResult {
  id: number;
  status: 'withdrawn';
  cancelledMatches: number;
}
