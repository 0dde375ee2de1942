import { COHORT_LIMITS, PairHealth, PairStatus } from '@app/contracts';
import { endOfChinaDay } from './check-in-schedule';

/** What pair health is read from; the pairs table gathers these per pair in one query. */
export interface PairSignals {
  status: PairStatus;
  acceptedAt: Date;
  /** The latest meeting's day (`YYYY-MM-DD`, China). */
  lastMeetingOn: string | null;
  /** The latest `on_track` answer of either member. */
  lastOnTrackAt: Date | null;
  /** Either member's answer to a check-in still open (not yet closed by the next period) is `need_help`. */
  needHelpOpen: boolean;
}

/**
 * The last sign that the pair is meeting: a meeting (counted at the end of its day, so a meeting logged today counts
 * as today's) or an `on_track` answer, whichever is later; acceptance when there is neither.
 */
export function lastContactAt(signals: Pick<PairSignals, 'acceptedAt' | 'lastMeetingOn' | 'lastOnTrackAt'>): Date {
  const times = [signals.acceptedAt.getTime()];
  if (signals.lastMeetingOn) times.push(endOfChinaDay(signals.lastMeetingOn).getTime());
  if (signals.lastOnTrackAt) times.push(signals.lastOnTrackAt.getTime());
  return new Date(Math.max(...times));
}

/**
 * Pair health (DESIGN §7), the one rule the console, the export and the report use:
 * - `ended` / `completed` for those statuses;
 * - `at_risk` when a `need_help` answer is open, or two full check-in periods passed without a meeting or an
 *   `on_track` answer (counted from acceptance, or from the latest such sign);
 * - `needs_attention` when one full period passed so;
 * - `on_track` otherwise.
 * The period is the cohort's `checkInEveryDays` (the default 30 days while check-ins are off) of `dayMs` each.
 */
export function pairHealth(signals: PairSignals, checkInEveryDays: number, now: Date, dayMs: number): PairHealth {
  if (signals.status !== 'accepted') return signals.status;
  if (signals.needHelpOpen) return 'at_risk';
  const periodMs = (checkInEveryDays || COHORT_LIMITS.checkInEveryDays.default) * dayMs;
  const quietPeriods = Math.floor((now.getTime() - lastContactAt(signals).getTime()) / periodMs);
  if (quietPeriods >= 2) return 'at_risk';
  if (quietPeriods >= 1) return 'needs_attention';
  return 'on_track';
}
