import { checkInDue, endOfChinaDay, periodStart } from './check-in-schedule';

const DAY = 86_400_000;
// 10:00 in China on 1 March 2027.
const acceptedAt = new Date('2027-03-01T02:00:00Z');
const weekly = { checkInEveryDays: 7, programEndsOn: null, completedAt: null };

describe('periodStart', () => {
  it('counts whole periods from the acceptance instant, in days of dayMs', () => {
    expect(periodStart(acceptedAt, 1, 7, DAY)).toEqual(new Date('2027-03-08T02:00:00Z'));
    expect(periodStart(acceptedAt, 3, 7, DAY)).toEqual(new Date('2027-03-22T02:00:00Z'));
    expect(periodStart(acceptedAt, 2, 1, 2000)).toEqual(new Date(acceptedAt.getTime() + 4000));
  });
});

describe('endOfChinaDay', () => {
  it('is the last millisecond of that date in China (UTC+8), not in UTC', () => {
    expect(endOfChinaDay('2027-03-31')).toEqual(new Date('2027-03-31T23:59:59.999+08:00'));
    expect(endOfChinaDay('2027-03-31').toISOString()).toBe('2027-03-31T15:59:59.999Z');
  });
});

describe('checkInDue', () => {
  it('is due at the start of each period after acceptance', () => {
    expect(checkInDue(weekly, acceptedAt, 1, DAY)).toEqual({ period: 1, at: new Date('2027-03-08T02:00:00Z') });
    expect(checkInDue(weekly, acceptedAt, 2, DAY)).toEqual({ period: 2, at: new Date('2027-03-15T02:00:00Z') });
    expect(checkInDue({ ...weekly, checkInEveryDays: 1 }, acceptedAt, 1, 2000)).toEqual({ period: 1, at: new Date(acceptedAt.getTime() + 2000) });
  });

  it('is never due while check-ins are off (0 days)', () => {
    expect(checkInDue({ ...weekly, checkInEveryDays: 0 }, acceptedAt, 1, DAY)).toBeNull();
  });

  it("still sends a check-in that falls on the programme's last China day, up to 23:59:59.999 +08:00", () => {
    // Period 1 starts 2027-03-08T02:00Z, 10:00 on 8 March in China.
    expect(checkInDue({ ...weekly, programEndsOn: '2027-03-08' }, acceptedAt, 1, DAY)).toEqual({ period: 1, at: new Date('2027-03-08T02:00:00Z') });
    // Accepted so that period 1 starts exactly at the last millisecond of 8 March in China.
    const lastInstant = new Date(new Date('2027-03-08T23:59:59.999+08:00').getTime() - 7 * DAY);
    expect(checkInDue({ ...weekly, programEndsOn: '2027-03-08' }, lastInstant, 1, DAY)).toEqual({ period: 1, at: new Date('2027-03-08T15:59:59.999Z') });
  });

  it("sends none that would start after the programme's last China day, by as little as 1 ms", () => {
    const justAfter = new Date(new Date('2027-03-09T00:00:00+08:00').getTime() - 7 * DAY);
    expect(checkInDue({ ...weekly, programEndsOn: '2027-03-08' }, justAfter, 1, DAY)).toBeNull();
    expect(checkInDue({ ...weekly, programEndsOn: '2027-03-08' }, acceptedAt, 2, DAY)).toBeNull();
    // 8 March 2027 ends at 16:00 UTC, so a UTC reading of the date would wrongly keep a check-in at 17:00 UTC.
    const eveningUtc = new Date(new Date('2027-03-08T17:00:00Z').getTime() - 7 * DAY);
    expect(checkInDue({ ...weekly, programEndsOn: '2027-03-08' }, eveningUtc, 1, DAY)).toBeNull();
  });

  it('is never due once the cohort completed (结业), whatever the dates', () => {
    expect(checkInDue({ ...weekly, completedAt: new Date('2027-03-02T00:00:00Z') }, acceptedAt, 1, DAY)).toBeNull();
    expect(checkInDue({ ...weekly, programEndsOn: '2027-12-31', completedAt: new Date('2027-03-02T00:00:00Z') }, acceptedAt, 1, DAY)).toBeNull();
  });
});
