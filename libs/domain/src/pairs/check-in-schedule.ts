import type { Cohort } from '@app/database';
import type { EntityManager } from 'typeorm';

/**
 * When a pair's check-ins are due (DESIGN §7). Period k (k ≥ 1) starts k × checkInEveryDays days after acceptance;
 * its check-in is sent then and takes answers until period k + 1 starts. Nothing is due once the cohort completed,
 * while check-ins are off (0 days), or after the programme's last day (China time).
 */

type ScheduleCohort = Pick<Cohort, 'checkInEveryDays' | 'programEndsOn' | 'completedAt'>;

export interface DueCheckIn {
  period: number;
  at: Date;
}

/** The instant period `period` starts; `dayMs` is a day's length (CHECK_IN_DAY_MS: shorter in tests). */
export function periodStart(acceptedAt: Date, period: number, everyDays: number, dayMs: number): Date {
  return new Date(acceptedAt.getTime() + period * everyDays * dayMs);
}

/** The end of a China calendar date (`YYYY-MM-DD`): the programme's last day counts whole. */
export function endOfChinaDay(date: string): Date {
  return new Date(new Date(`${date}T00:00:00+08:00`).getTime() + 86_400_000 - 1);
}

/** The check-in due at period `period`, or null when none is (see above). */
export function checkInDue(cohort: ScheduleCohort, acceptedAt: Date, period: number, dayMs: number): DueCheckIn | null {
  if (cohort.completedAt || cohort.checkInEveryDays === 0) return null;
  const at = periodStart(acceptedAt, period, cohort.checkInEveryDays, dayMs);
  if (cohort.programEndsOn && at > endOfChinaDay(cohort.programEndsOn)) return null;
  return { period, at };
}

/**
 * After a cohort's check-in interval or programme end changed: every accepted pair is due the period after the last
 * one it was sent, at the new interval, or nothing (off, or past the new end). The delayed jobs of the old times find
 * the pair moved and send nothing; the reconcile adds the jobs of the new ones, and the sweep sends any already due.
 */
export async function rescheduleCheckIns(manager: EntityManager, cohort: ScheduleCohort & Pick<Cohort, 'id'>, dayMs: number): Promise<void> {
  await manager.query(
    `UPDATE matches m
     LEFT JOIN (SELECT ck.match_id, MAX(ck.period) AS sent FROM check_ins ck JOIN matches mm ON mm.id = ck.match_id
                WHERE mm.cohort_id = ? GROUP BY ck.match_id) c ON c.match_id = m.id
     SET m.next_check_in_period = COALESCE(c.sent, 0) + 1,
         m.next_check_in_at = DATE_ADD(m.accepted_at, INTERVAL (COALESCE(c.sent, 0) + 1) * ? MICROSECOND)
     WHERE m.cohort_id = ? AND m.status = 'accepted'`,
    [cohort.id, cohort.checkInEveryDays * dayMs * 1000, cohort.id],
  );
  const off = Boolean(cohort.completedAt) || cohort.checkInEveryDays === 0;
  const end = cohort.programEndsOn ? endOfChinaDay(cohort.programEndsOn) : null;
  if (!off && !end) return;
  await manager.query(
    `UPDATE matches SET next_check_in_period = NULL, next_check_in_at = NULL
     WHERE cohort_id = ? AND status = 'accepted' AND (? OR next_check_in_at > ?)`,
    [cohort.id, off, end ?? new Date(8.64e15)],
  );
}
