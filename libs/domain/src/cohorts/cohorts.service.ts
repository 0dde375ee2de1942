import { COHORT_TRANSITIONS, CohortCounts, CohortDetail, CohortTransition, MATCHING_COHORT_STATUSES, PublicCohort, ScoringWeights } from '@app/contracts';
import { Cohort } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ConflictError, NotFoundError } from '../errors/domain-errors';

export interface CohortSettings {
  name: string;
  description?: string | null;
  maxChoices?: number;
  responseWindowHours?: number;
  fillWithScores?: boolean;
  autoRounds?: boolean;
  minScore?: number;
  weights?: ScoringWeights | null;
}

function publicView({ id, name, description, maxChoices, status }: Cohort): PublicCohort {
  return { id, name, description, maxChoices, status };
}

/** Cohorts and their state machine; every rule about what a cohort's status allows lives here. */
@Injectable()
export class CohortsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  create(settings: CohortSettings): Promise<Cohort> {
    return this.dataSource.manager.save(this.dataSource.manager.create(Cohort, { ...settings, status: 'draft' }));
  }

  list(): Promise<Cohort[]> {
    return this.dataSource.manager.find(Cohort, { order: { id: 'DESC' } });
  }

  /** What anyone may see of the cohorts open for applications. */
  async listOpen(): Promise<PublicCohort[]> {
    const cohorts = await this.dataSource.manager.find(Cohort, { where: { status: 'open' }, order: { id: 'DESC' } });
    return cohorts.map(publicView);
  }

  /**
   * One cohort as an applicant's form sees it, in any status but draft: a form for a closed cohort says so plainly,
   * and one for a draft (not announced yet) or a missing cohort says it is not found.
   */
  async getPublic(cohortId: number): Promise<PublicCohort> {
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
    const byStatus = async (table: string) => {
      const rows: Array<{ status: string; n: string | number }> = await this.dataSource.query(
        `SELECT status, COUNT(*) AS n FROM ${table} WHERE cohort_id = ? GROUP BY status`,
        [cohortId],
      );
      return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
    };
    const [mentors, students, matches, rounds] = await Promise.all([
      byStatus('mentor_applications'),
      byStatus('student_applications'),
      byStatus('matches'),
      this.dataSource.query('SELECT COUNT(*) AS n FROM rounds WHERE cohort_id = ?', [cohortId]),
    ]);
    return { mentors, students, matches, rounds: Number(rounds[0].n) };
  }

  async update(cohortId: number, changes: Partial<CohortSettings>): Promise<Cohort> {
    const cohort = await this.get(cohortId);
    if (cohort.status === 'archived') throw new ConflictError(`Cohort ${cohortId} is archived and can no longer change`, 'cohort_archived');
    if (changes.maxChoices !== undefined && changes.maxChoices < cohort.maxChoices && cohort.status !== 'draft') {
      throw new ConflictError('maxChoices cannot shrink once the cohort has opened: existing choices would exceed it', 'max_choices_shrink');
    }
    return this.dataSource.manager.save(Object.assign(cohort, changes));
  }

  /** Status changes are a conditional update, so two racing requests cannot both succeed. */
  async transition(cohortId: number, action: CohortTransition): Promise<Cohort> {
    const { from, to } = COHORT_TRANSITIONS[action];
    const result = await this.dataSource.manager.update(Cohort, { id: cohortId, status: from }, { status: to });
    if (!result.affected) {
      const cohort = await this.get(cohortId);
      throw new ConflictError(`Cannot ${action} cohort ${cohortId}: it is ${cohort.status} (must be ${from})`, 'transition_not_allowed');
    }
    return this.get(cohortId);
  }

  /**
   * Locks the cohort row for the caller's transaction and checks that it accepts applications. An exclusive
   * lock, because MariaDB and MySQL 8 spell the shared one differently; submissions of one cohort serialise.
   */
  async lockForApplications(manager: EntityManager, cohortId: number): Promise<Cohort> {
    const cohort = await this.lock(manager, cohortId);
    if (cohort.status !== 'open') throw new ConflictError(`Cohort ${cohortId} is ${cohort.status} and does not accept applications`, 'cohort_not_open');
    return cohort;
  }

  /** Locks the cohort row for a round request or a manual proposal: both need the cohort open or closed. */
  async lockForMatching(manager: EntityManager, cohortId: number): Promise<Cohort> {
    const cohort = await this.lock(manager, cohortId);
    if (!MATCHING_COHORT_STATUSES.includes(cohort.status)) {
      throw new ConflictError(`Cohort ${cohortId} is ${cohort.status}; rounds and proposals need it open or closed`, 'cohort_not_matching');
    }
    return cohort;
  }

  private async lock(manager: EntityManager, cohortId: number): Promise<Cohort> {
    const cohort = await manager.findOne(Cohort, { where: { id: cohortId }, lock: { mode: 'pessimistic_write' } });
    if (!cohort) throw new NotFoundError(`Cohort ${cohortId} not found`);
    return cohort;
  }
}
