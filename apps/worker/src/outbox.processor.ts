import { JobName, OutboxService, QUEUE } from '@app/domain';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';

/** The relay: hands over outbox rows whose after-commit dispatch did not happen (Redis down, process died). */
@Processor(QUEUE.outbox, { concurrency: 1 })
export class OutboxProcessor extends WorkerHost {
  constructor(private readonly outbox: OutboxService) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    const name = job.name as JobName<'outbox'>;
    switch (name) {
      case 'relay':
        return { dispatched: await this.outbox.relayPending() };
      default: {
        const unknown: never = name;
        throw new UnrecoverableError(`Unknown outbox job "${unknown}"`);
      }
    }
  }
}
