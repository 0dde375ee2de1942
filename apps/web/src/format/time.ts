/** Every time the pages show is China time, whatever the device's own zone. */
export const CHINA_TIME_ZONE = 'Asia/Shanghai';

const PARTS = new Intl.DateTimeFormat('en-CA', {
  timeZone: CHINA_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});

function chinaParts(date: Date): Record<string, string> {
  return Object.fromEntries(PARTS.formatToParts(date).map((part) => [part.type, part.value]));
}

function toDate(value: string | Date): Date {
  return typeof value === 'string' ? new Date(value) : value;
}

/**
 * `2026-12-05 02:42` in China time, in every language: year first reads the same in Chinese and English, where
 * `12/05/2026` would be read as May by some and December by others. '' for a missing or invalid value.
 */
export function formatDateTime(value: string | Date | null | undefined, withSeconds = false): string {
  if (value === null || value === undefined || value === '') return '';
  const date = toDate(value);
  if (Number.isNaN(date.getTime())) return '';
  const { year, month, day, hour, minute, second } = chinaParts(date);
  return `${year}-${month}-${day} ${hour}:${minute}${withSeconds ? `:${second}` : ''}`;
}

/** The calendar date in China (YYYY-MM-DD) of an instant. */
export function chinaDate(value: string | Date): string {
  const { year, month, day } = chinaParts(toDate(value));
  return `${year}-${month}-${day}`;
}

/**
 * The deadline a proposal made now gets, as the pages show it (`2026-12-05 23:59`): the end of the China day on which
 * the response window runs out. The API decides it (libs/domain/src/matches/response-deadline.ts); the console says
 * it beforehand, so the coordinator reads the day the emails will name.
 */
export function responseDeadlineFrom(now: Date, windowHours: number): string {
  return `${chinaDate(new Date(now.getTime() + windowHours * 3_600_000))} 23:59`;
}
