import { AppConfig } from '@app/config';
import { QUEUE } from '@app/domain';
import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Queue } from 'bullmq';

/** The periodic jobs: upserted at every boot, so several workers still keep exactly one schedule each. */
@Injectable()
export class Schedules implements OnApplicationBootstrap {
  constructor(
    private readonly config: AppConfig,
    @InjectQueue(QUEUE.outbox) private readonly outbox: Queue,
    @InjectQueue(QUEUE.offers) private readonly offers: Queue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.outbox.upsertJobScheduler('outbox-relay', { every: this.config.OUTBOX_RELAY_INTERVAL_MS }, { name: 'relay', data: {} });
    await this.offers.upsertJobScheduler('offers-sweep', { every: this.config.OFFER_SWEEP_INTERVAL_MS }, { name: 'sweep', data: {} });
  }
}
