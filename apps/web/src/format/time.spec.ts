import { chinaDate, formatDateTime, responseDeadlineFrom } from './time';

describe('China time on the pages', () => {
  it('shows an instant in China time, year first (the same in Chinese and English)', () => {
    expect(formatDateTime('2026-12-04T18:42:07.029Z')).toBe('2026-12-05 02:42');
    expect(formatDateTime(new Date('2026-12-04T18:42:07.029Z'), true)).toBe('2026-12-05 02:42:07');
  });

  it('shows midnight as 00, not 24', () => {
    expect(formatDateTime('2026-12-04T16:00:00Z')).toBe('2026-12-05 00:00');
  });

  it('shows nothing for a missing or broken value', () => {
    expect(formatDateTime(null)).toBe('');
    expect(formatDateTime('')).toBe('');
    expect(formatDateTime('not a time')).toBe('');
  });

  it('gives the China calendar date of an instant late in the UTC day', () => {
    expect(chinaDate('2026-12-31T17:30:00Z')).toBe('2027-01-01');
  });

  it('names the end of the China day on which a response window runs out', () => {
    // 23:30 on 4 Dec in China (15:30 UTC) plus an hour is already 5 Dec in China.
    expect(responseDeadlineFrom(new Date('2026-12-04T15:30:00Z'), 1)).toBe('2026-12-05 23:59');
    expect(responseDeadlineFrom(new Date('2026-12-01T02:00:00Z'), 72)).toBe('2026-12-04 23:59');
  });
});
