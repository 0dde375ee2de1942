import { EntityManager } from 'typeorm';

/** capacity − accepted − proposed, per mentor of a cohort (mentors without matches are absent: use capacity). */
export async function occupiedPlaces(manager: EntityManager, cohortId: number, mentorIds?: number[]): Promise<Map<number, number>> {
  if (mentorIds && mentorIds.length === 0) return new Map();
  const rows: Array<{ mentor_id: number; n: string | number }> = await manager.query(
    `SELECT mentor_id, COUNT(*) AS n FROM matches
      WHERE cohort_id = ? AND status IN ('proposed','accepted') ${mentorIds ? 'AND mentor_id IN (?)' : ''}
      GROUP BY mentor_id`,
    mentorIds ? [cohortId, mentorIds] : [cohortId],
  );
  return new Map(rows.map((row) => [Number(row.mentor_id), Number(row.n)]));
}
