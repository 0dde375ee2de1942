import { OutboxJob, QUEUE } from './queues';

/**
 * Every job the system creates and the format of its id. An id is deterministic, so handing the same work
 * over twice is a no-op in BullMQ; work handed over again on purpose (a retry, a requeue) gets an id that
 * names why.
 */

const REMINDER_BEFORE_MS = 24 * 3600 * 1000;

export const runRoundJob = (roundId: number) =>
  ({ queue: QUEUE.matching, name: 'run-round', payload: { roundId }, jobId: `round-${roundId}` }) as const satisfies OutboxJob;

/** A round whose job vanished with Redis's data, queued again; one id per stale period, so requeueing twice adds one job. */
export const requeuedRoundJob = (roundId: number, period: number): OutboxJob => ({ ...runRoundJob(roundId), jobId: `round-${roundId}-requeue-${period}` });

/** A proposal of a round was answered, expired or cancelled: the rounds feature decides whether the next round is due. */
export const roundFollowUpJob = (roundId: number, matchId: number) =>
  ({ queue: QUEUE.matching, name: 'follow-up', payload: { roundId }, jobId: `follow-up-${roundId}-${matchId}` }) as const satisfies OutboxJob;

/** Expiry at the deadline and a reminder a day before it (or none when the window is shorter than that). */
export function offerJobs(matchId: number, respondBy: Date, now = new Date()): OutboxJob[] {
  const jobs: OutboxJob[] = [
    { queue: QUEUE.offers, name: 'expire-proposal', payload: { matchId }, jobId: `expire-${matchId}`, runAt: respondBy },
  ];
  const remindAt = new Date(respondBy.getTime() - REMINDER_BEFORE_MS);
  if (remindAt > now) {
    jobs.push({ queue: QUEUE.offers, name: 'remind-proposal', payload: { matchId }, jobId: `remind-${matchId}`, runAt: remindAt });
  }
  return jobs;
}

export const sendNotificationJob = (notificationId: number) =>
  ({ queue: QUEUE.notifications, name: 'send', payload: { notificationId }, jobId: `notification-${notificationId}` }) as const satisfies OutboxJob;

/** A coordinator's retry: the attempt count makes each retry a new job. */
export const retryNotificationJob = (notificationId: number, attempts: number): OutboxJob => ({
  ...sendNotificationJob(notificationId),
  jobId: `notification-${notificationId}-retry-${attempts}`,
});

/** A pending message whose job was lost: the row's last change names the requeue, so reconciling twice adds one job. */
export const requeuedNotificationJob = (notificationId: number, updatedAt: Date): OutboxJob => ({
  ...sendNotificationJob(notificationId),
  jobId: `notification-${notificationId}-requeue-${updatedAt.getTime()}`,
});

/** The periodic jobs, by scheduler id: each worker upserts them at boot, so there is one schedule of each. */
export const SCHEDULES = [
  { id: 'outbox-relay', queue: QUEUE.outbox, name: 'relay', every: 'relay' },
  { id: 'requeue-stale-notifications', queue: QUEUE.outbox, name: 'requeue-stale-notifications', every: 'relay' },
  { id: 'requeue-stale-rounds', queue: QUEUE.outbox, name: 'requeue-stale-rounds', every: 'relay' },
  { id: 'offers-sweep', queue: QUEUE.offers, name: 'sweep', every: 'sweep' },
] as const;
