import { RoundStats } from '@app/contracts';
import { insertRows, Round, RoundAssignment } from '@app/database';
import { checkStability, explain, Instance, solve } from '@app/matching';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CohortsService } from '../cohorts/cohorts.service';
import { NotFoundError } from '../errors/domain-errors';
import { Actor, MatchesService, NewProposal, SYSTEM } from '../matches/matches.service';
import { OutboxService, Transaction } from '../messaging/outbox.service';
import { NotificationPolicy } from '../notifications/notification-policy';
import { assertPoolStillValid, loadRoundPool, RoundPool } from './round-pool';
import { assignmentOf, buildRoundInstance, statsOf } from './round-results';

/** The matching job: load the pool, run and check the engine, and store everything the round produces at once. */
@Injectable()
export class RoundRunnerService {
  private readonly logger = new Logger(RoundRunnerService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly cohorts: CohortsService,
    private readonly matches: MatchesService,
    private readonly notify: NotificationPolicy,
  ) {}

  /**
   * Everything the round produces is written in one transaction at the end, so a job that dies leaves
   * nothing behind, and a job run again for a finished round changes nothing.
   */
  async run(roundId: number): Promise<Round> {
    const round = await this.dataSource.manager.findOneBy(Round, { id: roundId });
    if (!round) throw new NotFoundError(`Round ${roundId} not found`);
    if (round.status === 'completed' || round.status === 'failed') return round;
    await this.dataSource.manager.update(Round, { id: roundId, status: 'queued' }, { status: 'running', startedAt: new Date() });

    const timings: Record<string, number> = {};
    const timed = <T>(step: string, work: () => T): T => {
      const started = performance.now();
      const result = work();
      timings[step] = Math.round(performance.now() - started);
      return result;
    };

    const loadStarted = performance.now();
    const cohort = await this.cohorts.get(round.cohortId);
    const pool = await loadRoundPool(this.dataSource.manager, cohort);
    timings.load = Math.round(performance.now() - loadStarted);

    const preferences = timed('preferences', () => buildRoundInstance(pool, round.seed));
    const result = timed('solve', () => solve(preferences.instance));
    const report = timed('check', () => checkStability(preferences.instance, result.assignments));
    if (!report.stable) throw new Error(`Round ${roundId}: the stability check rejected the engine's result: ${JSON.stringify(report).slice(0, 500)}`);
    const explanations = timed('explain', () => explain(preferences.instance, result.assignments, { wanted: preferences.wanted }));

    const persistStarted = performance.now();
    const completed = await this.outbox.transaction(async (tx) => {
      const current = await tx.manager.findOne(Round, { where: { id: roundId }, lock: { mode: 'pessimistic_write' } });
      if (!current || current.status !== 'running') return current ?? round;
      const assignments = pool.students.map((student) => assignmentOf(student.id, result.assignments, explanations, preferences));
      if (!round.dryRun) await assertPoolStillValid(tx.manager, pool, assignments);
      await store(tx.manager, roundId, preferences.instance, assignments);
      if (!round.dryRun) await this.propose(tx, pool, roundId, assignments);
      const stats = statsOf(pool, assignments, explanations);
      if (!round.dryRun) await this.tellUnplaced(tx, pool, current, stats);
      timings.persist = Math.round(performance.now() - persistStarted);
      stats.timingsMs = timings;
      await tx.manager.update(Round, { id: roundId }, { status: 'completed', stats, finishedAt: new Date(), error: null });
      await this.notify.roundCompleted(tx, cohort, { ...current, stats });
      return Object.assign(current, { status: 'completed' as const, stats });
    });
    this.logger.log(`Round ${roundId} (cohort ${cohort.id}, #${round.number}${round.dryRun ? ', dry run' : ''}) completed: ${JSON.stringify(completed.stats?.timingsMs)}`);
    return completed;
  }

  private async propose(tx: Transaction, pool: RoundPool, roundId: number, assignments: RoundAssignment[]): Promise<void> {
    const students = new Map(pool.students.map((student) => [student.id, student]));
    const mentors = new Map(pool.mentors.map(({ mentor }) => [mentor.id, mentor]));
    const proposals: NewProposal[] = assignments
      .filter((assignment) => assignment.mentorId !== null)
      .map((assignment) => ({
        cohort: pool.cohort,
        roundId,
        student: students.get(assignment.studentId)!,
        mentor: mentors.get(assignment.mentorId!)!,
        choiceRank: assignment.choiceRank,
      }));
    await this.matches.propose(tx, proposals, SYSTEM satisfies Actor);
  }

  /** Each student the round left unplaced hears why, and that they stay in the pool. */
  private async tellUnplaced(tx: Transaction, pool: RoundPool, round: Round, stats: RoundStats): Promise<void> {
    const students = new Map(pool.students.map((student) => [student.id, student]));
    await this.notify.studentsUnplaced(tx, pool.cohort, round, stats.unmatchedReasons.map(({ studentId, reason }) => ({ student: students.get(studentId)!, reason })));
  }
}

async function store(manager: EntityManager, roundId: number, instance: Instance, assignments: RoundAssignment[]): Promise<void> {
  await insertRows(manager, 'round_instances', ['round_id', 'instance'], [[roundId, JSON.stringify(instance)]]);
  await insertRows(manager, 'round_assignments', ['round_id', 'student_id', 'mentor_id', 'choice_rank', 'explanation'],
    assignments.map((assignment) => [roundId, assignment.studentId, assignment.mentorId, assignment.choiceRank, JSON.stringify(assignment.explanation)]));
}
