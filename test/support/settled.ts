import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';

/**
 * "Nothing more is going to happen": the probe a test runs before asserting that something did NOT happen.
 * It polls the apps' shared state (the outbox table, the BullMQ queues, optionally the notifications) until
 * no work is outstanding and nothing changed between two consecutive polls; then anything the system was
 * going to do in response to the test's requests has been done, and its absence is meaningful.
 */

/**
 * The apps' BullMQ queues (QUEUE in libs/domain). Named here rather than imported so that the probe does not
 * load the domain library into the test process; the security suite checks the dashboard lists exactly these.
 */
export const QUEUE_NAMES = ['matching', 'offers', 'notifications', 'outbox', 'pairs', 'surveys', 'announcements', 'privacy'] as const;

/**
 * Job states meaning "about to run or running". Delayed jobs are not outstanding: proposal expiries and
 * reminders wait for days, check-ins for their period, retries wait out a backoff, and each job scheduler (the
 * outbox relay, the offers and check-ins sweeps) always has its next tick delayed.
 */
const BUSY_STATES = ['waiting', 'active', 'prioritized', 'waiting-children'] as const;
/** Counted only so that a job that started and finished between two polls shows as a change. */
const FINISHED_STATES = ['completed', 'failed'] as const;

export interface SettleOptions {
  /**
   * Also require that no notification is pending (every message sent or failed for good). Only for a
   * system whose worker has an SMTP server: without one every send is retried for half a minute, then fails.
   */
  mail?: boolean;
  /**
   * Redis is down on purpose, so no job can be handed over or run: settled then means every outbox row not
   * handed over has had its after-commit hand-over tried and failed (the system has done all it can without
   * Redis), and the queues are not read.
   */
  redisDown?: boolean;
  timeoutMs?: number;
  everyMs?: number;
}

export interface SettleTarget {
  dataSource: DataSource;
  redisUrl: string;
  queuePrefix: string;
}

interface Observation {
  /** What is still to be done, in words; empty once drained. */
  outstanding: string[];
  /** Counters that move whenever anything runs: equal on two polls means nothing ran in between. */
  fingerprint: string;
}

/** Resolves once the system is drained and stays so over two consecutive polls; rejects naming what is outstanding. */
export async function waitUntilSettled(target: SettleTarget, options: SettleOptions = {}): Promise<void> {
  const { timeoutMs = 30_000, everyMs = 100 } = options;
  const queues = options.redisDown ? [] : QUEUE_NAMES.map((name) => openQueue(name, target));
  const deadline = Date.now() + timeoutMs;
  let previous: Observation | null = null;
  let last = 'nothing observed yet';
  try {
    for (;;) {
      try {
        const current = await observe(target, queues, options);
        // Stable: drained now, and drained with the same counters one poll ago, so no job ran or ended in between
        // (a job that finishes can enqueue another: a follow-up after the last answer, an email after a round).
        if (current.outstanding.length === 0 && previous?.outstanding.length === 0 && previous.fingerprint === current.fingerprint) return;
        last = current.outstanding.length > 0 ? current.outstanding.join('; ') : 'drained, but work ran since the previous poll';
        previous = current;
      } catch (error) {
        last = `the probe failed: ${(error as Error).message}`;
        previous = null;
      }
      if (Date.now() + everyMs > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for the system to settle; still outstanding: ${last}`);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  } finally {
    await Promise.all(queues.map((queue) => queue.close()));
  }
}

function openQueue(name: string, target: SettleTarget): Queue {
  const queue = new Queue(name, { connection: { url: target.redisUrl }, prefix: target.queuePrefix });
  // A connection error surfaces as a failed getJobCounts below; unheard, the 'error' event would crash jest.
  queue.on('error', () => undefined);
  return queue;
}

/**
 * The queues are read before the database: work not in a queue at that moment is still an outbox row (a row is
 * marked handed over only after its job is added), so the outbox read shows it, unless it was handed over in
 * between; then the next poll finds its job busy, or finished and counted, and the fingerprints differ.
 */
async function observe(target: SettleTarget, queues: Queue[], options: SettleOptions): Promise<Observation> {
  const outstanding: string[] = [];
  const fingerprint: unknown[] = [];

  for (const queue of queues) {
    const counts = await queue.getJobCounts(...BUSY_STATES, ...FINISHED_STATES);
    const busy = BUSY_STATES.filter((state) => counts[state] > 0).map((state) => `${counts[state]} ${state}`);
    if (busy.length > 0) outstanding.push(`queue ${queue.name}: ${busy.join(', ')}`);
    fingerprint.push(queue.name, ...FINISHED_STATES.map((state) => counts[state]));
  }

  const db = target.dataSource;
  const notHandedOver: Array<{ id: string; queue: string; job_name: string; dispatch_attempts: number }> = await db.query(
    'SELECT id, queue, job_name, dispatch_attempts FROM outbox WHERE dispatched_at IS NULL ORDER BY id');
  const waitingForHandOver = options.redisDown ? notHandedOver.filter((row) => Number(row.dispatch_attempts) === 0) : notHandedOver;
  if (waitingForHandOver.length > 0) {
    outstanding.push(`${waitingForHandOver.length} outbox row(s) not handed to BullMQ${options.redisDown ? ' nor tried' : ''} (${listed(waitingForHandOver.map((row) => `#${row.id} ${row.queue}/${row.job_name}`))})`);
  }
  const [outbox] = await db.query('SELECT COUNT(*) AS n, COALESCE(SUM(dispatch_attempts), 0) AS attempts FROM outbox');
  fingerprint.push(outbox.n, outbox.attempts, notHandedOver.length);

  // Statuses, not attempts: a retry that failed again changed nothing else, and without SMTP retries go on for a while.
  const notifications: Array<{ status: string; n: string }> = await db.query('SELECT status, COUNT(*) AS n FROM notifications GROUP BY status ORDER BY status');
  fingerprint.push(...notifications.flatMap((row) => [row.status, row.n]));
  if (options.mail) {
    const pending: Array<{ id: string; type: string; recipient_email: string }> = await db.query(
      "SELECT id, type, recipient_email FROM notifications WHERE status = 'pending' ORDER BY id");
    if (pending.length > 0) outstanding.push(`${pending.length} notification(s) pending (${listed(pending.map((row) => `#${row.id} ${row.type} to ${row.recipient_email}`))})`);
  }

  return { outstanding, fingerprint: JSON.stringify(fingerprint) };
}

/** The first few items of a long list, so that a timeout message stays readable. */
function listed(items: string[], shown = 5): string {
  return items.length <= shown ? items.join(', ') : `${items.slice(0, shown).join(', ')}, … ${items.length - shown} more`;
}
