import { CHINA_TIME_ZONE } from '@/format/time';

/**
 * The date picker works in wall-clock strings (`YYYY-MM-DD HH:mm`), which this console reads as China time whatever
 * the coordinator's own time zone: an instant becomes its China wall clock and back, with the +08:00 offset.
 */
export function toChinaWallClock(iso: string | null): string | null {
  if (!iso) return null;
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
    timeZone: CHINA_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(new Date(iso)).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

export function fromChinaWallClock(wallClock: string | null): string | null {
  return wallClock ? new Date(`${wallClock.replace(' ', 'T')}:00+08:00`).toISOString() : null;
}
