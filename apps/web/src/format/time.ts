/** Every time the pages show is China time, whatever the device's own zone. */
export const CHINA_TIME_ZONE = 'Asia/Shanghai';

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

function dateTimeFormat(locale: string, withSeconds: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${withSeconds}`;
  let format = dateTimeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      timeZone: CHINA_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: withSeconds ? '2-digit' : undefined, hourCycle: 'h23',
    });
    dateTimeFormats.set(key, format);
  }
  return format;
}

/** `2026/12/05 02:42` in China time; '' for a missing value. */
export function formatDateTime(value: string | Date | null | undefined, locale: string, withSeconds = false): string {
  if (value === null || value === undefined || value === '') return '';
  const date = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? '' : dateTimeFormat(locale, withSeconds).format(date);
}

/** The calendar date in China (YYYY-MM-DD) of an instant. */
export function chinaDate(value: string | Date): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  return new Intl.DateTimeFormat('en-CA', { timeZone: CHINA_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}
