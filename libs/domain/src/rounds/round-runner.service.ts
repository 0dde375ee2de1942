import { RoundStats } from '@app/contracts';
import { insertRows, Round } from '@app/database';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CohortsService } from '../cohorts/cohorts.service';
import { NotFoundError } from '../errors/domain-errors';
import { Actor, MatchesService, NewProposal, SYSTEM } from '../matches/matches.service';
import { OutboxService, Transaction } from '../messaging/outbox.service';
import { NotificationPolicy } from '../notifications/notification-policy';
import { assertPoolStillValid, loadRoundPool, RoundPool } from './round-pool';
import { computeRound, Placement } from './round-results';

/** Characters of the instance's JSON one row holds: at most 3 MB of UTF-8, one packet with room to spare. */
const INSTANCE_PART_CHARS = 2 ** 20;

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
    // Each step first yields to the event loop: the engine's steps are long and synchronous (seconds each for
    // 100,000 students), and BullMQ renews the job's lock only between them.
    const timed = async <T>(step: string, work: () => T): Promise<T> => {
      await new Promise((resolve) => setImmediate(resolve));
      const started = performance.now();
      const result = work();
      timings[step] = Math.round(performance.now() - started);
      return result;
    };

    const loadStarted = performance.now();
    const cohort = await this.cohorts.get(round.cohortId);
    const pool = await loadRoundPool(this.dataSource.manager, cohort);
    timings.load = Math.round(performance.now() - loadStarted);

    // Only what the round stores leaves computeRound: the engine's structures (most of a 100,000-student round's
    // memory) are let go before the writing starts.
    const { instanceJson, placements, explanationJson, stats } = await computeRound(roundId, pool, round.seed, timed);

    const persistStarted = performance.now();
    const completed = await this.outbox.transaction(async (tx) => {
      const current = await tx.manager.findOne(Round, { where: { id: roundId }, lock: { mode: 'pessimistic_write' } });
      if (!current || current.status !== 'running') return current ?? round;
      if (!round.dryRun) await assertPoolStillValid(tx.manager, pool, placements);
      await storeInstance(tx.manager, roundId, instanceJson);
      await insertRows(tx.manager, 'round_assignments', ['round_id', 'student_id', 'mentor_id', 'choice_rank', 'explanation'],
        placements.map((placement, index) => [roundId, placement.studentId, placement.mentorId, placement.choiceRank, explanationJson[index]]));
      if (!round.dryRun) await this.propose(tx, pool, roundId, placements);
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

  private async propose(tx: Transaction, pool: RoundPool, roundId: number, assignments: Placement[]): Promise<void> {
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

/** The engine's instance as the round saw it, in parts of at most one packet each. */
async function storeInstance(manager: EntityManager, roundId: number, json: string): Promise<void> {
  const parts: Array<[number, number, string]> = [];
  for (let start = 0; start < json.length;) {
    let end = Math.min(start + INSTANCE_PART_CHARS, json.length);
    // Never between the two halves of a surrogate pair (an emoji): each part must be valid text on its own.
    if (end < json.length && /[\uDC00-\uDFFF]/.test(json[end])) end -= 1;
    parts.push([roundId, parts.length, json.slice(start, end)]);
    start = end;
  }
  await insertRows(manager, 'round_instances', ['round_id', 'part', 'instance'], parts);
}
