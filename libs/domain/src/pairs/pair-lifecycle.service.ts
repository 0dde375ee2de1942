import { CompletionResult, EndReason, PairRow } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { CohortsService } from '../cohorts/cohorts.service';
import { Actor, MatchesService } from '../matches/matches.service';
import { OutboxService } from '../messaging/outbox.service';
import { PairQueriesService } from './pair-queries.service';

/** What coordinators do to pairs: end one with a reason, and complete (结业) a cohort's pairs all at once. */
@Injectable()
export class PairLifecycleService {
  constructor(
    private readonly outbox: OutboxService,
    private readonly cohorts: CohortsService,
    private readonly matches: MatchesService,
    private readonly queries: PairQueriesService,
  ) {}

  async end(matchId: number, actor: Actor, reason: EndReason, note: string | null): Promise<PairRow<Date>> {
    await this.matches.end(matchId, actor, reason, note);
    return this.queries.row(matchId);
  }

  /** Every accepted pair becomes completed and check-ins stop; a second completion is 409. */
  async complete(cohortId: number, actor: Actor): Promise<CompletionResult<Date>> {
    return this.outbox.transaction(async (tx) => {
      const cohort = await this.cohorts.lockForCompletion(tx.manager, cohortId);
      const completedPairs = await this.matches.completeAll(tx, cohortId, actor);
      return { cohortId, completedAt: cohort.completedAt!, completedPairs };
    });
  }
}
