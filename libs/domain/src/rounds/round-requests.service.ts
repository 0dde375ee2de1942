import { LastRoundOutcome } from '@app/contracts';
import { duplicateKeyOf, Round, RoundAssignment, RoundInstance } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomInt } from 'node:crypto';
import { DataSource, In, LessThan } from 'typeorm';
import { CohortsService } from '../cohorts/cohorts.service';
import { ConflictError, NotFoundError } from '../errors/domain-errors';
import { requeuedRoundJob, runRoundJob } from '../messaging/jobs';
import { OutboxService } from '../messaging/outbox.service';

export interface RoundRequest {
  dryRun?: boolean;
  seed?: number;
}

/** Rounds as records: requesting one, reading them and their results, and the bookkeeping of lost or failed jobs. */
@Injectable()
export class RoundRequestsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly cohorts: CohortsService,
  ) {}

  /** Records a queued round and its job together; one queued-or-running round per cohort (schema-enforced). */
  async request(cohortId: number, request: RoundRequest, requestedBy: string): Promise<Round> {
    return this.outbox.transaction(async (tx) => {
      await this.cohorts.lockForMatching(tx.manager, cohortId);
      const last = await tx.manager.findOne(Round, { where: { cohortId }, order: { number: 'DESC' } });
      try {
        const round = await tx.manager.save(tx.manager.create(Round, {
          cohortId,
          number: (last?.number ?? 0) + 1,
          status: 'queued',
          dryRun: request.dryRun ?? false,
          seed: request.seed ?? randomInt(0, 2 ** 32 - 1),
          requestedBy,
        }));
        tx.emit(runRoundJob(round.id));
        return round;
      } catch (error) {
        if (duplicateKeyOf(error) === 'uq_round_active') throw new ConflictError(`A round of cohort ${cohortId} is already queued or running`);
        throw error;
      }
    });
  }

  list(cohortId: number): Promise<Round[]> {
    return this.dataSource.manager.find(Round, { where: { cohortId }, order: { number: 'DESC' } });
  }

  async get(roundId: number): Promise<Round> {
    const round = await this.dataSource.manager.findOneBy(Round, { id: roundId });
    if (!round) throw new NotFoundError(`Round ${roundId} not found`);
    return round;
  }

  async assignments(roundId: number): Promise<RoundAssignment[]> {
    await this.get(roundId);
    return this.dataSource.manager.find(RoundAssignment, { where: { roundId }, order: { studentId: 'ASC' } });
  }

  async instance(roundId: number): Promise<string> {
    const round = await this.get(roundId);
    const row = await this.dataSource.manager.findOneBy(RoundInstance, { roundId });
    if (!row) throw new ConflictError(`Round ${roundId} is ${round.status}; its instance exists once it has completed`);
    return row.instance;
  }

  /** The student's outcome in the latest real round, with the plain-words explanation of it. */
  async lastOutcomeOf(studentId: number): Promise<LastRoundOutcome | null> {
    const row = await this.dataSource.manager
      .createQueryBuilder(RoundAssignment, 'assignment')
      .innerJoin(Round, 'round', 'round.id = assignment.roundId')
      .select(['assignment.mentorId AS mentorId', 'assignment.choiceRank AS choiceRank', 'assignment.explanation AS explanation', 'round.number AS roundNumber'])
      .where('assignment.studentId = :studentId', { studentId })
      .andWhere("round.status = 'completed'")
      .andWhere('round.dryRun = false')
      .orderBy('round.number', 'DESC')
      .limit(1)
      .getRawOne<{ mentorId: number | null; choiceRank: number | null; explanation: RoundAssignment['explanation'] | string; roundNumber: number }>();
    if (!row) return null;
    // A raw select returns the JSON column as text on MariaDB and parsed on MySQL 8.
    const explanation = typeof row.explanation === 'string' ? (JSON.parse(row.explanation) as RoundAssignment['explanation']) : row.explanation;
    return {
      roundNumber: row.roundNumber,
      matched: row.mentorId !== null,
      choiceRank: row.choiceRank,
      summary: explanation.summary,
      reasons: explanation.reasons.map(({ rank, reason, text }) => ({ rank, reason, text })),
    };
  }

  /** Rounds queued or running far longer than a round takes have lost their job (Redis lost its data). */
  async requeueStale(staleAfterMs = 15 * 60_000): Promise<number> {
    const stale = await this.dataSource.manager.find(Round, {
      select: { id: true, createdAt: true },
      where: { status: In(['queued', 'running']), createdAt: LessThan(new Date(Date.now() - staleAfterMs)) },
    });
    const period = Math.floor(Date.now() / staleAfterMs);
    return this.outbox.requeue(stale.map((round) => requeuedRoundJob(round.id, period)));
  }

  /** After the last attempt failed: the round is marked failed with its error, freeing the cohort for another. */
  async markFailed(roundId: number, error: string): Promise<void> {
    await this.dataSource.manager.update(Round,
      { id: roundId, status: In(['queued', 'running']) },
      { status: 'failed', error: error.slice(0, 5000), finishedAt: new Date() },
    );
  }
}
