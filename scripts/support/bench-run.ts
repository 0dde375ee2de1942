import { Queue } from 'bullmq';
import * as os from 'node:os';
import { jobOptions, retryNotificationJob } from '../../libs/domain/src/messaging/jobs';
import { QUEUE } from '../../libs/domain/src/messaging/queues';
import { TestSystem, waitFor } from '../../test/support/system';
import type { SinkMessage } from '../smtp-sink';

/** What the benchmarks that boot the apps share: the machine's load, the emails their sink receives, their clean-up. */

export const loadAverage = () => os.loadavg().map((load) => load.toFixed(2)).join(' ');
export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
export const perSecond = (count: number, ms: number) => `${Math.round((count * 1000) / ms)}/s`;

/** Every email a benchmark's SMTP sink received, per phase (cleared between them): when, to whom, with which Message-ID. */
export class Arrivals {
  times: number[] = [];
  recipients = new Set<string>();
  messageIds = new Set<string>();
  record(message: Pick<SinkMessage, 'envelope' | 'messageId'>): void {
    this.times.push(performance.now());
    for (const address of message.envelope.to) this.recipients.add(address);
    if (message.messageId) this.messageIds.add(message.messageId);
  }
  reset(): void {
    this.times = [];
    this.recipients.clear();
    this.messageIds.clear();
  }
  get spanMs(): number {
    return this.times[this.times.length - 1] - this.times[0];
  }
}

/** Waits for `count` emails at the sink, printing progress every `every`; returns once they are all in. */
export async function allArrived(arrivals: Arrivals, count: number, started: number, every: number): Promise<void> {
  let reported = 0;
  await waitFor(`${count} emails at the sink`, async () => {
    if (arrivals.times.length >= reported + every) {
      reported = arrivals.times.length;
      console.log(`  ${reported} received after ${seconds(performance.now() - started)}`);
    }
    return arrivals.times.length >= count;
  }, 900_000, 50);
}

/**
 * The anchor of an email rate: the emails `where` picks (a condition on notifications, SQL) sent again through the
 * notifications queue alone, set back to pending and queued as a coordinator's retry would queue them. Prints the
 * rate, first to last email and jobs added to last, and returns the emails per second from jobs added to last.
 */
export async function resendEmails(system: TestSystem, queue: Queue, arrivals: Arrivals, where: { sql: string; params: unknown[] }): Promise<number> {
  const db = system.db.dataSource;
  // Sending marks a row sent only after the SMTP accept: wait until the last ones are marked before resetting.
  await waitFor('every email marked sent', async () => Number((await db.query(`SELECT COUNT(*) AS n FROM notifications WHERE ${where.sql} AND status <> 'sent'`, where.params))[0].n) === 0);
  const rows: Array<{ id: number; attempts: number }> = await db.query(`SELECT id, attempts FROM notifications WHERE ${where.sql} ORDER BY id`, where.params);
  await db.query(`UPDATE notifications SET status = 'pending', sent_at = NULL WHERE ${where.sql}`, where.params);
  arrivals.reset();
  const started = performance.now();
  for (let start = 0; start < rows.length; start += 1000) {
    await queue.addBulk(rows.slice(start, start + 1000).map(({ id, attempts }) => {
      const job = retryNotificationJob(id, attempts);
      return { name: job.name, data: job.payload, opts: jobOptions(job.jobId, job.runAt) };
    }));
  }
  await allArrived(arrivals, rows.length, started, 5000);
  const total = performance.now() - started;
  const span = arrivals.spanMs;
  console.log(`   anchor, the same ${rows.length} emails through the notifications queue alone:`);
  console.log(`   first → last email: ${seconds(span)}: ${perSecond(rows.length, span)} emails; jobs added → last: ${seconds(total)}: ${perSecond(rows.length, total)} emails`);
  return Math.round((rows.length * 1000) / total);
}

/** Stops the worker, then removes every queue of the run's prefix, then stops the API and drops the database. */
export async function stopBenchSystem(system: TestSystem): Promise<void> {
  await system.worker.stop();
  for (const name of Object.values(QUEUE)) {
    const queue = new Queue(name, { connection: { url: system.env.REDIS_URL }, prefix: system.env.QUEUE_PREFIX });
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
  await system.stop();
}
