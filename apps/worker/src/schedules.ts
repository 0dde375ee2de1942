import { AppConfig } from '@app/config';
import { QUEUE, RECONCILE, RETIRED_SCHEDULES, SCHEDULES } from '@app/domain';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';

/**
 * The periodic jobs: upserted at every boot, so several workers still keep exactly one schedule each. At boot and
 * whenever the Redis connection is ready again, the reconcile also runs at once: jobs Redis lost are restored within
 * moments of its return, not at the next tick (see RECONCILE).
 */
@Injectable()
export class Schedules implements OnApplicationBootstrap {
  private readonly logger = new Logger(Schedules.name);
  private readonly queues: Record<(typeof SCHEDULES)[number]['queue'], Queue>;

  constructor(
    private readonly config: AppConfig,
    @InjectQueue(QUEUE.outbox) private readonly outbox: Queue,
    @InjectQueue(QUEUE.offers) offers: Queue,
    @InjectQueue(QUEUE.pairs) pairs: Queue,
    @InjectQueue(QUEUE.privacy) privacy: Queue,
  ) {
    this.queues = { outbox, offers, pairs, privacy };
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const retired of RETIRED_SCHEDULES) await this.queues[retired.queue].removeJobScheduler(retired.id);
    await this.restore();
    // A Redis that comes back without its data (no persistence, a failover) has lost the schedules, and without
    // the relay nothing kept in the outbox would ever be handed over: set them again on every reconnection, and
    // reconcile at once, since the jobs of work already handed over are gone too.
    const client = await this.outbox.getBackend().client;
    client.on('ready', () => {
      this.restore().catch((error: Error) => this.logger.warn(`Could not restore the periodic jobs after reconnecting: ${error.message}`));
    });
  }

  private async restore(): Promise<void> {
    const every = { relay: this.config.OUTBOX_RELAY_INTERVAL_MS, sweep: this.config.OFFER_SWEEP_INTERVAL_MS, retention: this.config.RETENTION_INTERVAL_MS };
    for (const schedule of SCHEDULES) {
      await this.queues[schedule.queue].upsertJobScheduler(schedule.id, { every: every[schedule.every] }, { name: schedule.name, data: {} });
    }
    // No job id: a reconcile already waiting must not swallow this one, and a failed one kept in Redis must not either.
    await this.queues[RECONCILE.queue].add(RECONCILE.name, {});
  }
}
