import { AutoRoundsService, JobName, QUEUE, RoundRequestsService, RoundRunnerService } from '@app/domain';
import { OnWorkerEvent, Processor } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { DomainWorkerHost } from './domain-worker-host';
import { Job, UnrecoverableError } from 'bullmq';
import { idFrom, isFinalAttempt } from './job-payload';

/** One job per round. A worker killed mid-round leaves no partial round: BullMQ re-runs the stalled job. */
@Processor(QUEUE.matching, { concurrency: 1, lockDuration: 15_000, stalledInterval: 5_000, maxStalledCount: 3 })
export class MatchingProcessor extends DomainWorkerHost {
  private readonly logger = new Logger(MatchingProcessor.name);

  constructor(
    private readonly runner: RoundRunnerService,
    private readonly requests: RoundRequestsService,
    private readonly autoRounds: AutoRoundsService,
  ) {
    super();
  }

  protected async handle(job: Job): Promise<unknown> {
    const name = job.name as JobName<'matching'>;
    switch (name) {
      case 'run-round': {
        const round = await this.runner.run(idFrom(job.data, 'roundId'));
        return { status: round.status };
      }
      case 'follow-up': {
        const next = await this.autoRounds.followUp(idFrom(job.data, 'roundId'));
        return { nextRoundId: next?.id ?? null };
      }
      default: {
        const unknown: never = name;
        throw new UnrecoverableError(`Unknown matching job "${unknown}"`);
      }
    }
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job | undefined, error: Error): Promise<void> {
    if (!job) return;
    this.logger.error({ message: 'Matching job failed', job: job.name, jobId: job.id, attempt: job.attemptsMade, error: error.message, stack: error.stack });
    if (job.name !== 'run-round' || !(isFinalAttempt(job) || error instanceof UnrecoverableError)) return;
    // An event handler's rejection would be unhandled and stop the worker: log it instead.
    try {
      await this.requests.markFailed(idFrom(job.data, 'roundId'), error.message);
    } catch (markError) {
      this.logger.error({ message: 'Could not mark the round failed', jobId: job.id, error: (markError as Error).message });
    }
  }
}
