import { Cohort, CohortStatus, ScoringWeightsSetting } from '@app/database';
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, Repository } from 'typeorm';

export interface CohortSettings {
  name: string;
  description?: string | null;
  maxChoices?: number;
  responseWindowHours?: number;
  fillWithScores?: boolean;
  autoRounds?: boolean;
  minScore?: number;
  weights?: ScoringWeightsSetting | null;
}

export type CohortTransition = 'open' | 'close' | 'archive';

const TRANSITIONS: Record<CohortTransition, { from: CohortStatus; to: CohortStatus }> = {
  open: { from: 'draft', to: 'open' },
  close: { from: 'open', to: 'closed' },
  archive: { from: 'closed', to: 'archived' },
};

export interface CohortCounts {
  mentors: Record<string, number>;
  students: Record<string, number>;
  matches: Record<string, number>;
  rounds: number;
}

@Injectable()
export class CohortsService {
  constructor(
    @InjectRepository(Cohort) private readonly cohorts: Repository<Cohort>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  create(settings: CohortSettings): Promise<Cohort> {
    return this.cohorts.save(this.cohorts.create({ ...settings, status: 'draft' }));
  }

  list(): Promise<Cohort[]> {
    return this.cohorts.find({ order: { id: 'DESC' } });
  }

  /** What anyone may see of the cohorts open for applications. */
  async listOpen(): Promise<Array<Pick<Cohort, 'id' | 'name' | 'description' | 'maxChoices' | 'status'>>> {
    const cohorts = await this.cohorts.find({ where: { status: 'open' }, order: { id: 'DESC' } });
    return cohorts.map(({ id, name, description, maxChoices, status }) => ({ id, name, description, maxChoices, status }));
  }

  async detail(cohortId: number): Promise<Cohort & { counts: CohortCounts }> {
    const cohort = await this.get(cohortId);
    return { ...cohort, counts: await this.counts(cohortId) };
  }

  async get(cohortId: number): Promise<Cohort> {
    const cohort = await this.cohorts.findOneBy({ id: cohortId });
    if (!cohort) throw new NotFoundException(`Cohort ${cohortId} not found`);
    return cohort;
  }

  async getOpen(cohortId: number): Promise<Cohort> {
    const cohort = await this.get(cohortId);
    if (cohort.status !== 'open') throw new ConflictException(`Cohort ${cohortId} is ${cohort.status}, not open`);
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
    if (cohort.status === 'archived') throw new ConflictException(`Cohort ${cohortId} is archived and can no longer change`);
    if (changes.maxChoices !== undefined && changes.maxChoices < cohort.maxChoices && cohort.status !== 'draft') {
      throw new ConflictException('maxChoices cannot shrink once the cohort has opened: existing choices would exceed it');
    }
    return this.cohorts.save(Object.assign(cohort, changes));
  }

  /** Status changes are a conditional update, so two racing requests cannot both succeed. */
  async transition(cohortId: number, action: CohortTransition): Promise<Cohort> {
    const { from, to } = TRANSITIONS[action];
    const result = await this.cohorts.update({ id: cohortId, status: from }, { status: to });
    if (!result.affected) {
      const cohort = await this.get(cohortId);
      throw new ConflictException(`Cannot ${action} cohort ${cohortId}: it is ${cohort.status} (must be ${from})`);
    }
    return this.get(cohortId);
  }

  /**
   * Locks the cohort row for the caller's transaction and checks that it accepts applications. An exclusive
   * lock, because MariaDB and MySQL 8 spell the shared one differently; submissions of one cohort serialise.
   */
  async lockOpen(manager: EntityManager, cohortId: number): Promise<Cohort> {
    const cohort = await manager.findOne(Cohort, { where: { id: cohortId }, lock: { mode: 'pessimistic_write' } });
    if (!cohort) throw new NotFoundException(`Cohort ${cohortId} not found`);
    if (cohort.status !== 'open') throw new ConflictException(`Cohort ${cohortId} is ${cohort.status} and does not accept applications`);
    return cohort;
  }
}
