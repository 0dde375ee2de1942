import type { Cohort } from '@app/database';

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
