import { SurveyAnswer, SurveyQuestion } from '@app/contracts';
import { acceptanceRate, median, medianOfHistogram, rate, ReportAggregates, reportFigures, surveyFigures } from './report-figures';

/**
 * A hand-built cohort: 4 mentors applied (3 approved), 7 students (5 approved); 2 rounds; 10 proposals —
 * 王老师 accepted 2 and declined 1, 李老师 had one pair end and one complete, declined 2, let 1 expire, had 1 cancelled
 * and 1 still open. Answers took 1, 2, 3 hours (王) and 10, 30, 5, 4 hours (李). The 4 pairs logged 0, 2, 3 and 5
 * meetings, 725 minutes in all. 10 check-ins were sent: 4 on track, 2 not yet, 1 need help, 3 unanswered.
 */
const cohort: ReportAggregates = {
  applications: [
    { role: 'mentor', status: 'approved', count: 3 },
    { role: 'mentor', status: 'rejected', count: 1 },
    { role: 'student', status: 'approved', count: 5 },
    { role: 'student', status: 'submitted', count: 1 },
    { role: 'student', status: 'withdrawn', count: 1 },
  ],
  rounds: 2,
  matches: [
    { status: 'accepted', declineReason: null, count: 2 },
    { status: 'ended', declineReason: null, count: 1 },
    { status: 'completed', declineReason: null, count: 1 },
    { status: 'declined', declineReason: 'not_a_fit', count: 2 },
    { status: 'declined', declineReason: 'no_capacity', count: 1 },
    { status: 'expired', declineReason: null, count: 1 },
    { status: 'cancelled', declineReason: null, count: 1 },
    { status: 'proposed', declineReason: null, count: 1 },
  ],
  mentorMatches: [
    { mentorId: 1, name: '王老师', status: 'accepted', count: 2 },
    { mentorId: 1, name: '王老师', status: 'declined', count: 1 },
    { mentorId: 2, name: '李老师', status: 'ended', count: 1 },
    { mentorId: 2, name: '李老师', status: 'completed', count: 1 },
    { mentorId: 2, name: '李老师', status: 'declined', count: 2 },
    { mentorId: 2, name: '李老师', status: 'expired', count: 1 },
    { mentorId: 2, name: '李老师', status: 'cancelled', count: 1 },
    { mentorId: 2, name: '李老师', status: 'proposed', count: 1 },
  ],
  answers: [1, 2, 3].map((hours) => ({ mentorId: 1, hours })).concat([10, 30, 5, 4].map((hours) => ({ mentorId: 2, hours }))),
  meetingsPerPair: [{ value: 0, count: 1 }, { value: 5, count: 1 }, { value: 2, count: 1 }, { value: 3, count: 1 }],
  meetingTotals: { count: 10, minutes: 725 },
  meetingsByMonth: [{ month: '2026-12', count: 6 }, { month: '2026-11', count: 4 }],
  checkIns: [
    { answer: null, count: 3 },
    { answer: 'on_track', count: 4 },
    { answer: 'not_yet', count: 2 },
    { answer: 'need_help', count: 1 },
  ],
};

describe('report figures', () => {
  it('median: the middle value, the mean of the two middle ones, null for none', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 10])).toBe(3.5);
    expect(median([])).toBeNull();
  });

  it('medianOfHistogram agrees with the median of the list it stands for', () => {
    expect(medianOfHistogram([{ value: 0, count: 3 }, { value: 1, count: 1 }])).toBe(0);
    expect(medianOfHistogram([{ value: 2, count: 2 }, { value: 0, count: 2 }])).toBe(1);
    expect(medianOfHistogram([{ value: 7, count: 1 }])).toBe(7);
    expect(medianOfHistogram([{ value: 1, count: 0 }])).toBeNull();
    const values = [0, 0, 1, 4, 4, 4, 9, 12];
    const histogram = [...new Set(values)].map((value) => ({ value, count: values.filter((other) => other === value).length }));
    expect(medianOfHistogram(histogram)).toBe(median(values));
  });

  it('rates have three decimals and are null over nothing', () => {
    expect(rate(2, 3)).toBe(0.667);
    expect(rate(0, 0)).toBeNull();
    expect(acceptanceRate(4, 3, 1)).toBe(0.5);
  });

  it('the hand-built cohort', () => {
    expect(reportFigures(cohort)).toEqual({
      recruited: { mentors: 4, students: 7 },
      approved: { mentors: 3, students: 5 },
      rounds: 2,
      proposals: 10,
      accepted: 4,
      declined: { no_capacity: 1, not_a_fit: 2, unavailable: 0, other: 0 },
      expired: 1,
      acceptanceRate: 0.5,
      medianHoursToAnswer: 4,
      pairs: { accepted: 2, ended: 1, completed: 1 },
      meetings: { count: 10, hours: 12.1, medianPerPair: 2.5, byMonth: [{ month: '2026-11', count: 4 }, { month: '2026-12', count: 6 }] },
      checkIns: { sent: 10, answered: 7, responseRate: 0.7, byAnswer: { on_track: 4, not_yet: 2, need_help: 1 } },
      mentors: [
        { mentorId: 2, name: '李老师', proposals: 7, accepted: 2, declined: 2, expired: 1, acceptanceRate: 0.4, medianHoursToAnswer: 7.5 },
        { mentorId: 1, name: '王老师', proposals: 3, accepted: 2, declined: 1, expired: 0, acceptanceRate: 0.667, medianHoursToAnswer: 2 },
      ],
    });
  });

  it('an empty cohort has zeros and no rates', () => {
    const empty = reportFigures({ applications: [], rounds: 0, matches: [], mentorMatches: [], answers: [], meetingsPerPair: [], meetingTotals: { count: 0, minutes: 0 }, meetingsByMonth: [], checkIns: [] });
    expect(empty).toMatchObject({ proposals: 0, acceptanceRate: null, medianHoursToAnswer: null, meetings: { count: 0, hours: 0, medianPerPair: 0 }, checkIns: { sent: 0, responseRate: null }, mentors: [] });
  });

  it("a survey's NPS and mean rating over every answer of those kinds; a survey nobody was invited to has rate 0", () => {
    const questions: SurveyQuestion[] = [
      { id: 'satisfaction', kind: 'rating5', text: { zh: '满意度' }, required: true },
      { id: 'helped', kind: 'rating5', text: { zh: '帮助' }, required: false },
      { id: 'recommend', kind: 'nps', text: { zh: '推荐' }, required: true },
      { id: 'words', kind: 'text', text: { zh: '想说的话' }, required: false },
    ];
    const responses: Array<{ answers: Record<string, SurveyAnswer> }> = [
      { answers: { satisfaction: 5, helped: 4, recommend: 10, words: '很好' } },
      { answers: { satisfaction: 3, recommend: 6 } },
      { answers: { satisfaction: 4, helped: 5, recommend: 9 } },
    ];
    expect(surveyFigures({ id: 7, title: { zh: '结业问卷' }, questions }, 4, responses)).toEqual({
      id: 7, title: { zh: '结业问卷' }, invited: 4, responded: 3, responseRate: 0.75, nps: 33, meanRating: 4.2,
    });
    expect(surveyFigures({ id: 8, title: { zh: '空' }, questions }, 0, [])).toMatchObject({ responseRate: 0, nps: null, meanRating: null });
  });
});
