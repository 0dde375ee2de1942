import { SURVEY_LIMITS } from '@app/contracts';
import { OutboxJob, QUEUE } from './queues';

/**
 * Every job the system creates and the format of its id. An id is deterministic, so handing the same work
 * over twice is a no-op in BullMQ; work handed over again on purpose (a coordinator's retry) gets an id that
 * names why. A job lost with Redis's data is restored under its own id (JobRecoveryService), so restoring it
 * twice, or restoring a job that is still there, adds nothing.
 */

const REMINDER_BEFORE_MS = 24 * 3600 * 1000;

export const runRoundJob = (roundId: number) =>
  ({ queue: QUEUE.matching, name: 'run-round', payload: { roundId }, jobId: `round-${roundId}` }) as const satisfies OutboxJob;

/** A proposal of a round was answered, expired or cancelled: the rounds feature decides whether the next round is due. */
export const roundFollowUpJob = (roundId: number, matchId: number) =>
  ({ queue: QUEUE.matching, name: 'follow-up', payload: { roundId }, jobId: `${followUpJobIdPrefix(roundId)}${matchId}` }) as const satisfies OutboxJob;

/** What every follow-up job id of a round starts with; the rest is the id of the match whose answer caused it. */
export const followUpJobIdPrefix = (roundId: number) => `follow-up-${roundId}-`;

/**
 * Expiry at the deadline and a reminder a day before it: at the start of the deadline's last China day, since a
 * deadline ends at 23:59:59.999 China time. No reminder when the mentor would have had less than a day by then (a
 * deadline of tomorrow night): it would arrive hard on the heels of the proposal itself.
 */
export function offerJobs(matchId: number, respondBy: Date, now = new Date()): OutboxJob[] {
  const jobs: OutboxJob[] = [
    { queue: QUEUE.offers, name: 'expire-proposal', payload: { matchId }, jobId: `expire-${matchId}`, runAt: respondBy },
  ];
  const remindAt = new Date(respondBy.getTime() - REMINDER_BEFORE_MS);
  if (remindAt.getTime() - now.getTime() >= REMINDER_BEFORE_MS) {
    jobs.push({ queue: QUEUE.offers, name: 'remind-proposal', payload: { matchId }, jobId: `remind-${matchId}`, runAt: remindAt });
  }
  return jobs;
}

/** A pair's check-in of one period, due at the period's start. */
export const checkInJob = (matchId: number, period: number, at: Date) =>
  ({ queue: QUEUE.pairs, name: 'check-in', payload: { matchId, period }, jobId: `check-in-${matchId}-${period}`, runAt: at }) as const satisfies OutboxJob;

/** A published survey's one reminder, due 48 h before it closes (at once when it was published later than that). */
export const surveyReminderJob = (surveyId: number, closesAt: Date) =>
  ({
    queue: QUEUE.surveys, name: 'remind', payload: { surveyId }, jobId: `survey-reminder-${surveyId}`,
    runAt: new Date(closesAt.getTime() - SURVEY_LIMITS.reminderBeforeHours * 3600_000),
  }) as const satisfies OutboxJob;

/** An announcement's fan-out: one job for all its recipients, which goes on from where an earlier run stopped. */
export const announcementFanOutJob = (announcementId: number) =>
  ({ queue: QUEUE.announcements, name: 'fan-out', payload: { announcementId }, jobId: `announcement-${announcementId}` }) as const satisfies OutboxJob;

export const sendNotificationJob = (notificationId: number) =>
  ({ queue: QUEUE.notifications, name: 'send', payload: { notificationId }, jobId: `notification-${notificationId}` }) as const satisfies OutboxJob;

export const resendLinkJob = (linkRequestId: number) =>
  ({ queue: QUEUE.notifications, name: 'resend-link', payload: { linkRequestId }, jobId: `resend-link-${linkRequestId}` }) as const satisfies OutboxJob;

/** A coordinator's retry: the attempt count makes each retry a new job. */
export const retryNotificationJob = (notificationId: number, attempts: number): OutboxJob => ({
  ...sendNotificationJob(notificationId),
  jobId: `notification-${notificationId}-retry-${attempts}`,
});

/**
 * The jobs that may be serving a pending message with this many attempts recorded: its first send job, and the retry
 * of each attempt count a coordinator may have retried it at (a retry needs a failed message, and every failure
 * counted an attempt). The one that serves it is the one recorded last in the outbox.
 */
export function notificationJobsUpTo(notificationId: number, attempts: number): OutboxJob[] {
  return [sendNotificationJob(notificationId), ...Array.from({ length: attempts }, (_, index) => retryNotificationJob(notificationId, index + 1))];
}

/**
 * The reconcile: every pending piece of work whose job Redis no longer holds is handed over again (see
 * JobRecoveryService). Scheduled every relay interval, and added at once by each worker at boot and whenever its
 * Redis connection is ready again; any number of runs, side by side or in a row, restore each lost job once.
 */
export const RECONCILE = { queue: QUEUE.outbox, name: 'reconcile' } as const;

/** The periodic jobs, by scheduler id: each worker upserts them at boot, so there is one schedule of each. */
export const SCHEDULES = [
  { id: 'outbox-relay', queue: QUEUE.outbox, name: 'relay', every: 'relay' },
  { id: 'reconcile', queue: RECONCILE.queue, name: RECONCILE.name, every: 'relay' },
  { id: 'offers-sweep', queue: QUEUE.offers, name: 'sweep', every: 'sweep' },
  { id: 'check-ins-sweep', queue: QUEUE.pairs, name: 'sweep', every: 'sweep' },
  { id: 'retention', queue: QUEUE.privacy, name: 'retention', every: 'retention' },
] as const;

/** Schedules of earlier versions, removed at boot: the time-based requeues the reconcile replaced. */
export const RETIRED_SCHEDULES = [
  { id: 'requeue-stale-notifications', queue: QUEUE.outbox },
  { id: 'requeue-stale-rounds', queue: QUEUE.outbox },
] as const;

/** The deterministic id, and for a job with a run-at time the delay left until then (none once it has passed). */
export function jobOptions(jobId: string, runAt: Date | null | undefined) {
  return { jobId, delay: runAt ? Math.max(0, runAt.getTime() - Date.now()) : undefined };
}
