import { Queue } from 'bullmq';
import * as os from 'node:os';
import { QUEUE } from '../../libs/domain/src/messaging/queues';
import { TestSystem, waitFor } from '../../test/support/system';
import type { SinkMessage } from '../smtp-sink';

/** What the benchmarks that boot the apps share: the machine's load, the emails their sink receives, their clean-up. */

export const loadAverage = () => os.loadavg().map((load) => load.toFixed(2)).join(' ');
export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

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
