import { NotFoundError, PermanentError } from '@app/domain';
import { WorkerHost } from '@nestjs/bullmq';
import { Job, UnrecoverableError } from 'bullmq';

/**
 * A queue's processor: `handle` runs each job, and a job ends for good when the domain says no retry can help
 * (the work is permanently impossible, or what it is about does not exist and will not appear). Every other
 * error fails the attempt, and the queue's options schedule the next one.
 */
export abstract class DomainWorkerHost extends WorkerHost {
  async process(job: Job): Promise<unknown> {
    try {
      return await this.handle(job);
    } catch (error) {
      if (error instanceof PermanentError || error instanceof NotFoundError) throw new UnrecoverableError(error.message);
      throw error;
    }
  }

  protected abstract handle(job: Job): Promise<unknown>;
}
