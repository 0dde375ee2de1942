import type { CohortReport, MentorResponseFigures } from '@app/contracts';
import { percentText, servedCounts } from './report-view';

const mentor = (mentorId: number, accepted: number): MentorResponseFigures => ({
  mentorId, name: `师友${mentorId}`, proposals: 2, accepted, declined: 2 - accepted, expired: 0, acceptanceRate: accepted / 2, medianHoursToAnswer: 3,
});

describe('the report page', () => {
  it("counts the office's sentence: mentors with a pair, and every pair's student whatever the pair became", () => {
    const report = { mentors: [mentor(1, 2), mentor(2, 0), mentor(3, 1)], pairs: { accepted: 1, ended: 1, completed: 1 } } as unknown as CohortReport;
    expect(servedCounts(report)).toEqual({ mentors: 2, students: 3 });
  });

  it('writes rates as percents with one decimal, and a dash for none', () => {
    expect(percentText(0.667)).toBe('66.7%');
    expect(percentText(1)).toBe('100%');
    expect(percentText(null)).toBe('—');
  });
});
