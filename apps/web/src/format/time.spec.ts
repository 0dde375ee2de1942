import { chinaDate, formatDateTime } from './time';

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
});
