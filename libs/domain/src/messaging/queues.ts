import type { DefaultJobOptions } from 'bullmq';

/** Every queue, its job names and their payloads: the one place producers and processors agree on. */
export const QUEUE = {
  matching: 'matching',
  offers: 'offers',
  notifications: 'notifications',
  outbox: 'outbox',
  pairs: 'pairs',
  surveys: 'surveys',
  announcements: 'announcements',
  privacy: 'privacy',
} as const;
export type QueueName = (typeof QUEUE)[keyof typeof QUEUE];

export interface JobPayloads {
  matching: {
    'run-round': { roundId: number };
    /** autoRounds: every proposal of this round is resolved; queue the next round if it can place anyone. */
    'follow-up': { roundId: number };
  };
  offers: {
    'expire-proposal': { matchId: number };
    'remind-proposal': { matchId: number };
    sweep: Record<string, never>;
  };
  notifications: {
    send: { notificationId: number };
    /** A "resend my link" request (DESIGN §9): emails the links of the address's applications in the cohort, if any. */
    'resend-link': { linkRequestId: number };
  };
  pairs: {
    /** The check-in of this period to both members of the pair (DESIGN §7); a no-op unless it is the one due. */
    'check-in': { matchId: number; period: number };
    /** The safety net behind the delayed check-in jobs: sends every check-in already due. */
    sweep: Record<string, never>;
  };
  surveys: {
    /** The reminder, 48 h before closing, to the invited who have not answered; a no-op once recorded. */
    remind: { surveyId: number };
  };
  announcements: {
    /** Records the emails of an announcement's recipients in chunks, going on from the last chunk recorded. */
    'fan-out': { announcementId: number };
  };
  privacy: {
    /** DESIGN §10: anonymises every archived cohort past its `retainDays`; a cohort done is not touched again. */
    retention: Record<string, never>;
  };
  outbox: {
    relay: Record<string, never>;
    /** Pending work whose job vanished from Redis (a restart without its data, a failover, an eviction) is handed over again. */
    reconcile: Record<string, never>;
  };
}

export type JobName<Q extends QueueName> = keyof JobPayloads[Q] & string;
export type JobPayload<Q extends QueueName, N extends JobName<Q>> = JobPayloads[Q][N];

/** A job addressed to a queue; `jobId` is deterministic so a repeated hand-over is a no-op in BullMQ. */
export type OutboxJob = {
  [Q in QueueName]: {
    [N in JobName<Q>]: { queue: Q; name: N; payload: JobPayload<Q, N>; jobId: string; runAt?: Date };
  }[JobName<Q>];
}[QueueName];

const KEEP_FINISHED = { removeOnComplete: { age: 7 * 24 * 3600, count: 100_000 }, removeOnFail: { age: 30 * 24 * 3600 } };

/** Retries and backoff are queue options: a job fails by throwing and BullMQ schedules the next attempt. */
export const QUEUE_JOB_OPTIONS: Record<QueueName, DefaultJobOptions> = {
  matching: { attempts: 3, backoff: { type: 'exponential', delay: 2000 }, ...KEEP_FINISHED },
  offers: { attempts: 5, backoff: { type: 'exponential', delay: 1000 }, ...KEEP_FINISHED },
  notifications: { attempts: 6, backoff: { type: 'exponential', delay: 1000 }, ...KEEP_FINISHED },
  outbox: { attempts: 1, removeOnComplete: true, removeOnFail: { count: 100 } },
  pairs: { attempts: 5, backoff: { type: 'exponential', delay: 1000 }, ...KEEP_FINISHED },
  surveys: { attempts: 5, backoff: { type: 'exponential', delay: 1000 }, ...KEEP_FINISHED },
  announcements: { attempts: 5, backoff: { type: 'exponential', delay: 2000 }, ...KEEP_FINISHED },
  privacy: { attempts: 3, backoff: { type: 'exponential', delay: 60_000 }, ...KEEP_FINISHED },
};
