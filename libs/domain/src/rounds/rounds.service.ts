import { AppConfig } from '@app/config';
import {
  ACTIVE_MATCH_STATUSES, AssignmentExplanation, Cohort, Coordinator, Match, MentorApplication, Round, RoundAssignment, RoundInstance, RoundStats,
  StudentApplication,
} from '@app/database';
import { buildPreferences, checkStability, describeReason, explain, Instance, solve, StudentExplanation } from '@app/matching';
import { ConflictException, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomInt } from 'node:crypto';
import { DataSource, EntityManager, In, IsNull, LessThan } from 'typeorm';
import { occupiedPlaces } from '../applications/remaining-capacity';
import { duplicateKeyOf } from '../common/errors';
import { Actor, MatchesService, NewProposal, SYSTEM } from '../matches/matches.service';
import { NotificationsService } from '../notifications/notifications.service';
import { OutboxService, Transaction } from '../outbox/outbox.service';
import { QUEUE } from '../queues/queues';
import { loadRoundPool, RoundPool } from './round-pool';

export interface RoundRequest {
  dryRun?: boolean;
  seed?: number;
}

const studentKey = (id: number) => `s${id}`;
const mentorKey = (id: number) => `m${id}`;
const idOf = (key: string) => Number(key.slice(1));

export const runRoundJob = (roundId: number) =>
  ({ queue: QUEUE.matching, name: 'run-round', payload: { roundId }, jobId: `round-${roundId}` }) as const;

@Injectable()
export class RoundsService {
  private readonly logger = new Logger(RoundsService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly matches: MatchesService,
    private readonly notifications: NotificationsService,
    private readonly config: AppConfig,
  ) {}

  /** Records a queued round and its job together; one queued-or-running round per cohort (schema-enforced). */
  async request(cohortId: number, request: RoundRequest, requestedBy: string): Promise<Round> {
    return this.outbox.transaction(async (tx) => {
      const cohort = await tx.manager.findOne(Cohort, { where: { id: cohortId }, lock: { mode: 'pessimistic_write' } });
      if (!cohort) throw new NotFoundException(`Cohort ${cohortId} not found`);
      if (cohort.status !== 'open' && cohort.status !== 'closed') {
        throw new ConflictException(`Cohort ${cohortId} is ${cohort.status}; rounds run while it is open or closed`);
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
        if (duplicateKeyOf(error) === 'uq_round_active') throw new ConflictException(`A round of cohort ${cohortId} is already queued or running`);
        throw error;
      }
    });
  }

  list(cohortId: number): Promise<Round[]> {
    return this.dataSource.getRepository(Round).find({ where: { cohortId }, order: { number: 'DESC' } });
  }

  async get(roundId: number): Promise<Round> {
    const round = await this.dataSource.getRepository(Round).findOneBy({ id: roundId });
    if (!round) throw new NotFoundException(`Round ${roundId} not found`);
    return round;
  }

  async assignments(roundId: number): Promise<RoundAssignment[]> {
    await this.get(roundId);
    return this.dataSource.getRepository(RoundAssignment).find({ where: { roundId }, order: { studentId: 'ASC' } });
  }

  async instance(roundId: number): Promise<string> {
    const round = await this.get(roundId);
    const row = await this.dataSource.getRepository(RoundInstance).findOneBy({ roundId });
    if (!row) throw new ConflictException(`Round ${roundId} is ${round.status}; its instance exists once it has completed`);
    return row.instance;
  }

  /**
   * The matching job. Everything the round produces is written in one transaction at the end, so a job that
   * dies leaves nothing behind, and a job run again for a finished round changes nothing.
   */
  async run(roundId: number): Promise<Round> {
    const round = await this.dataSource.getRepository(Round).findOneBy({ id: roundId });
    if (!round) throw new NotFoundException(`Round ${roundId} not found`);
    if (round.status === 'completed' || round.status === 'failed') return round;
    await this.dataSource.getRepository(Round).update({ id: roundId, status: 'queued' }, { status: 'running', startedAt: new Date() });

    const timings: Record<string, number> = {};
    const timed = <T>(step: string, work: () => T): T => {
      const started = performance.now();
      const result = work();
      timings[step] = Math.round(performance.now() - started);
      return result;
    };

    const loadStarted = performance.now();
    const cohort = await this.dataSource.getRepository(Cohort).findOneByOrFail({ id: round.cohortId });
    const pool = await loadRoundPool(this.dataSource.manager, cohort);
    timings.load = Math.round(performance.now() - loadStarted);

    const preferences = timed('preferences', () => this.buildInstance(pool, round.seed));
    const result = timed('solve', () => solve(preferences.instance));
    const report = timed('check', () => checkStability(preferences.instance, result.assignments));
    if (!report.stable) throw new Error(`Round ${roundId}: the stability check rejected the engine's result: ${JSON.stringify(report).slice(0, 500)}`);
    const explanations = timed('explain', () => explain(preferences.instance, result.assignments, { wanted: preferences.wanted }));

    const persistStarted = performance.now();
    const completed = await this.outbox.transaction(async (tx) => {
      const current = await tx.manager.findOne(Round, { where: { id: roundId }, lock: { mode: 'pessimistic_write' } });
      if (!current || current.status !== 'running') return current ?? round;
      const assignments = pool.students.map((student) => this.assignmentOf(student.id, result.assignments, explanations, preferences));
      if (!round.dryRun) await assertPoolStillValid(tx.manager, pool, assignments);
      await this.store(tx.manager, roundId, preferences.instance, assignments);
      if (!round.dryRun) await this.propose(tx, pool, roundId, assignments);
      const stats = statsOf(pool, assignments, explanations);
      timings.persist = Math.round(performance.now() - persistStarted);
      stats.timingsMs = timings;
      await tx.manager.update(Round, { id: roundId }, { status: 'completed', stats, finishedAt: new Date(), error: null });
      await this.tellCoordinators(tx, cohort, { ...current, stats });
      return Object.assign(current, { status: 'completed' as const, stats });
    });
    this.logger.log(`Round ${roundId} (cohort ${cohort.id}, #${round.number}${round.dryRun ? ', dry run' : ''}) completed: ${JSON.stringify(completed.stats?.timingsMs)}`);
    return completed;
  }

  /** Rounds queued or running far longer than a round takes have lost their job (Redis lost its data). */
  async requeueStale(staleAfterMs = 15 * 60_000): Promise<number> {
    const stale = await this.dataSource.getRepository(Round).find({
      select: { id: true, createdAt: true },
      where: { status: In(['queued', 'running']), createdAt: LessThan(new Date(Date.now() - staleAfterMs)) },
    });
    return this.outbox.requeue(stale.map((round) => ({ ...runRoundJob(round.id), jobId: `round-${round.id}-requeue-${Math.floor(Date.now() / staleAfterMs)}` })));
  }

  /** After the last attempt failed: the round is marked failed with its error, freeing the cohort for another. */
  async markFailed(roundId: number, error: string): Promise<void> {
    await this.dataSource.getRepository(Round).update(
      { id: roundId, status: In(['queued', 'running']) },
      { status: 'failed', error: error.slice(0, 5000), finishedAt: new Date() },
    );
  }

  /** autoRounds: once every proposal of the latest round is resolved, queue the next round if anyone can be placed. */
  async followUp(roundId: number): Promise<Round | null> {
    const round = await this.get(roundId);
    const cohort = await this.dataSource.getRepository(Cohort).findOneByOrFail({ id: round.cohortId });
    if (!cohort.autoRounds || round.dryRun) return null;
    const open = await this.dataSource.getRepository(Match).countBy({ roundId, status: 'proposed' });
    if (open > 0) return null;
    const latest = await this.dataSource.getRepository(Round).findOne({ where: { cohortId: cohort.id }, order: { number: 'DESC' } });
    if (latest?.id !== roundId) return null;
    const pool = await loadRoundPool(this.dataSource.manager, cohort);
    const canPlace = pool.students.length > 0 && pool.mentors.some(({ remaining }) => remaining > 0);
    if (!canPlace) return null;
    try {
      return await this.request(cohort.id, {}, 'system: autoRounds');
    } catch (error) {
      if (error instanceof ConflictException) return null;
      throw error;
    }
  }

  private buildInstance(pool: RoundPool, seed: number) {
    const { cohort } = pool;
    return buildPreferences({
      students: pool.students.map((student) => ({
        id: studentKey(student.id),
        topics: student.topics,
        industries: student.industries,
        major: student.major,
        college: student.college,
        city: student.city,
        choices: (pool.choices.get(student.id) ?? []).map(mentorKey),
      })),
      mentors: pool.mentors.map(({ mentor, remaining }) => ({
        id: mentorKey(mentor.id),
        capacity: remaining,
        topics: mentor.topics,
        industry: mentor.industry,
        department: mentor.department,
        major: mentor.major,
        city: mentor.city,
      })),
      weights: cohort.weights ?? undefined,
      minScore: cohort.minScore,
      fillWithScores: cohort.fillWithScores,
      maxChoices: cohort.maxChoices,
      excluded: pool.excluded.map((pair) => ({ studentId: studentKey(pair.studentId), mentorId: mentorKey(pair.mentorId), reason: pair.reason })),
      seed,
    });
  }

  private assignmentOf(
    studentId: number,
    assignments: Record<string, string | null>,
    explanations: Record<string, StudentExplanation>,
    preferences: ReturnType<RoundsService['buildInstance']>,
  ): RoundAssignment {
    const key = studentKey(studentId);
    const mentorKeyAssigned = assignments[key] ?? null;
    const explained = explanations[key];
    const score = mentorKeyAssigned ? preferences.scores(key, mentorKeyAssigned) : undefined;
    const explanation: AssignmentExplanation = {
      summary: summaryOf(explained, mentorKeyAssigned !== null),
      reasons: explained.reasons.map((reason) => ({
        mentorId: idOf(reason.mentorId),
        rank: reason.rank,
        reason: reason.reason,
        ...(reason.cutoffRank !== undefined && { cutoffRank: reason.cutoffRank }),
        ...(reason.exclusion !== undefined && { exclusion: reason.exclusion }),
        text: { zh: describeReason(reason, 'zh'), en: describeReason(reason, 'en') },
      })),
      ...(score && { score: { score: score.score, parts: { ...score.parts } } }),
    };
    return Object.assign(new RoundAssignment(), {
      studentId,
      mentorId: mentorKeyAssigned ? idOf(mentorKeyAssigned) : null,
      choiceRank: mentorKeyAssigned ? preferences.choiceRank(key, mentorKeyAssigned) : null,
      explanation,
    });
  }

  private async store(manager: EntityManager, roundId: number, instance: Instance, assignments: RoundAssignment[]): Promise<void> {
    await manager.createQueryBuilder().insert().into(RoundInstance).values({ roundId, instance: JSON.stringify(instance) }).updateEntity(false).execute();
    const rows = assignments.map((assignment) => ({ ...assignment, roundId }));
    for (let start = 0; start < rows.length; start += 1000) {
      await manager.createQueryBuilder().insert().into(RoundAssignment).values(rows.slice(start, start + 1000)).updateEntity(false).execute();
    }
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

  private async tellCoordinators(tx: Transaction, cohort: Cohort, round: Round): Promise<void> {
    const coordinators = await tx.manager.find(Coordinator, { where: { revokedAt: IsNull() } });
    const recipients = coordinators.map((coordinator) => ({ email: coordinator.email, name: coordinator.name }));
    if (this.config.COORDINATOR_EMAIL) recipients.push({ email: this.config.COORDINATOR_EMAIL, name: '校友部 Alumni Office' });
    await this.notifications.record(tx, ...recipients.map((recipient) => ({
      type: 'round_summary' as const, cohortId: cohort.id, cohortName: cohort.name, recipient,
      roundId: round.id, roundNumber: round.number, dryRun: round.dryRun, stats: round.stats!,
    })));
  }
}

/**
 * The pool was read before the engine ran. Locks the people the round is about to propose and checks that
 * nobody withdrew, was rejected or got a match meanwhile, and that no mentor lost places; otherwise the
 * job fails and its retry runs on fresh data. (Withdrawals and manual proposals lock the same rows.)
 */
async function assertPoolStillValid(manager: EntityManager, pool: RoundPool, assignments: RoundAssignment[]): Promise<void> {
  const placed = assignments.filter((assignment) => assignment.mentorId !== null);
  if (placed.length === 0) return;
  const studentIds = placed.map((assignment) => assignment.studentId);
  const perMentor = new Map<number, number>();
  for (const { mentorId } of placed) perMentor.set(mentorId!, (perMentor.get(mentorId!) ?? 0) + 1);
  const mentorIds = [...perMentor.keys()];
  const students = await manager.find(StudentApplication, { select: { id: true, status: true }, where: { id: In(studentIds) }, lock: { mode: 'pessimistic_write' } });
  const mentors = await manager.find(MentorApplication, { select: { id: true, status: true, capacity: true }, where: { id: In(mentorIds) }, lock: { mode: 'pessimistic_write' } });
  const alreadyMatched = await manager.count(Match, { where: { studentId: In(studentIds), status: In(ACTIVE_MATCH_STATUSES) } });
  const occupied = await occupiedPlaces(manager, pool.cohort.id, mentorIds);
  const changed =
    students.some((student) => student.status !== 'approved') ||
    mentors.some((mentor) => mentor.status !== 'approved' || (occupied.get(mentor.id) ?? 0) + perMentor.get(mentor.id)! > mentor.capacity) ||
    alreadyMatched > 0;
  if (changed) throw new Error('Applications or matches changed while the round ran; it will run again on fresh data');
}

function summaryOf(explained: StudentExplanation, matched: boolean): { zh: string; en: string } {
  if (matched && explained.rankOfAssigned === 1) return { zh: '匹配到了您的第一志愿。', en: 'Matched with your first choice.' };
  if (matched) {
    return { zh: `匹配到了您名单上的第 ${explained.rankOfAssigned} 位师友；排在前面的师友原因如下。`, en: `Matched with mentor #${explained.rankOfAssigned} on your list; the reasons for those above follow.` };
  }
  if (explained.reasons.length === 0) {
    return { zh: '本轮没有可匹配的师友（未填写志愿，且没有足够契合的师友）。', en: 'No mentor could be considered this round (no choices and no compatible mentor).' };
  }
  return { zh: '本轮未能匹配；您名单上的每位师友的原因如下。您将进入下一轮。', en: 'Not matched this round; the reason for each mentor on your list follows. You stay in the pool.' };
}

function statsOf(pool: RoundPool, assignments: RoundAssignment[], explanations: Record<string, StudentExplanation>): RoundStats {
  const byChoiceRank: Record<string, number> = {};
  const unmatchedReasons: RoundStats['unmatchedReasons'] = [];
  for (const assignment of assignments) {
    if (assignment.mentorId === null) {
      const reasons = explanations[studentKey(assignment.studentId)].reasons.map((reason) => reason.reason);
      unmatchedReasons.push({ studentId: assignment.studentId, reason: unmatchedReasonOf(reasons) });
    } else {
      const key = assignment.choiceRank === null ? 'filled' : String(assignment.choiceRank);
      byChoiceRank[key] = (byChoiceRank[key] ?? 0) + 1;
    }
  }
  const matched = assignments.length - unmatchedReasons.length;
  const mentorCapacity = pool.mentors.reduce((sum, { remaining }) => sum + remaining, 0);
  return {
    students: pool.students.length,
    mentors: pool.mentors.filter(({ remaining }) => remaining > 0).length,
    matched,
    unmatched: unmatchedReasons.length,
    byChoiceRank,
    mentorCapacity,
    mentorFillRate: mentorCapacity === 0 ? 0 : Math.round((matched / mentorCapacity) * 1000) / 1000,
    unmatchedReasons,
  };
}

function unmatchedReasonOf(reasons: string[]): string {
  if (reasons.length === 0) return 'no_acceptable_mentor';
  if (reasons.every((reason) => reason === 'full')) return 'preferred_mentors_full';
  if (reasons.every((reason) => reason === 'excluded')) return 'all_choices_declined_before';
  if (reasons.every((reason) => reason === 'no_capacity')) return 'preferred_mentors_have_no_capacity';
  return 'preferred_mentors_full_or_unavailable';
}
