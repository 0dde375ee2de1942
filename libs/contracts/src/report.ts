import type { CohortStatus } from './cohorts';
import type { CheckInAnswer } from './pairs';
import type { DeclineReason } from './matches';
import type { SurveyText } from './surveys';

/** Per role: mentors and students. */
export interface ByRole {
  mentors: number;
  students: number;
}

/** One survey's headline figures in the report (from its results: response rate, NPS, the mean of its ratings). */
export interface ReportSurvey {
  id: number;
  title: SurveyText;
  invited: number;
  responded: number;
  /** 0–1, three decimals. */
  responseRate: number;
  /** Over every NPS answer of the survey; null when it has none. */
  nps: number | null;
  /** Over every rating 1–5 answer of the survey; null when it has none. */
  meanRating: number | null;
}

/** How one mentor answered their proposals: shown to coordinators only. */
export interface MentorResponseFigures {
  mentorId: number;
  name: string;
  proposals: number;
  accepted: number;
  declined: number;
  expired: number;
  /** accepted / (accepted + declined + expired); null before any proposal was resolved. */
  acceptanceRate: number | null;
  /** Median hours from proposal to the mentor's answer; null when they have answered none. */
  medianHoursToAnswer: number | null;
}

/**
 * GET /api/cohorts/:cohortId/report (DESIGN §8). Rates are 0–1 with three decimals, hours one decimal.
 * `recruited` counts every application received, `approved` those approved; `rounds` the real (not dry-run) rounds
 * that completed; `proposals` every match ever proposed, by a round or by hand; `accepted` every proposal a mentor
 * accepted (whatever the pair became since); `pairs` the pairs by their status now.
 */
export interface CohortReport<D = string> {
  cohort: { id: number; name: string; status: CohortStatus; programStartsOn: string | null; programEndsOn: string | null; completedAt: D | null };
  recruited: ByRole;
  approved: ByRole;
  rounds: number;
  proposals: number;
  accepted: number;
  declined: Record<DeclineReason, number>;
  expired: number;
  acceptanceRate: number | null;
  medianHoursToAnswer: number | null;
  pairs: { accepted: number; ended: number; completed: number };
  meetings: {
    count: number;
    hours: number;
    /** Median meetings of a pair, pairs without a meeting counting as 0. */
    medianPerPair: number;
    /** Meetings per month of their day ("YYYY-MM"), in month order. */
    byMonth: Array<{ month: string; count: number }>;
  };
  checkIns: { sent: number; answered: number; responseRate: number | null; byAnswer: Record<CheckInAnswer, number> };
  surveys: ReportSurvey[];
  /** Coordinators only (this whole report is theirs): no anchor publishes these. */
  mentors: MentorResponseFigures[];
}

/**
 * One cohort's line of the program report (`GET /api/program/report`, DESIGN §10). A pair is a match the mentor
 * accepted (accepted, ended or completed); mentors and students are those with at least one pair in the cohort.
 */
export interface ProgramCohortFigures {
  cohortId: number;
  name: string;
  status: CohortStatus;
  programStartsOn: string | null;
  programEndsOn: string | null;
  mentors: number;
  students: number;
  pairs: number;
  completed: number;
  meetings: number;
  /** Meeting hours, one decimal. */
  hours: number;
}

/**
 * Across every announced cohort: mentors and students counted once each however many cohorts they served in (the
 * same normalised email), the rest summed — the office's "55 名校友服务了 110 名在校生".
 */
export interface ProgramReport {
  cohorts: ProgramCohortFigures[];
  totals: Omit<ProgramCohortFigures, 'cohortId' | 'name' | 'status' | 'programStartsOn' | 'programEndsOn'> & { cohorts: number };
}
