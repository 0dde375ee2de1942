import { Cohort, Match, Round } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ConflictError } from '../errors/domain-errors';
import { loadRoundPool } from './round-pool';
import { RoundRequestsService } from './round-requests.service';

/**
 * The autoRounds policy: once every proposal of the cohort's latest real round is resolved, the next round is
 * queued by itself if it can place anyone. Asked after each resolved proposal of a round (the follow-up job).
 */
@Injectable()
export class AutoRoundsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly requests: RoundRequestsService,
  ) {}

  async followUp(roundId: number): Promise<Round | null> {
    const round = await this.requests.get(roundId);
    const cohort = await this.dataSource.manager.findOneByOrFail(Cohort, { id: round.cohortId });
    if (!cohort.autoRounds || round.dryRun) return null;
    const open = await this.dataSource.manager.countBy(Match, { roundId, status: 'proposed' });
    if (open > 0) return null;
    const latest = await this.dataSource.manager.findOne(Round, { where: { cohortId: cohort.id }, order: { number: 'DESC' } });
    if (latest?.id !== roundId) return null;
    const pool = await loadRoundPool(this.dataSource.manager, cohort);
    const canPlace = pool.students.length > 0 && pool.mentors.some(({ remaining }) => remaining > 0);
    if (!canPlace) return null;
    try {
      return await this.requests.request(cohort.id, {}, 'system: autoRounds');
    } catch (error) {
      // Another follow-up (or a coordinator) queued the next round first.
      if (error instanceof ConflictError) return null;
      throw error;
    }
  }
}
