import { populatedCohort } from './support/factories';
import { PrivateRedis } from './support/private-redis';
import { completedRound, requestRound } from './support/rounds';
import { startSystem, TestSystem } from './support/system';

/**
 * Redis restarted without its data loses jobs already handed over; the outbox rows are marked dispatched,
 * so only the worker's requeue of stale work brings them back.
 */
describe('work whose job vanished with Redis data (real API and worker, a private Redis)', () => {
  let redis: PrivateRedis;
  let system: TestSystem;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    system = await startSystem({ name: 'requeue', worker: false, env: { REDIS_URL: redis.url } });
  });

  afterAll(async () => {
    await system?.stop();
    await redis?.stop();
  });

  it('runs a round queued before Redis lost everything, once the round is stale, exactly once', async () => {
    const { cohortId } = await populatedCohort(system, 3, 5);
    const roundId = await requestRound(system, cohortId, { seed: 7 });
    const db = system.db.dataSource;
    const [handedOver] = await db.query("SELECT dispatched_at FROM outbox WHERE job_id = ?", [`round-${roundId}`]);
    expect(handedOver.dispatched_at).not.toBeNull();

    await redis.stop();
    await redis.start(); // a private Redis without persistence: the round's job is gone
    await db.query('UPDATE rounds SET created_at = NOW(3) - INTERVAL 1 HOUR WHERE id = ?', [roundId]);
    system.worker.start();

    const round = await completedRound(system, roundId, 60_000);
    expect(round.stats?.matched).toBeGreaterThan(0);
    const [{ proposals }] = await db.query('SELECT COUNT(*) AS proposals FROM matches WHERE round_id = ?', [roundId]);
    expect(Number(proposals)).toBe(round.stats!.matched);
  });
});
