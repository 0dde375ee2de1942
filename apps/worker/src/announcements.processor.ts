import { AnnouncementsService, JobName, QUEUE } from '@app/domain';
import { OnWorkerEvent, Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { DomainWorkerHost } from './domain-worker-host';
import { idFrom, isFinalAttempt } from './job-payload';

/**
 * Announcements' fan-outs: each job records the emails of one announcement's recipients, a chunk per transaction,
 * and hands their send jobs to the notifications queue; the sending is that queue's. A job killed mid-way is re-run
 * by BullMQ and goes on from its last chunk.
 */
@Processor(QUEUE.announcements, { concurrency: 2 })
export class AnnouncementsProcessor extends DomainWorkerHost {
  private readonly logger = new Logger(AnnouncementsProcessor.name);

  constructor(private readonly announcements: AnnouncementsService) {
    super();
  }

  protected async handle(job: Job): Promise<unknown> {
    const name = job.name as JobName<'announcements'>;
    switch (name) {
      case 'fan-out':
        return { recorded: await this.announcements.fanOut(idFrom(job.data, 'announcementId')) };
      default: {
        const unknown: never = name;
        throw new UnrecoverableError(`Unknown announcements job "${unknown}"`);
      }
    }
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job | undefined, error: Error): Promise<void> {
    if (!job) return;
    const final = isFinalAttempt(job) || error instanceof UnrecoverableError;
    this.logger.warn({ message: 'An announcement fan-out failed', jobId: job.id, attempt: job.attemptsMade, final, error: error.message });
    if (job.name !== 'fan-out' || !final) return;
    // An event handler's rejection would be unhandled and stop the worker; the reconcile records it later instead.
    try {
      await this.announcements.markFailed(idFrom(job.data, 'announcementId'), error.message);
    } catch (markError) {
      this.logger.error({ message: 'Could not mark the announcement failed', jobId: job.id, error: (markError as Error).message });
    }
  }
}
