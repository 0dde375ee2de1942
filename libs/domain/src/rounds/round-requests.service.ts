import { ACTIVE_MATCH_STATUSES, AssignmentView, LastRoundOutcome, RoundPlacement, RoundResults } from '@app/contracts';
import { duplicateKeyOf, Match, MentorApplication, OutboxMessage, Round, RoundAssignment, RoundInstance, StudentApplication } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomInt } from 'node:crypto';
import { DataSource, EntityManager, In, LessThan, Like } from 'typeorm';
import { CohortsService } from '../cohorts/cohorts.service';
import { ConflictError, NotFoundError } from '../errors/domain-errors';
import { followUpJobIdPrefix, roundFollowUpJob, runRoundJob } from '../messaging/jobs';
import { OutboxService } from '../messaging/outbox.service';
import { OutboxJob } from '../messaging/queues';
import { compareRounds } from './round-comparison';
import { explanationView } from './round-copy';

export interface RoundRequest {
  dryRun?: boolean;
  seed?: number;
}

export interface RequestOptions {
  /**
   * Refuse a real round when no approved student is waiting for a mentor (409 nobody_to_place): a coordinator
   * asking for one right after another would otherwise run a round of nobody (round 4 once ran with 0 students).
   */
  refuseEmptyPool?: boolean;
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
  async request(cohortId: number, request: RoundRequest, requestedBy: string, options: RequestOptions = {}): Promise<Round> {
    return this.outbox.transaction(async (tx) => {
      await this.cohorts.lockForMatching(tx.manager, cohortId);
      if (options.refuseEmptyPool && !request.dryRun && (await waitingStudents(tx.manager, cohortId)) === 0) {
        throw new ConflictError(`Cohort ${cohortId} has no approved student without a proposal or match to place`, 'nobody_to_place');
      }
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
        if (duplicateKeyOf(error) === 'uq_round_active') throw new ConflictError(`A round of cohort ${cohortId} is already queued or running`, 'round_in_progress');
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

  /** Every student's assignment in the round, with its explanation in words. */
  async assignments(roundId: number): Promise<AssignmentView[]> {
    await this.get(roundId);
    const rows = await this.dataSource.manager.find(RoundAssignment, { where: { roundId }, order: { studentId: 'ASC' } });
    return rows.map(({ explanation, ...row }) => ({ ...row, explanation: explanationView(explanation, row.mentorId !== null) }));
  }

  /** Who got whom, without the explanations (a results page of 100,000 students need not word them). */
  private placements(roundId: number): Promise<Array<Omit<RoundAssignment, 'explanation'>>> {
    return this.dataSource.manager.find(RoundAssignment, {
      select: { roundId: true, studentId: true, mentorId: true, choiceRank: true }, where: { roundId }, order: { studentId: 'ASC' },
    });
  }

  /** A completed round's placements with names, and how they differ from the latest completed round before it. */
  async results(roundId: number): Promise<RoundResults> {
    const round = await this.get(roundId);
    if (round.status !== 'completed') throw new ConflictError(`Round ${roundId} is ${round.status}; its results exist once it has completed`, 'round_not_completed');
    const previous = await this.dataSource.manager.findOne(Round, {
      where: { cohortId: round.cohortId, status: 'completed', number: LessThan(round.number) }, order: { number: 'DESC' },
    });
    const [assignments, earlier] = await Promise.all([
      this.placements(roundId),
      previous ? this.placements(previous.id) : Promise.resolve([]),
    ]);
    const studentIds = [...new Set([...assignments, ...earlier].map((assignment) => assignment.studentId))];
    const mentorIds = [...new Set([...assignments, ...earlier].flatMap((assignment) => (assignment.mentorId === null ? [] : [assignment.mentorId])))];
    const [students, mentors] = await Promise.all([
      studentIds.length ? this.dataSource.manager.find(StudentApplication, { select: { id: true, name: true, studentNumber: true }, where: { id: In(studentIds) } }) : [],
      mentorIds.length ? this.dataSource.manager.find(MentorApplication, { select: { id: true, name: true }, where: { id: In(mentorIds) } }) : [],
    ]);
    const studentOf = new Map(students.map((student) => [student.id, student]));
    const mentorName = new Map(mentors.map((mentor) => [mentor.id, mentor.name]));
    const reasonOf = new Map((round.stats?.unmatchedReasons ?? []).map((item) => [item.studentId, item.reason]));
    const placementsOf = (rows: Array<Omit<RoundAssignment, 'explanation'>>): RoundPlacement[] => rows.map((assignment) => ({
      studentId: assignment.studentId,
      studentName: studentOf.get(assignment.studentId)?.name ?? '',
      studentNumber: studentOf.get(assignment.studentId)?.studentNumber ?? '',
      mentorId: assignment.mentorId,
      mentorName: assignment.mentorId === null ? null : (mentorName.get(assignment.mentorId) ?? ''),
      choiceRank: assignment.choiceRank,
      unmatchedReason: assignment.mentorId === null ? (reasonOf.get(assignment.studentId) ?? null) : null,
    }));
    const placements = placementsOf(assignments);
    return {
      roundId,
      placements,
      previous: previous ? { id: previous.id, number: previous.number, dryRun: previous.dryRun } : null,
      changes: compareRounds(placements, placementsOf(earlier)),
    };
  }

  async instance(roundId: number): Promise<string> {
    const round = await this.get(roundId);
    const parts = await this.dataSource.manager.find(RoundInstance, { where: { roundId }, order: { part: 'ASC' } });
    if (parts.length === 0) throw new ConflictError(`Round ${roundId} is ${round.status}; its instance exists once it has completed`, 'round_not_completed');
    return parts.map((row) => row.instance).join('');
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
    const stored = typeof row.explanation === 'string' ? (JSON.parse(row.explanation) as RoundAssignment['explanation']) : row.explanation;
    const { summary, reasons } = explanationView(stored, row.mentorId !== null);
    return {
      roundNumber: row.roundNumber,
      matched: row.mentorId !== null,
      choiceRank: row.choiceRank,
      summary,
      reasons: reasons.map(({ mentorId, rank, reason, exclusion, text }) => ({ mentorId, rank, reason, ...(exclusion !== undefined && { exclusion }), text })),
    };
  }

  /**
   * The rounds' part of the reconcile. A round queued or running needs its run job in Redis; the latest real round of
   * an autoRounds cohort, once none of its proposals is open, needs the follow-up emitted by the last answer (it
   * queues the next round). A job Redis no longer holds (lost with its data) is added again under its own id: the
   * round runs once (a run of a finished round does nothing, and a run's final transaction commits only while the
   * round is running), the follow-up decides once. A run Redis holds as failed while the round is still queued or
   * running failed for good without the worker recording it (it died in between): the round is marked failed now,
   * which frees the cohort for another.
   */
  async recoverLostJobs(): Promise<{ restored: number; failed: number }> {
    const active = await this.dataSource.manager.find(Round, { select: { id: true }, where: { status: In(['queued', 'running']) } });
    const runs = await this.outbox.restoreLost(active.map((round) => runRoundJob(round.id)));
    for (const { job, failedReason } of runs.failed) await this.markFailed((job.payload as { roundId: number }).roundId, failedReason);
    const followUps = await this.outbox.restoreLost(await this.dueFollowUps());
    return { restored: runs.restored.length + followUps.restored.length, failed: runs.failed.length };
  }

  /** The follow-up a latest real round of an autoRounds cohort needs once no proposal of it is open: the last one emitted. */
  private async dueFollowUps(): Promise<OutboxJob[]> {
    // One statement for every cohort rather than a round trip per cohort; the open-proposal probe can use (cohort_id, status).
    const rounds: Array<{ id: number | string }> = await this.dataSource.query(`
      SELECT r.id FROM rounds r JOIN cohorts c ON c.id = r.cohort_id
      WHERE c.auto_rounds = TRUE AND r.status = 'completed' AND r.dry_run = FALSE
        AND r.number = (SELECT MAX(latest.number) FROM rounds latest WHERE latest.cohort_id = r.cohort_id)
        AND NOT EXISTS (SELECT 1 FROM matches m WHERE m.cohort_id = r.cohort_id AND m.status = 'proposed' AND m.round_id = r.id)`);
    const jobs: OutboxJob[] = [];
    for (const round of rounds) {
      const roundId = Number(round.id);
      const prefix = followUpJobIdPrefix(roundId);
      const [last] = await this.dataSource.manager.find(OutboxMessage, {
        select: { id: true, jobId: true }, where: { jobId: Like(`${prefix}%`) }, order: { id: 'DESC' }, take: 1,
      });
      if (last) jobs.push(roundFollowUpJob(roundId, Number(last.jobId.slice(prefix.length))));
    }
    return jobs;
  }

  /** After the last attempt failed: the round is marked failed with its error, freeing the cohort for another. */
  async markFailed(roundId: number, error: string): Promise<void> {
    await this.dataSource.manager.update(Round,
      { id: roundId, status: In(['queued', 'running']) },
      { status: 'failed', error: error.slice(0, 5000), finishedAt: new Date() },
    );
  }
}

/** Approved students of the cohort with no proposed or accepted match: whom a round could place. */
async function waitingStudents(manager: EntityManager, cohortId: number): Promise<number> {
  return manager.createQueryBuilder(StudentApplication, 'student')
    .where('student.cohortId = :cohortId', { cohortId })
    .andWhere("student.status = 'approved'")
    .andWhere((query) => `NOT EXISTS ${query.subQuery().select('1').from(Match, 'match')
      .where('match.studentId = student.id').andWhere('match.status IN (:...active)').getQuery()}`, { active: [...ACTIVE_MATCH_STATUSES] })
    .getCount();
}
