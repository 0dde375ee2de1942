import { AppConfig } from '@app/config';
import { QUEUE } from '@app/domain';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';

/** The periodic jobs: upserted at every boot, so several workers still keep exactly one schedule each. */
@Injectable()
export class Schedules implements OnApplicationBootstrap {
  private readonly logger = new Logger(Schedules.name);

  constructor(
    private readonly config: AppConfig,
    @InjectQueue(QUEUE.outbox) private readonly outbox: Queue,
    @InjectQueue(QUEUE.offers) private readonly offers: Queue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.upsert();
    // A Redis that comes back without its data (no persistence, a failover) has lost the schedules, and without
    // the relay nothing kept in the outbox would ever be handed over: set them again on every reconnection.
    const client = await this.outbox.getBackend().client;
    client.on('ready', () => {
      this.upsert().catch((error: Error) => this.logger.warn(`Could not restore the periodic jobs after reconnecting: ${error.message}`));
    });
  }

  private async upsert(): Promise<void> {
    await this.outbox.upsertJobScheduler('outbox-relay', { every: this.config.OUTBOX_RELAY_INTERVAL_MS }, { name: 'relay', data: {} });
    for (const name of ['requeue-stale-notifications', 'requeue-stale-rounds'] as const) {
      await this.outbox.upsertJobScheduler(name, { every: this.config.OUTBOX_RELAY_INTERVAL_MS }, { name, data: {} });
    }
    await this.offers.upsertJobScheduler('offers-sweep', { every: this.config.OFFER_SWEEP_INTERVAL_MS }, { name: 'sweep', data: {} });
  }
}
