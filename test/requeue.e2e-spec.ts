import { Queue } from 'bullmq';
import { Applicant, populatedCohort } from './support/factories';
import { PrivateRedis } from './support/private-redis';
import { byId, completedRound, decline, matchesOf, requestRound, roundsOf, runRound } from './support/rounds';
import { startSystem, TestSystem, waitFor } from './support/system';

/**
 * Redis restarted without its data loses jobs already handed over; their outbox rows are marked dispatched, so the
 * relay does not hand them over again. The worker's reconcile (at boot, on reconnecting, every relay interval) finds
 * the pending work whose job is gone and restores the job under its own id. Here the worker is down while Redis
 * loses everything, so the reconcile that brings the work back is the one a worker runs at boot.
 */
const RELAY_INTERVAL_MS = 500;
/** What recovery may take: a few relay intervals for the reconcile, plus the round itself on a shared 2-core machine. */
const RECOVERY_TIMEOUT_MS = 60 * RELAY_INTERVAL_MS;

describe('work whose job vanished with Redis data (real API and worker, a private Redis)', () => {
  let redis: PrivateRedis;
  let system: TestSystem;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    system = await startSystem({ name: 'requeue', worker: false, env: { REDIS_URL: redis.url, OUTBOX_RELAY_INTERVAL_MS: String(RELAY_INTERVAL_MS) } });
  });

  afterAll(async () => {
    await system?.stop();
    await redis?.stop();
  });

  /** Redis stops without saving and starts empty. */
  async function loseRedisData(): Promise<void> {
    await redis.stop();
    await redis.start();
  }

  const jobIdsOf = async (queueName: string, states: Array<'completed' | 'waiting' | 'active' | 'delayed' | 'failed'>) => {
    const queue = new Queue(queueName, { connection: { url: redis.url }, prefix: system.env.QUEUE_PREFIX });
    try {
      return (await queue.getJobs(states)).map((job) => job.id);
    } finally {
      await queue.close();
    }
  };

  it('runs a round queued before Redis lost everything as soon as a worker starts, exactly once', async () => {
    const { cohortId } = await populatedCohort(system, 3, 5);
    await system.worker.stop();
    const roundId = await requestRound(system, cohortId, { seed: 7 });
    const db = system.db.dataSource;
    const [handedOver] = await db.query('SELECT dispatched_at FROM outbox WHERE job_id = ?', [`round-${roundId}`]);
    expect(handedOver.dispatched_at).not.toBeNull();

    await loseRedisData(); // a private Redis without persistence: the round's job is gone
    system.worker.start();

    const round = await completedRound(system, roundId, RECOVERY_TIMEOUT_MS);
    expect(round.stats?.matched).toBeGreaterThan(0);
    const [{ proposals }] = await db.query('SELECT COUNT(*) AS proposals FROM matches WHERE round_id = ?', [roundId]);
    expect(Number(proposals)).toBe(round.stats!.matched);
    await system.settled();
    // Restored under its own id, once: no second job for the round however many reconciles ran.
    expect((await jobIdsOf('matching', ['completed', 'waiting', 'active', 'delayed', 'failed'])).filter((id) => id?.startsWith(`round-${roundId}`))).toEqual([`round-${roundId}`]);
  });

  it('queues the next automatic round after the follow-up of the last answer vanished with Redis data, once', async () => {
    if (!system.worker.running) system.worker.start();
    const cohort = await populatedCohort(system, 2, 6, { autoRounds: true });
    const mentorToken = byId<Applicant>(cohort.mentors);
    const round1 = await runRound(system, cohort.cohortId);
    const proposals = await matchesOf(system, cohort.cohortId, 'proposed');
    expect(proposals.length).toBe(round1.stats!.matched);

    await system.worker.stop();
    // Every answer's follow-up is handed to Redis and lost with it before any worker runs it.
    for (const match of proposals) await decline(system, mentorToken.get(match.mentor.id)!, match.id, 'unavailable', '出差').expect(200);
    const followUps = proposals.map((match) => `follow-up-${round1.id}-${match.id}`);
    const [{ notHandedOver }] = await system.db.dataSource.query('SELECT COUNT(*) AS notHandedOver FROM outbox WHERE job_id IN (?) AND dispatched_at IS NULL', [followUps]);
    expect(Number(notHandedOver)).toBe(0);
    await loseRedisData();
    system.worker.start();

    const round2 = await waitFor('the automatic round 2', async () =>
      (await roundsOf(system, cohort.cohortId)).find((round) => round.number === 2 && round.status === 'completed'), RECOVERY_TIMEOUT_MS, 250);
    expect(round2.requestedBy).toBe('system: autoRounds');
    await system.settled();
    expect((await roundsOf(system, cohort.cohortId)).map((round) => round.number)).toEqual([2, 1]);
  });
});
