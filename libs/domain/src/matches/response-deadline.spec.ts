import { responseDeadline } from './response-deadline';

describe('responseDeadline', () => {
  it('ends at 23:59:59.999 China time of the China day the window runs out on', () => {
    // 10:00 on 1 Dec in China, 72 h: runs out 10:00 on 4 Dec, so the deadline is the end of 4 Dec in China.
    expect(responseDeadline(new Date('2026-12-01T10:00:00+08:00'), 72)).toEqual(new Date('2026-12-04T23:59:59.999+08:00'));
    expect(responseDeadline(new Date('2026-12-01T02:00:00Z'), 72).toISOString()).toBe('2026-12-04T15:59:59.999Z');
  });

  it('counts the China day, not the UTC one, when they differ', () => {
    // 07:00 on 5 Dec in China is still 4 Dec in UTC (23:00): the deadline is the end of 5 Dec in China.
    expect(responseDeadline(new Date('2026-12-04T23:00:00Z'), 0)).toEqual(new Date('2026-12-05T23:59:59.999+08:00'));
    // 23:30 on 4 Dec in UTC plus an hour is 00:30 on 5 Dec in UTC but 08:30 on 5 Dec in China: the same China day.
    expect(responseDeadline(new Date('2026-12-04T23:30:00Z'), 1)).toEqual(new Date('2026-12-05T23:59:59.999+08:00'));
    // 15:30 UTC is 23:30 in China: an hour later is already the next China day, while UTC is still on the same day.
    expect(responseDeadline(new Date('2026-12-04T15:30:00Z'), 1)).toEqual(new Date('2026-12-05T23:59:59.999+08:00'));
  });

  it('puts a window running out just before China midnight on that day, and one running out at midnight on the next', () => {
    const window = 48;
    const at = (iso: string) => new Date(new Date(iso).getTime() - window * 3600_000);
    expect(responseDeadline(at('2026-12-06T23:59:59.999+08:00'), window)).toEqual(new Date('2026-12-06T23:59:59.999+08:00'));
    expect(responseDeadline(at('2026-12-07T00:00:00.000+08:00'), window)).toEqual(new Date('2026-12-07T23:59:59.999+08:00'));
  });

  it('never gives less than the window, nor a whole day more', () => {
    const start = new Date('2026-12-31T00:00:00Z').getTime();
    for (let minutes = 0; minutes < 2 * 24 * 60; minutes += 17) {
      const proposedAt = new Date(start + minutes * 60_000);
      const deadline = responseDeadline(proposedAt, 72).getTime();
      const windowEnd = proposedAt.getTime() + 72 * 3600_000;
      expect(deadline).toBeGreaterThanOrEqual(windowEnd);
      expect(deadline - windowEnd).toBeLessThan(24 * 3600_000);
      expect(new Date(deadline + 1).toISOString()).toMatch(/T16:00:00\.000Z$/);
    }
  });

  it('crosses a year end in China time', () => {
    expect(responseDeadline(new Date('2026-12-31T20:00:00+08:00'), 24)).toEqual(new Date('2027-01-01T23:59:59.999+08:00'));
  });
});
