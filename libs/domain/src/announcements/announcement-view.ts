import { AnnouncementStatus, AnnouncementView, NotificationStatus } from '@app/contracts';
import { Announcement, AnnouncementFanOut } from '@app/database';

/** An announcement's emails by status, as counted from the notifications. */
export interface EmailCounts {
  sent: number;
  failed: number;
  /** When the last one was sent. */
  lastSentAt: Date | null;
}

export const NO_EMAILS: EmailCounts = { sent: 0, failed: 0, lastSentAt: null };

/**
 * What coordinators see: the fan-out's own state until every email is recorded, then `sending` while any is still to
 * go and `sent` once each was sent or failed for good.
 */
export function announcementStatusOf(fanOut: AnnouncementFanOut, pending: number): AnnouncementStatus {
  if (fanOut === 'recorded') return pending > 0 ? 'sending' : 'sent';
  return fanOut;
}

/** Rows of `SELECT status, COUNT(*), MAX(sent_at)` for one announcement, folded into its counts. */
export function emailCountsOf(rows: Array<{ status: NotificationStatus; n: number; lastSentAt: Date | null }>): EmailCounts {
  const counts = { ...NO_EMAILS };
  for (const row of rows) {
    if (row.status === 'sent') Object.assign(counts, { sent: row.n, lastSentAt: row.lastSentAt });
    if (row.status === 'failed') counts.failed = row.n;
  }
  return counts;
}

export function announcementViewOf(announcement: Announcement, emails: EmailCounts): AnnouncementView<Date> {
  const { id, cohortId, audience, recipients, createdBy, createdAt, error } = announcement;
  const pending = recipients - emails.sent - emails.failed;
  const status = announcementStatusOf(announcement.fanOut, pending);
  return {
    id, cohortId, audience, status, recipients, sent: emails.sent, failed: emails.failed, pending, createdBy, createdAt, error,
    subject: textOf(announcement.subjectZh, announcement.subjectEn),
    body: textOf(announcement.bodyZh, announcement.bodyEn),
    sentAt: status === 'sent' ? emails.lastSentAt : null,
  };
}

const textOf = (zh: string, en: string | null) => (en ? { zh, en } : { zh });
