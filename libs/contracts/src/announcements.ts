/**
 * DESIGN §9: whom a coordinator's announcement goes to. Everyone is an approved application of the cohort (never one
 * submitted, rejected or withdrawn); who falls in each audience is decided in one place,
 * libs/domain/src/announcements/announcement-audience.ts.
 */
export const ANNOUNCEMENT_AUDIENCES = ['all', 'mentors', 'students', 'matched', 'unmatched', 'at_risk'] as const;
export type AnnouncementAudience = (typeof ANNOUNCEMENT_AUDIENCES)[number];

/**
 * `queued` until the worker starts the fan-out, `sending` while it records the emails or any of them is still to be
 * sent, `sent` once every recipient's email was sent or failed for good, `failed` when the fan-out itself gave up
 * (the emails it had recorded still go out; `error` says why).
 */
export const ANNOUNCEMENT_STATUSES = ['queued', 'sending', 'sent', 'failed'] as const;
export type AnnouncementStatus = (typeof ANNOUNCEMENT_STATUSES)[number];

export const ANNOUNCEMENT_LIMITS = {
  /** One line: it becomes the email's subject (after the cohort's name). */
  subject: { maxLength: 200 },
  /** Paragraphs separated by blank lines. */
  body: { maxLength: 5000 },
} as const;

/** 中文 required, English optional: an email without it says the announcement was written in Chinese only. */
export interface AnnouncementText {
  zh: string;
  en?: string;
}

/** POST /api/cohorts/:cohortId/announcements */
export interface AnnouncementInput {
  subject: AnnouncementText;
  body: AnnouncementText;
  audience: AnnouncementAudience;
}

/** The 202 of the POST: the recipients are those of the audience at that moment, fixed from then on. */
export interface AnnouncementCreated {
  id: number;
  recipients: number;
}

/** GET /api/cohorts/:cohortId/announcements/audience?audience= — how many the announcement would reach now. */
export interface AnnouncementAudienceCount {
  audience: AnnouncementAudience;
  recipients: number;
  /** Of them, per role. */
  mentors: number;
  students: number;
}

/** An announcement as the console lists it, with its emails counted by status. */
export interface AnnouncementView<D = string> {
  id: number;
  cohortId: number;
  subject: AnnouncementText;
  body: AnnouncementText;
  audience: AnnouncementAudience;
  status: AnnouncementStatus;
  recipients: number;
  sent: number;
  failed: number;
  /** Not sent yet: recorded and waiting, or not recorded yet. */
  pending: number;
  createdBy: string | null;
  createdAt: D;
  /** When the last email went out, once the status is `sent`. */
  sentAt: D | null;
  error: string | null;
}
