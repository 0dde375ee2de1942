import { Applicant, populatedCohort } from './support/factories';
import { PrivateRedis } from './support/private-redis';
import { accept, byId, decline, matchesOf, roundsOf, runRound } from './support/rounds';
import { startSystem, TestSystem, waitFor } from './support/system';


describe('mentors answering while Redis is down (real API and worker, a private Redis)', () => {
  let redis: PrivateRedis;
  let system: TestSystem;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    system = await startSystem({ name: 'rounds_redis', env: { REDIS_URL: redis.url } });
  });

  afterAll(async () => {
    await system?.stop();
    await redis?.stop();
  });

  it('accepts the answers, keeps their follow-up work in the outbox and runs it, up to the next round, once Redis is back', async () => {
    const cohort = await populatedCohort(system, 4, 8, { autoRounds: true });
    const mentorToken = byId<Applicant>(cohort.mentors);
    await runRound(system, cohort.cohortId);
    const proposals = await matchesOf(system, cohort.cohortId, 'proposed');
    expect(proposals.length).toBeGreaterThanOrEqual(2);
    const [toAccept, ...toDecline] = proposals;

    await redis.stop();
    await accept(system, mentorToken.get(toAccept.mentor.id)!, toAccept.id).expect(200);
    for (const match of toDecline) await decline(system, mentorToken.get(match.mentor.id)!, match.id, 'unavailable', '近期出国').expect(200);

    const db = system.db.dataSource;
    const notifications: Array<{ id: number; type: string }> = await db.query(
      "SELECT id, type FROM notifications WHERE cohort_id = ? AND type IN ('match_confirmed', 'proposal_declined')", [cohort.cohortId]);
    expect(notifications.filter((row) => row.type === 'match_confirmed')).toHaveLength(2);
    expect(notifications.filter((row) => row.type === 'proposal_declined')).toHaveLength(toDecline.length);
    const followUpJobs = proposals.map((match) => `follow-up-${match.roundId}-${match.id}`);
    const waitingJobs = [...notifications.map((row) => `notification-${row.id}`), ...followUpJobs];
    const undispatched = async () => Number((await db.query(
      'SELECT COUNT(*) AS n FROM outbox WHERE job_id IN (?) AND dispatched_at IS NULL', [waitingJobs]))[0].n);
    expect(await undispatched()).toBe(waitingJobs.length);
    expect(await roundsOf(system, cohort.cohortId)).toHaveLength(1);

    await redis.start();
    await waitFor('the relay to hand the kept jobs to BullMQ', async () => (await undispatched()) === 0, 45_000, 250);
    const round2 = await waitFor('the automatic round 2', async () =>
      (await roundsOf(system, cohort.cohortId)).find((round) => round.number === 2 && round.status === 'completed'), 30_000, 250);
    expect(round2.requestedBy).toBe('system: autoRounds');
    expect(await matchesOf(system, cohort.cohortId, 'accepted')).toMatchObject([{ id: toAccept.id }]);
  });
});
