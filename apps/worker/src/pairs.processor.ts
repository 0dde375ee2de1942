import { CheckInsService, JobName, QUEUE } from '@app/domain';
import { Processor } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import { DomainWorkerHost } from './domain-worker-host';
import { idFrom } from './job-payload';

/** Pairs' check-ins: the delayed job of each period, and a periodic sweep as the safety net. */
@Processor(QUEUE.pairs, { concurrency: 8 })
export class PairsProcessor extends DomainWorkerHost {
  constructor(private readonly checkIns: CheckInsService) {
    super();
  }

  protected async handle(job: Job): Promise<unknown> {
    const name = job.name as JobName<'pairs'>;
    switch (name) {
      case 'check-in':
        return { sent: await this.checkIns.sendDue(idFrom(job.data, 'matchId'), idFrom(job.data, 'period')) };
      case 'sweep':
        return { sent: await this.checkIns.sweep() };
      default: {
        const unknown: never = name;
        throw new UnrecoverableError(`Unknown pairs job "${unknown}"`);
      }
    }
  }
}
