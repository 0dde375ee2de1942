import { OutboxJob, QUEUE } from '../queues/queues';

const REMINDER_BEFORE_MS = 24 * 3600 * 1000;

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
