import { JobName, PrivacyService, QUEUE } from '@app/domain';
import { Processor } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import { DomainWorkerHost } from './domain-worker-host';

/** DESIGN §10's retention: the daily job that anonymises archived cohorts past their `retainDays`. */
@Processor(QUEUE.privacy, { concurrency: 1 })
export class PrivacyProcessor extends DomainWorkerHost {
  constructor(private readonly privacy: PrivacyService) {
    super();
  }

  protected async handle(job: Job): Promise<unknown> {
    const name = job.name as JobName<'privacy'>;
    switch (name) {
      case 'retention':
        return { anonymised: (await this.privacy.applyRetention()).map((result) => result.cohortId) };
      default: {
        const unknown: never = name;
        throw new UnrecoverableError(`Unknown privacy job "${unknown}"`);
      }
    }
  }
}
