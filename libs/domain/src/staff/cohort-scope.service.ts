import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../errors/domain-errors';
import { CoordinatorIdentity } from '../identity/coordinators.service';

/**
 * The ids a staff route may name, each with the table that says which cohort the object belongs to and the noun of
 * its not-found answer. An id whose object belongs to a cohort outside the caller's scope is answered as if it did not
 * exist. `applicationId` needs no lookup: every route naming it names its cohort too, and the domain checks the pair.
 */
const SCOPED_IDS: Record<string, { table: string | null; noun: string }> = {
  cohortId: { table: null, noun: 'Cohort' },
  matchId: { table: 'matches', noun: 'Match' },
  roundId: { table: 'rounds', noun: 'Round' },
  surveyId: { table: 'surveys', noun: 'Survey' },
  notificationId: { table: 'notifications', noun: 'Notification' },
  announcementId: { table: 'announcements', noun: 'Announcement' },
  certificateId: { table: 'certificates', noun: 'Certificate' },
};

/** Ids that are no cohort's: checked by their own routes (admins only, or the caller's own). */
const UNSCOPED_IDS = new Set(['applicationId', 'staffId', 'tokenId']);

/** DESIGN §10's scope: a coordinator sees and acts on the cohorts they run, and nothing of any other. */
@Injectable()
export class CohortScope {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Throws NotFoundError unless every id named is of a cohort in the caller's scope. A name this does not know fails
   * closed for a coordinator, so a new route cannot leak another cohort's object by forgetting its entry here.
   */
  async check(caller: CoordinatorIdentity, ids: Record<string, string | undefined>): Promise<void> {
    if (caller.cohortIds === null) return;
    for (const [name, raw] of Object.entries(ids)) {
      if (raw === undefined || UNSCOPED_IDS.has(name)) continue;
      const entry = SCOPED_IDS[name];
      if (!entry) throw new NotFoundError(`${name} ${raw} not found`);
      // A malformed id is the validation pipe's to refuse (400), as for anyone else.
      if (!/^[1-9]\d{0,9}$/.test(raw)) continue;
      const cohortId = entry.table === null ? Number(raw) : await this.cohortOf(entry.table, Number(raw));
      if (cohortId === null || !caller.cohortIds.includes(cohortId)) throw new NotFoundError(`${entry.noun} ${raw} not found`);
    }
  }

  private async cohortOf(table: string, id: number): Promise<number | null> {
    const [row] = await this.dataSource.query<Array<{ cohortId: number | null }>>(`SELECT cohort_id AS cohortId FROM ${table} WHERE id = ?`, [id]);
    return row?.cohortId ?? null;
  }
}
