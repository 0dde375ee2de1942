import type { ApplicantRole } from './applications';
import type { ContactCard } from './matches';

/** DESIGN §7: why a pair ended, given by whoever ends it (either member or a coordinator). */
export const END_REASONS = ['goals_met', 'no_time', 'not_a_fit', 'no_response', 'other'] as const;
export type EndReason = (typeof END_REASONS)[number];

export const MEETING_MODES = ['in_person', 'video', 'phone', 'chat'] as const;
export type MeetingMode = (typeof MEETING_MODES)[number];

/** The three one-tap answers of a check-in email. */
export const CHECK_IN_ANSWERS = ['on_track', 'not_yet', 'need_help'] as const;
export type CheckInAnswer = (typeof CHECK_IN_ANSWERS)[number];

export const PAIR_HEALTHS = ['on_track', 'needs_attention', 'at_risk', 'ended', 'completed'] as const;
export type PairHealth = (typeof PAIR_HEALTHS)[number];

/** The statuses a match has once it was accepted: the pair's whole life. */
export const PAIR_STATUSES = ['accepted', 'ended', 'completed'] as const;
export type PairStatus = (typeof PAIR_STATUSES)[number];

export const PAIR_LIMITS = {
  goals: { maxItems: 10 },
  goalText: { minLength: 1, maxLength: 200 },
  minutes: { min: 5, max: 600 },
  summary: { maxLength: 1000 },
  /** The note to an end, and to a check-in answer. */
  note: { maxLength: 500 },
} as const;

/** The members of a pair: who logged a meeting, who answered a check-in. */
export type PairRole = ApplicantRole;

export interface PairGoal {
  text: string;
  done: boolean;
}

export interface PairMeeting<D = string> {
  id: number;
  /** `YYYY-MM-DD`, China time. */
  heldOn: string;
  minutes: number;
  mode: MeetingMode;
  /** The pair's own words; never shown to coordinators. */
  summary: string | null;
  loggedBy: PairRole;
  createdAt: D;
}

export interface PairCheckIn<D = string> {
  id: number;
  /** 1 for the first check-in after acceptance, 2 for the next… */
  period: number;
  role: PairRole;
  sentAt: D;
  /** When its link stops taking answers: the start of the next period. */
  closesAt: D;
  answer: CheckInAnswer | null;
  note: string | null;
  answeredAt: D | null;
}

/** GET /api/me/pairs: a pair as one of its members sees it. */
export interface MePair<D = string> {
  matchId: number;
  status: PairStatus;
  acceptedAt: D;
  /** The member asking: what the page calls "you". */
  role: PairRole;
  partner: ContactCard;
  goals: PairGoal[];
  meetings: PairMeeting<D>[];
  /** The caller's own check-ins, newest period first (a member's answers are not shown to the partner). */
  checkIns: PairCheckIn<D>[];
  endedAt: D | null;
  endReason: EndReason | null;
  endedBy: 'mentor' | 'student' | 'coordinator' | null;
  /** When the cohort completed (结业), for a completed pair. */
  completedAt: D | null;
  health: PairHealth;
}

/** A meeting as coordinators see it: dates, modes and minutes, never the summary. */
export type PairMeetingOutline = Pick<PairMeeting, 'id' | 'heldOn' | 'minutes' | 'mode' | 'loggedBy'>;

/** GET /api/cohorts/:cohortId/pairs: one row of the coordinators' pairs table. */
export interface PairRow<D = string> {
  matchId: number;
  status: PairStatus;
  student: { id: number; name: string };
  mentor: { id: number; name: string };
  acceptedAt: D;
  meetings: number;
  minutes: number;
  lastMeetingOn: string | null;
  lastCheckIn: { answer: CheckInAnswer; at: D; role: PairRole } | null;
  /** Meeting day or check-in answer, whichever is later; acceptance when neither. */
  lastContactAt: D;
  health: PairHealth;
  endReason: EndReason | null;
}

export interface PairCounts {
  total: number;
  byHealth: Record<PairHealth, number>;
}

/** GET /api/check-ins/:token: what the confirm page shows before anything is recorded. */
export interface CheckInView<D = string> {
  cohortName: string;
  role: PairRole;
  partnerName: string;
  period: number;
  closesAt: D;
  answer: CheckInAnswer | null;
  note: string | null;
}

/** POST /api/cohorts/:cohortId/complete. */
export interface CompletionResult<D = string> {
  cohortId: number;
  completedAt: D;
  completedPairs: number;
}
