import type { EndReason } from './pairs';

/** DESIGN §3: `proposed → accepted | declined | expired | cancelled`, then `accepted → completed | ended` (§7). */
export const MATCH_STATUSES = ['proposed', 'accepted', 'declined', 'expired', 'cancelled', 'ended', 'completed'] as const;
export type MatchStatus = (typeof MATCH_STATUSES)[number];

/** A match that holds the student and one of the mentor's places (the schema's active_student_id agrees). */
export const ACTIVE_MATCH_STATUSES: readonly MatchStatus[] = ['proposed', 'accepted'];

export const DECLINE_REASONS = ['no_capacity', 'not_a_fit', 'unavailable', 'other'] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

export const ACTOR_ROLES = ['system', 'coordinator', 'mentor', 'student'] as const;
export type ActorRole = (typeof ACTOR_ROLES)[number];

/** How a mentor's proposed student looks before they accept: no contact details. */
export interface StudentCard {
  college: string;
  major: string;
  enrollmentYear: number;
  topics: string[];
  statement: string;
}

export interface ContactCard {
  name: string;
  email: string;
  phone: string | null;
  /** e.g. "彭康书院 · 计算机科学 · 2023级" or "腾讯 · 高级工程师" */
  headline: string;
}

export interface MentorSummary {
  id: number;
  displayName: string;
  organization: string;
  title: string;
  industry: string;
  city: string;
  topics: string[];
}

/** A match in the coordinators' list and CSV. */
export interface MatchRow<D = string> {
  id: number;
  roundId: number | null;
  /** The round's number in its cohort (null for a coordinator's proposal by hand). */
  roundNumber: number | null;
  status: MatchStatus;
  choiceRank: number | null;
  respondBy: D;
  respondedAt: D | null;
  declineReason: DeclineReason | null;
  note: string | null;
  createdAt: D;
  student: { id: number; name: string; email: string; studentNumber: string; college: string; major: string };
  mentor: { id: number; name: string; email: string; organization: string; title: string };
}

/** A proposal as its mentor sees it: the student's contact only once accepted. */
export interface MentorProposalView<D = string> {
  id: number;
  status: MatchStatus;
  respondBy: D;
  respondedAt: D | null;
  declineReason: DeclineReason | null;
  student: StudentCard & { id: number };
  contact: ContactCard | null;
}

/** A match as its student sees it: the mentor's contact only once accepted. */
export interface StudentMatchView<D = string> {
  id: number;
  status: MatchStatus;
  respondBy: D;
  choiceRank: number | null;
  mentor: MentorSummary;
  contact: ContactCard | null;
}

export interface MatchEventView<D = string> {
  id: string;
  matchId: number;
  fromStatus: MatchStatus | null;
  toStatus: MatchStatus;
  actorRole: ActorRole;
  actorId: number | null;
  reason: string | null;
  createdAt: D;
}

/** Why a transition happened, as a code the pages word themselves (the stored reason is free text). */
export const MATCH_EVENT_REASONS = ['declined', 'no_answer', 'applicant_withdrew', 'coordinator_note', 'ended', 'cohort_completed'] as const;
export type MatchEventReason = (typeof MATCH_EVENT_REASONS)[number];

/** A history line for coordinators: the transition, and its reason as a code plus the person's own words. */
export interface MatchHistoryEntry<D = string> extends MatchEventView<D> {
  reasonCode: MatchEventReason | null;
  declineReason: DeclineReason | null;
  endReason: EndReason | null;
  /** The mentor's note to a decline, the note to an end, or the coordinator's reason to cancel. */
  note: string | null;
}

/** Whom a coordinator may propose by hand: approved students without an active match, approved mentors with places. */
export interface ManualProposalCandidates {
  students: Array<{ id: number; name: string; studentNumber: string; college: string; major: string }>;
  mentors: Array<{ id: number; name: string; organization: string; remaining: number }>;
}
