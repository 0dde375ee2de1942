import {
  AnnouncementsService, CheckInsService, JobName, NotificationsService, OfferJobsRecoveryService, OutboxService, QUEUE, ResendLinkService, RoundRequestsService, SurveysService,
} from '@app/domain';
import { Processor } from '@nestjs/bullmq';
import { DomainWorkerHost } from './domain-worker-host';
import { Job, UnrecoverableError } from 'bullmq';

/**
 * The relay hands over outbox rows whose after-commit dispatch did not happen (Redis down, process died); the
 * reconcile restores, under their own ids, the jobs of pending work that Redis lost after they were handed over
 * (a restart without its data, a failover): messages, rounds and their follow-ups, proposals' expiries and reminders,
 * pairs' next check-ins, surveys' reminders, resend-link requests, announcements' fan-outs.
 */
@Processor(QUEUE.outbox, { concurrency: 1 })
export class OutboxProcessor extends DomainWorkerHost {
  constructor(
    private readonly outbox: OutboxService,
    private readonly notifications: NotificationsService,
    private readonly rounds: RoundRequestsService,
    private readonly offers: OfferJobsRecoveryService,
    private readonly checkIns: CheckInsService,
    private readonly surveys: SurveysService,
    private readonly resendLinks: ResendLinkService,
    private readonly announcements: AnnouncementsService,
  ) {
    super();
  }

  protected async handle(job: Job): Promise<unknown> {
    const name = job.name as JobName<'outbox'>;
    switch (name) {
      case 'relay':
        return { dispatched: await this.outbox.relayPending() };
      case 'reconcile':
        return {
          notifications: await this.notifications.recoverLostJobs(),
          rounds: await this.rounds.recoverLostJobs(),
          offers: await this.offers.restoreLost(),
          checkIns: await this.checkIns.restoreLost(),
          surveyReminders: await this.surveys.restoreLost(),
          linkRequests: await this.resendLinks.restoreLost(),
          announcements: await this.announcements.recoverLostJobs(),
        };
      default: {
        const unknown: never = name;
        throw new UnrecoverableError(`Unknown outbox job "${unknown}"`);
      }
    }
  }
}
