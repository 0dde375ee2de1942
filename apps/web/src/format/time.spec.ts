import { chinaDate, formatDateTime } from './time';

describe('China time on the pages', () => {
  it('shows an instant in China time, year first, whatever the language', () => {
    expect(formatDateTime('2026-12-04T18:42:07.029Z', 'zh-CN')).toBe('2026-12-05 02:42');
    expect(formatDateTime('2026-12-04T18:42:07.029Z', 'en')).toBe('2026-12-05 02:42');
    expect(formatDateTime(new Date('2026-12-04T18:42:07.029Z'), 'en', true)).toBe('2026-12-05 02:42:07');
  });

  it('shows midnight as 00, not 24', () => {
    expect(formatDateTime('2026-12-04T16:00:00Z', 'zh-CN')).toBe('2026-12-05 00:00');
  });

  it('shows nothing for a missing or broken value', () => {
    expect(formatDateTime(null, 'zh-CN')).toBe('');
    expect(formatDateTime('', 'zh-CN')).toBe('');
    expect(formatDateTime('not a time', 'zh-CN')).toBe('');
  });

  it('gives the China calendar date of an instant late in the UTC day', () => {
    expect(chinaDate('2026-12-31T17:30:00Z')).toBe('2027-01-01');
  });
});
