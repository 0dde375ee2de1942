import { JobName, QUEUE, SurveysService } from '@app/domain';
import { Processor } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';
import { DomainWorkerHost } from './domain-worker-host';
import { idFrom } from './job-payload';

/** Surveys' reminders, each a delayed job 48 h before its survey closes. */
@Processor(QUEUE.surveys, { concurrency: 2 })
export class SurveysProcessor extends DomainWorkerHost {
  constructor(private readonly surveys: SurveysService) {
    super();
  }

  protected async handle(job: Job): Promise<unknown> {
    const name = job.name as JobName<'surveys'>;
    switch (name) {
      case 'remind':
        return { reminded: await this.surveys.remind(idFrom(job.data, 'surveyId')) };
      default: {
        const unknown: never = name;
        throw new UnrecoverableError(`Unknown surveys job "${unknown}"`);
      }
    }
  }
}
