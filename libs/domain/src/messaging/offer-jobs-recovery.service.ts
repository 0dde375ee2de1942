import { Match } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, MoreThan } from 'typeorm';
import { offerJobs } from './jobs';
import { OutboxService, RESTORE_BATCH } from './outbox.service';

/**
 * The offers queue's part of the reconcile: every proposal still proposed needs the expiry at its deadline and, when
 * it was given one, the reminder a day before: the jobs `MatchesService.propose` emitted, rebuilt from the row with
 * the same builder (`offerJobs`, from its creation time). A restored expiry whose deadline has passed runs at once,
 * as the sweep would; a restored reminder whose time has passed runs at once and emails only while the proposal is
 * open and no reminder was recorded yet (its dedupe key), so a reminder already sent is not sent again.
 *
 * It lives beside its job builder rather than in MatchesService so that the reconcile's three parts (messages,
 * rounds, proposals) each stay one call.
 */
@Injectable()
export class OfferJobsRecoveryService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  async restoreLost(): Promise<number> {
    let restored = 0;
    for (let after = 0; ;) {
      const proposals = await this.dataSource.manager.find(Match, {
        select: { id: true, respondBy: true, createdAt: true },
        where: { status: 'proposed', id: MoreThan(after) },
        order: { id: 'ASC' },
        take: RESTORE_BATCH,
      });
      if (proposals.length === 0) return restored;
      after = proposals[proposals.length - 1].id;
      restored += (await this.outbox.restoreLost(proposals.flatMap((match) => offerJobs(match.id, match.respondBy, match.createdAt)))).restored.length;
    }
  }
}
