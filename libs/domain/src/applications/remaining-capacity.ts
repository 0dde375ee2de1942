import { ACTIVE_MATCH_STATUSES } from '@app/database';
import { EntityManager } from 'typeorm';

/** Places taken (proposed or accepted matches) per mentor of a cohort; a mentor without any is absent from the map. */
export async function occupiedPlaces(manager: EntityManager, cohortId: number, mentorIds?: number[]): Promise<Map<number, number>> {
  if (mentorIds && mentorIds.length === 0) return new Map();
  const rows: Array<{ mentor_id: number; n: string | number }> = await manager.query(
    `SELECT mentor_id, COUNT(*) AS n FROM matches
      WHERE cohort_id = ? AND status IN (?) ${mentorIds ? 'AND mentor_id IN (?)' : ''}
      GROUP BY mentor_id`,
    mentorIds ? [cohortId, ACTIVE_MATCH_STATUSES, mentorIds] : [cohortId, ACTIVE_MATCH_STATUSES],
  );
  return new Map(rows.map((row) => [Number(row.mentor_id), Number(row.n)]));
}
