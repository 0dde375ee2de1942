import { formatDateTime } from '@/format/time';

/**
 * The date picker works in wall-clock strings (`YYYY-MM-DD HH:mm`), which this console reads as China time whatever
 * the coordinator's own time zone: an instant becomes its China wall clock (as every page writes times) and back,
 * with the +08:00 offset.
 */
export function toChinaWallClock(iso: string | null): string | null {
  return formatDateTime(iso) || null;
}

export function fromChinaWallClock(wallClock: string | null): string | null {
  return wallClock ? new Date(`${wallClock.replace(' ', 'T')}:00+08:00`).toISOString() : null;
}
