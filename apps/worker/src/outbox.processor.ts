import { JobName, NotificationsService, OutboxService, QUEUE, RoundRequestsService } from '@app/domain';
import { Processor } from '@nestjs/bullmq';
import { DomainWorkerHost } from './domain-worker-host';
import { Job, UnrecoverableError } from 'bullmq';

/**
 * The relay hands over outbox rows whose after-commit dispatch did not happen (Redis down, process died); the
 * requeue jobs catch work whose job was handed over but lost with Redis's data.
 */
@Processor(QUEUE.outbox, { concurrency: 1 })
export class OutboxProcessor extends DomainWorkerHost {
  constructor(
    private readonly outbox: OutboxService,
    private readonly notifications: NotificationsService,
    private readonly rounds: RoundRequestsService,
  ) {
    super();
  }

  protected async handle(job: Job): Promise<unknown> {
    const name = job.name as JobName<'outbox'>;
    switch (name) {
      case 'relay':
        return { dispatched: await this.outbox.relayPending() };
      case 'requeue-stale-notifications':
        return { requeued: await this.notifications.requeueStale() };
      case 'requeue-stale-rounds':
        return { requeued: await this.rounds.requeueStale() };
      default: {
        const unknown: never = name;
        throw new UnrecoverableError(`Unknown outbox job "${unknown}"`);
      }
    }
  }
}
