/** The calendar date (`YYYY-MM-DD`) an instant falls on in China, where the programme's days are counted. */
export function chinaDateOf(instant: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** Whether `YYYY-MM-DD` names a real day (not 2027-02-30). */
export function isCalendarDate(date: string): boolean {
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
}
