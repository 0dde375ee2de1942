import { COHORT_TRANSITIONS, CohortCounts, CohortEligibility, CohortDetail, CohortTransition, MATCHING_COHORT_STATUSES, PublicCohort, ScoringWeights } from '@app/contracts';
import { AppConfig } from '@app/config';
import { Cohort, Round } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, Not } from 'typeorm';
import { ConflictError, InvalidError, NotFoundError } from '../errors/domain-errors';
import { rescheduleCheckIns } from '../pairs/check-in-schedule';
import { normalizeEligibility } from './eligibility';

export interface CohortSettings {
  name: string;
  description?: string | null;
  maxChoices?: number;
  responseWindowHours?: number;
  fillWithScores?: boolean;
  autoRounds?: boolean;
  minScore?: number;
  weights?: ScoringWeights | null;
  /** An instant; null: no deadline (applications until the cohort closes). */
  applicationDeadline?: Date | null;
  /** `YYYY-MM-DD`, China dates. */
  programStartsOn?: string | null;
  programEndsOn?: string | null;
  checkInEveryDays?: number;
  retainDays?: number;
  /** Null: every student may apply. */
  eligibility?: CohortEligibility | null;
}

/** The programme cannot end before it starts (either date may be unset). */
function checkProgramDates({ programStartsOn, programEndsOn }: Pick<Cohort, 'programStartsOn' | 'programEndsOn'>): void {
  if (programStartsOn && programEndsOn && programEndsOn < programStartsOn) {
    throw new InvalidError(['programEndsOn must not be before programStartsOn'], [{ field: 'programEndsOn', rule: 'min' }]);
  }
}

function publicView({ id, name, description, maxChoices, status, applicationDeadline, eligibility }: Cohort): PublicCohort<Date> {
  return { id, name, description, maxChoices, status, applicationDeadline, eligibility };
}

/** A cohort accepts applications while open and before its deadline if it has one (DESIGN §3). */
export function assertAcceptsApplications(cohort: Pick<Cohort, 'id' | 'status' | 'applicationDeadline'>, now: Date): void {
  if (cohort.status !== 'open') throw new ConflictError(`Cohort ${cohort.id} is ${cohort.status} and does not accept applications`, 'cohort_not_open');
  if (cohort.applicationDeadline && now >= cohort.applicationDeadline) {
    throw new ConflictError(`Cohort ${cohort.id}'s application deadline passed at ${cohort.applicationDeadline.toISOString()}`, 'cohort_not_open');
  }
}

/** Cohorts and their state machine; every rule about what a cohort's status allows lives here. */
@Injectable()
export class CohortsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  create(settings: CohortSettings): Promise<Cohort> {
    const cohort = this.dataSource.manager.create(Cohort, { ...settings, eligibility: normalizeEligibility(settings.eligibility), status: 'draft' });
    checkProgramDates(cohort);
    return this.dataSource.manager.save(cohort);
  }

  /** Every cohort, newest first, with its counts (four grouped queries, whatever the number of cohorts). */
  /** Every cohort, or those of a coordinator's scope (`cohortIds`; null for every cohort). */
  async list(cohortIds: number[] | null = null): Promise<CohortDetail<Date>[]> {
    if (cohortIds?.length === 0) return [];
    const cohorts = await this.dataSource.manager.find(Cohort, { where: cohortIds ? { id: In(cohortIds) } : {}, order: { id: 'DESC' } });
    const counts = await this.countsOf(cohorts.map((cohort) => cohort.id));
    return cohorts.map((cohort) => ({ ...cohort, counts: counts.get(cohort.id)! }));
  }

  /** What anyone may see of the cohorts open for applications. */
  async listOpen(): Promise<PublicCohort<Date>[]> {
    const cohorts = await this.dataSource.manager.find(Cohort, { where: { status: 'open' }, order: { id: 'DESC' } });
    return cohorts.map(publicView);
  }

  /** Every cohort announced so far (open, closed or archived): those someone may have applied to, to ask for their link again. */
  async listAnnounced(): Promise<PublicCohort<Date>[]> {
    const cohorts = await this.dataSource.manager.find(Cohort, { where: { status: Not('draft') }, order: { id: 'DESC' } });
    return cohorts.map(publicView);
  }

  /**
   * One cohort as an applicant's form sees it, in any status but draft: a form for a closed cohort says so plainly,
   * and one for a draft (not announced yet) or a missing cohort says it is not found.
   */
  async getPublic(cohortId: number): Promise<PublicCohort<Date>> {
    const cohort = await this.get(cohortId);
    if (cohort.status === 'draft') throw new NotFoundError(`Cohort ${cohortId} not found`);
    return publicView(cohort);
  }

  async detail(cohortId: number): Promise<CohortDetail<Date>> {
    const cohort = await this.get(cohortId);
    return { ...cohort, counts: await this.counts(cohortId) };
  }

  async get(cohortId: number, manager: EntityManager = this.dataSource.manager): Promise<Cohort> {
    const cohort = await manager.findOneBy(Cohort, { id: cohortId });
    if (!cohort) throw new NotFoundError(`Cohort ${cohortId} not found`);
    return cohort;
  }

  async getOpen(cohortId: number): Promise<Cohort> {
    const cohort = await this.get(cohortId);
    if (cohort.status !== 'open') throw new ConflictError(`Cohort ${cohortId} is ${cohort.status}, not open`, 'cohort_not_open');
    return cohort;
  }

  async counts(cohortId: number): Promise<CohortCounts> {
    return (await this.countsOf([cohortId])).get(cohortId)!;
  }

  /** Applications and matches by status, and rounds, of each cohort asked for (zeros included). */
  private async countsOf(cohortIds: number[]): Promise<Map<number, CohortCounts>> {
    const counts = new Map<number, CohortCounts>(cohortIds.map((id) => [id, { mentors: {}, students: {}, matches: {}, rounds: 0 }]));
    if (cohortIds.length === 0) return counts;
    const byStatus = (table: string): Promise<Array<{ cohortId: number; status: string; n: string | number }>> => this.dataSource.query(
      `SELECT cohort_id AS cohortId, status, COUNT(*) AS n FROM ${table} WHERE cohort_id IN (?) GROUP BY cohort_id, status`,
      [cohortIds],
    );
    const [mentors, students, matches, rounds] = await Promise.all([
      byStatus('mentor_applications'),
      byStatus('student_applications'),
      byStatus('matches'),
      this.dataSource.query('SELECT cohort_id AS cohortId, COUNT(*) AS n FROM rounds WHERE cohort_id IN (?) GROUP BY cohort_id', [cohortIds]),
    ]);
    const fill = (rows: Array<{ cohortId: number; status: string; n: string | number }>, key: 'mentors' | 'students' | 'matches') => {
      for (const row of rows) counts.get(Number(row.cohortId))![key][row.status] = Number(row.n);
    };
    fill(mentors, 'mentors');
    fill(students, 'students');
    fill(matches, 'matches');
    for (const row of rounds as Array<{ cohortId: number; n: string | number }>) counts.get(Number(row.cohortId))!.rounds = Number(row.n);
    return counts;
  }

  /** A cohort that may still change: its settings, and its applicants' own details (DESIGN §9); archived is final. */
  async getUnarchived(cohortId: number, manager: EntityManager = this.dataSource.manager): Promise<Cohort> {
    const cohort = await this.get(cohortId, manager);
    if (cohort.status === 'archived') throw new ConflictError(`Cohort ${cohortId} is archived and can no longer change`, 'cohort_archived');
    return cohort;
  }

  async update(cohortId: number, changes: Partial<CohortSettings>): Promise<Cohort> {
    const cohort = await this.getUnarchived(cohortId);
    if (changes.maxChoices !== undefined && changes.maxChoices < cohort.maxChoices && cohort.status !== 'draft') {
      throw new ConflictError('maxChoices cannot shrink once the cohort has opened: existing choices would exceed it', 'max_choices_shrink');
    }
    const scheduleChanged = (changes.checkInEveryDays !== undefined && changes.checkInEveryDays !== cohort.checkInEveryDays)
      || (changes.programEndsOn !== undefined && changes.programEndsOn !== cohort.programEndsOn);
    Object.assign(cohort, changes);
    if (changes.eligibility !== undefined) cohort.eligibility = normalizeEligibility(changes.eligibility);
    checkProgramDates(cohort);
    return this.dataSource.transaction(async (manager) => {
      const saved = await manager.save(cohort);
      if (scheduleChanged) await rescheduleCheckIns(manager, saved, this.config.CHECK_IN_DAY_MS);
      return saved;
    });
  }

  /** Status changes are a conditional update, so two racing requests cannot both succeed. */
  async transition(cohortId: number, action: CohortTransition): Promise<Cohort> {
    const { from, to } = COHORT_TRANSITIONS[action];
    const result = await this.dataSource.manager.update(Cohort, { id: cohortId, status: from }, { status: to, ...(to === 'archived' && { archivedAt: new Date() }) });
    if (!result.affected) {
      const cohort = await this.get(cohortId);
      throw new ConflictError(`Cannot ${action} cohort ${cohortId}: it is ${cohort.status} (must be ${from})`, 'transition_not_allowed');
    }
    return this.get(cohortId);
  }

  /**
   * Takes a shared lock on the cohort row for the caller's transaction and checks that it accepts applications: open,
   * and before its deadline if it has one (DESIGN §3). Shared, so the submissions of a cohort run side by side, while
   * closing it (a write of the row) waits until those in flight have committed, and those after it find it closed.
   * `now` is the moment of the request.
   */
  async lockForApplications(manager: EntityManager, cohortId: number, now = new Date()): Promise<Cohort> {
    const cohort = await this.lockShared(manager, cohortId);
    assertAcceptsApplications(cohort, now);
    return cohort;
  }

  /** Locks the cohort row for a round request or a manual proposal: both need the cohort open or closed. */
  async lockForMatching(manager: EntityManager, cohortId: number): Promise<Cohort> {
    const cohort = await this.lock(manager, cohortId);
    if (!MATCHING_COHORT_STATUSES.includes(cohort.status)) {
      throw new ConflictError(`Cohort ${cohortId} is ${cohort.status}; rounds and proposals need it open or closed`, 'cohort_not_matching');
    }
    if (cohort.completedAt) throw new ConflictError(`Cohort ${cohortId} has completed; no more rounds or proposals`, 'cohort_completed');
    return cohort;
  }

  /** 结业 (DESIGN §7): the cohort, locked, once; the caller completes its pairs in the same transaction. */
  async lockForCompletion(manager: EntityManager, cohortId: number): Promise<Cohort> {
    const cohort = await this.lock(manager, cohortId);
    if (cohort.completedAt) throw new ConflictError(`Cohort ${cohortId} already completed`, 'cohort_completed');
    // A round queued now would propose in a completed cohort; requests wait on the cohort lock held here.
    if (await manager.existsBy(Round, { cohortId, status: In(['queued', 'running']) })) {
      throw new ConflictError(`A round of cohort ${cohortId} is queued or running; complete the cohort once it has finished`, 'round_in_progress');
    }
    cohort.completedAt = new Date();
    await manager.update(Cohort, { id: cohortId }, { completedAt: cohort.completedAt });
    return cohort;
  }

  /**
   * SELECT … LOCK IN SHARE MODE, which MariaDB and MySQL 8 both accept: TypeORM's `pessimistic_read` emits FOR SHARE
   * for the mysql driver on any server of version 8 or above, MariaDB 10.11 included, which refuses it. One statement,
   * hydrated as TypeORM would (each column's type and transformer): it runs once per submission.
   */
  private async lockShared(manager: EntityManager, cohortId: number): Promise<Cohort> {
    const { columns } = manager.connection.getMetadata(Cohort);
    const [row] = await manager.query(`SELECT ${columns.map((column) => `\`${column.databaseName}\``).join(', ')} FROM cohorts WHERE id = ? LOCK IN SHARE MODE`, [cohortId]);
    if (!row) throw new NotFoundError(`Cohort ${cohortId} not found`);
    const cohort = new Cohort();
    for (const column of columns) column.setEntityValue(cohort, manager.connection.driver.prepareHydratedValue(row[column.databaseName], column));
    return cohort;
  }

  private async lock(manager: EntityManager, cohortId: number): Promise<Cohort> {
    const cohort = await manager.findOne(Cohort, { where: { id: cohortId }, lock: { mode: 'pessimistic_write' } });
    if (!cohort) throw new NotFoundError(`Cohort ${cohortId} not found`);
    return cohort;
  }
}
