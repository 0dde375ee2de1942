import { QUEUE } from './queues';
import { notificationJobsUpTo, offerJobs, RETIRED_SCHEDULES, SCHEDULES } from './jobs';

describe('offerJobs', () => {
  const now = new Date('2026-11-28T08:00:00Z');
  const hours = (count: number) => new Date(now.getTime() + count * 3600_000);

  it('schedules the expiry at the deadline and a reminder 24 hours before it', () => {
    expect(offerJobs(41, hours(72), now)).toEqual([
      { queue: QUEUE.offers, name: 'expire-proposal', payload: { matchId: 41 }, jobId: 'expire-41', runAt: hours(72) },
      { queue: QUEUE.offers, name: 'remind-proposal', payload: { matchId: 41 }, jobId: 'remind-41', runAt: hours(48) },
    ]);
  });

  it('sends a reminder only when the mentor has had a day by then: none for a deadline less than 48 hours away', () => {
    expect(offerJobs(7, hours(48), now).map((job) => job.name)).toEqual(['expire-proposal', 'remind-proposal']);
    expect(offerJobs(7, hours(47.9), now).map((job) => job.name)).toEqual(['expire-proposal']);
    expect(offerJobs(7, hours(24), now).map((job) => job.name)).toEqual(['expire-proposal']);
    expect(offerJobs(7, hours(1), now).map((job) => job.name)).toEqual(['expire-proposal']);
  });

  it('gives every match its own deterministic job ids, so a second hand-over is a no-op', () => {
    expect(offerJobs(5, hours(72), now).map((job) => job.jobId)).toEqual(offerJobs(5, hours(72), hours(1)).map((job) => job.jobId));
    expect(offerJobs(6, hours(72), now).map((job) => job.jobId)).toEqual(['expire-6', 'remind-6']);
  });
});

describe('notificationJobsUpTo', () => {
  it('names the first send job, and a retry at each attempt count the message may have been retried at', () => {
    expect(notificationJobsUpTo(9, 0).map((job) => job.jobId)).toEqual(['notification-9']);
    expect(notificationJobsUpTo(9, 2).map((job) => job.jobId)).toEqual(['notification-9', 'notification-9-retry-1', 'notification-9-retry-2']);
    expect(notificationJobsUpTo(9, 2).every((job) => job.queue === QUEUE.notifications && job.name === 'send')).toBe(true);
  });
});

describe('SCHEDULES', () => {
  it('reconciles every relay interval, and no longer runs the time-based requeues it replaced', () => {
    expect(SCHEDULES.find((schedule) => schedule.id === 'reconcile')).toMatchObject({ queue: QUEUE.outbox, name: 'reconcile', every: 'relay' });
    const ids = SCHEDULES.map((schedule) => schedule.id as string);
    for (const retired of RETIRED_SCHEDULES) expect(ids).not.toContain(retired.id);
  });
});
