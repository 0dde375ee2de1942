import { Queue } from 'bullmq';
import { SmtpSink, startSmtpSink } from '../scripts/smtp-sink';
import { applyStudent, createOpenCohort, populatedCohort } from './support/factories';
import { PrivateRedis } from './support/private-redis';
import { matchesOf, runRound } from './support/rounds';
import { startSystem, TestSystem, waitFor } from './support/system';

/**
 * Redis loses its data under a running worker (a restart without persistence): jobs already handed over exist
 * nowhere else, their outbox rows are marked dispatched, so the relay does not hand them over again. The worker's
 * reconcile (run at once when its Redis connection is ready again, and every relay interval) finds the pending work
 * whose job is gone and restores the job under its own id; the SMTP sink shows each email arrives exactly once.
 */
const RELAY_INTERVAL_MS = 500;
/**
 * How long recovery may take: the reconnection (BullMQ retries every second or so), a reconcile or two, and sending
 * a burst of emails, on a shared 2-core machine. The time-based requeue it replaced waited 10 minutes.
 */
const RECOVERY_TIMEOUT_MS = 60 * RELAY_INTERVAL_MS;
const BURST = 120;

let sink: SmtpSink;
let redis: PrivateRedis;
let system: TestSystem;

beforeAll(async () => {
  sink = await startSmtpSink({ port: 0 });
  redis = await PrivateRedis.start();
  system = await startSystem({
    name: 'recovery',
    env: { SMTP_URL: `smtp://127.0.0.1:${sink.port}`, REDIS_URL: redis.url, OUTBOX_RELAY_INTERVAL_MS: String(RELAY_INTERVAL_MS) },
  });
}, 60_000);

afterAll(async () => {
  await system?.stop();
  await redis?.stop();
  await sink?.stop();
}, 30_000);

beforeEach(async () => {
  await system.settled({ mail: true });
  sink.clear();
}, RECOVERY_TIMEOUT_MS);

const db = () => system.db.dataSource;

async function statusesOf(cohortId: number): Promise<Record<string, number>> {
  const rows: Array<{ status: string; n: string }> = await db().query('SELECT status, COUNT(*) AS n FROM notifications WHERE cohort_id = ? GROUP BY status', [cohortId]);
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
}

/** Redis stops without saving and starts again empty, while the apps keep running. */
async function loseRedisData(): Promise<void> {
  await redis.stop();
  await redis.start();
}

function openQueue(name: string): Queue {
  const queue = new Queue(name, { connection: { url: redis.url }, prefix: system.env.QUEUE_PREFIX });
  queue.on('error', () => undefined);
  return queue;
}

describe('recovery after Redis lost its data (real API and worker, a private Redis, an SMTP sink)', () => {
  it('a burst of applications across a Redis restart without its data: every confirmation is sent, each exactly once', async () => {
    const cohortId = await createOpenCohort(system, { name: '第7期 师友计划（恢复测试）' });
    const apply = (index: number) => applyStudent(system, cohortId, [], { email: `burst${index}@recovery-e2e.example.com` }, 1000 + index);

    // The first half is handed over to Redis; with the SMTP server away their sends fail and wait out a backoff,
    // so their jobs exist only in Redis memory. Then Redis stops without saving, and the second half is accepted
    // while it is down (kept in the outbox for the relay).
    await sink.pause();
    for (let index = 0; index < BURST / 2; index += 1) await apply(index);
    const [{ handedOver }] = await db().query(
      "SELECT COUNT(*) AS handedOver FROM outbox o JOIN notifications n ON o.job_id = CONCAT('notification-', n.id) WHERE n.cohort_id = ? AND o.dispatched_at IS NOT NULL",
      [cohortId]);
    expect(Number(handedOver)).toBe(BURST / 2);
    await redis.stop();
    for (let index = BURST / 2; index < BURST; index += 1) await apply(index);
    expect(await statusesOf(cohortId)).toEqual({ pending: BURST });
    await sink.resume();
    await redis.start(); // empty: the first half's jobs are gone

    await waitFor('every confirmation to be sent', async () => (await statusesOf(cohortId)).sent === BURST, RECOVERY_TIMEOUT_MS, 250);
    await system.settled({ mail: true, timeoutMs: RECOVERY_TIMEOUT_MS });

    const rows: Array<{ id: number }> = await db().query('SELECT id FROM notifications WHERE cohort_id = ? ORDER BY id', [cohortId]);
    const received = sink.messages.filter((mail) => mail.to[0]?.endsWith('@recovery-e2e.example.com'));
    const messageIds = new Set(received.map((mail) => mail.messageId));
    expect(received).toHaveLength(BURST);
    expect(messageIds.size).toBe(BURST);
    expect([...messageIds].sort()).toEqual(rows.map((row) => `<notification-${row.id}@127.0.0.1>`).sort());
  }, 4 * RECOVERY_TIMEOUT_MS);

  it("proposals' expiry and reminder jobs are back in Redis, delayed until their own times, once", async () => {
    const { cohortId } = await populatedCohort(system, 2, 4);
    await runRound(system, cohortId);
    const proposals = await matchesOf(system, cohortId, 'proposed');
    expect(proposals.length).toBeGreaterThan(0);
    const deadlines: Array<{ id: number; respond_by: Date }> = await db().query("SELECT id, respond_by FROM matches WHERE cohort_id = ? AND status = 'proposed'", [cohortId]);
    await system.settled({ mail: true });
    sink.clear();

    await loseRedisData();

    const offers = openQueue('offers');
    try {
      await waitFor('the expiry and reminder of every proposal', async () => {
        for (const { id } of deadlines) {
          for (const jobId of [`expire-${id}`, `remind-${id}`]) if ((await offers.getJob(jobId))?.id !== jobId) return false;
        }
        return true;
      }, RECOVERY_TIMEOUT_MS, 250);
      await system.settled({ mail: true });
      for (const { id, respond_by: respondBy } of deadlines) {
        const expiry = (await offers.getJob(`expire-${id}`))!;
        const reminder = (await offers.getJob(`remind-${id}`))!;
        expect(await expiry.getState()).toBe('delayed');
        expect(await reminder.getState()).toBe('delayed');
        expect(Math.abs(expiry.timestamp + expiry.delay - new Date(respondBy).getTime())).toBeLessThan(2000);
        expect(Math.abs(reminder.timestamp + reminder.delay - (new Date(respondBy).getTime() - 24 * 3600_000))).toBeLessThan(2000);
      }
      const delayed = (await offers.getJobs(['delayed'])).map((job) => job.id!).filter((jobId) => deadlines.some(({ id }) => jobId.endsWith(`-${id}`)));
      expect(delayed.sort()).toEqual(deadlines.flatMap(({ id }) => [`expire-${id}`, `remind-${id}`]).sort());
    } finally {
      await offers.close();
    }
    // Nothing was sent again: the proposals' emails went out before Redis lost its data.
    expect(sink.messages).toHaveLength(0);
  }, 4 * RECOVERY_TIMEOUT_MS);

  it('a message whose final failure the worker never recorded ends failed, not pending for ever', async () => {
    const cohortId = await createOpenCohort(system, { name: '第7期 师友计划（恢复测试）' });
    const bounce = 'bounce@recovery-e2e.example.com';
    sink.rejectRecipient(bounce);
    try {
      await applyStudent(system, cohortId, [], { email: bounce }, 2000);
      const row = await waitFor('the message to fail', async () => {
        const [failed] = await db().query("SELECT id FROM notifications WHERE cohort_id = ? AND status = 'failed'", [cohortId]);
        return failed as { id: number } | undefined;
      }, RECOVERY_TIMEOUT_MS);
      // As if the worker had died after BullMQ moved the job to failed but before it recorded the failure.
      await db().query("UPDATE notifications SET status = 'pending', attempts = 0, last_error = NULL WHERE id = ?", [row.id]);

      const recorded = await waitFor('the reconcile to record the failure', async () => {
        const [current] = await db().query('SELECT status, attempts, last_error FROM notifications WHERE id = ?', [row.id]);
        return current.status === 'failed' ? current : null;
      }, RECOVERY_TIMEOUT_MS, 250);
      expect(recorded).toMatchObject({ attempts: 1, last_error: expect.stringMatching(/550/) });
      await system.settled({ mail: true });
      expect(sink.messages).toHaveLength(0);
    } finally {
      sink.acceptRecipient(bounce);
    }
  }, 4 * RECOVERY_TIMEOUT_MS);
});
