import { JobName, NotificationSenderService, QUEUE, ResendLinkService } from '@app/domain';
import { OnWorkerEvent, Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { DomainWorkerHost } from './domain-worker-host';
import { Job, UnrecoverableError } from 'bullmq';
import { idFrom, isFinalAttempt } from './job-payload';

/**
 * One job per message; retries with exponential backoff come from the queue's options, the rate limit
 * (MAIL_RATE_PER_SECOND) from the SMTP pool: with bullmq 6.7.0 a worker given a `limiter` fetched no job at all.
 * A job mostly waits on MariaDB and SMTP round trips, so more jobs in flight than pool connections keep both busy.
 */
@Processor(QUEUE.notifications, { concurrency: 50 })
export class NotificationsProcessor extends DomainWorkerHost {
  private readonly logger = new Logger(NotificationsProcessor.name);

  constructor(
    private readonly sender: NotificationSenderService,
    private readonly resendLinks: ResendLinkService,
  ) {
    super();
  }

  protected async handle(job: Job): Promise<unknown> {
    const name = job.name as JobName<'notifications'>;
    switch (name) {
      case 'send':
        return { result: await this.sender.send(idFrom(job.data, 'notificationId')) };
      case 'resend-link':
        return this.resendLinks.handle(idFrom(job.data, 'linkRequestId'));
      default: {
        const unknown: never = name;
        throw new UnrecoverableError(`Unknown notifications job "${unknown}"`);
      }
    }
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job | undefined, error: Error): Promise<void> {
    if (!job || job.name !== 'send') return;
    const final = isFinalAttempt(job) || error instanceof UnrecoverableError;
    this.logger.warn({ message: 'Sending a notification failed', jobId: job.id, attempt: job.attemptsMade, final, error: error.message });
    // An event handler's rejection would be unhandled and stop the worker; a row left pending is requeued later.
    try {
      await this.sender.recordFailure(idFrom(job.data, 'notificationId'), error.message, final);
    } catch (recordError) {
      this.logger.error({ message: 'Could not record the failed attempt', jobId: job.id, error: (recordError as Error).message });
    }
  }
}
