import { JobName, MatchesService, QUEUE } from '@app/domain';
import { Processor } from '@nestjs/bullmq';
import { DomainWorkerHost } from './domain-worker-host';
import { Job, UnrecoverableError } from 'bullmq';
import { idFrom } from './job-payload';

/** Deadlines of proposals: the delayed expiry and reminder of each, and a periodic sweep as a safety net. */
@Processor(QUEUE.offers, { concurrency: 4 })
export class OffersProcessor extends DomainWorkerHost {
  constructor(private readonly matches: MatchesService) {
    super();
  }

  protected async handle(job: Job): Promise<unknown> {
    const name = job.name as JobName<'offers'>;
    switch (name) {
      case 'expire-proposal':
        return { expired: await this.matches.expire(idFrom(job.data, 'matchId')) };
      case 'remind-proposal':
        return { reminded: await this.matches.remind(idFrom(job.data, 'matchId')) };
      case 'sweep':
        return { expired: await this.matches.expireOverdue() };
      default: {
        const unknown: never = name;
        throw new UnrecoverableError(`Unknown offers job "${unknown}"`);
      }
    }
  }
}
