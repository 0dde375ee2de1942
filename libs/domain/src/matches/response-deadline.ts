import { endOfChinaDay } from '../pairs/check-in-schedule';
import { chinaDateOf } from '../pairs/china-date';

/**
 * A proposal's deadline (DESIGN §9): the end of the China-time day on which the response window runs out, its last
 * millisecond (23:59:59.999 China time), so every email can name one day "23:59（北京时间）" and an answer given
 * during that minute still counts. The mentor thus gets at least `windowHours`, and less than a day more.
 */
export function responseDeadline(proposedAt: Date, windowHours: number): Date {
  return endOfChinaDay(chinaDateOf(new Date(proposedAt.getTime() + windowHours * 3600_000)));
}
