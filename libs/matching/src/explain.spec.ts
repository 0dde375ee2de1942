import { describeReason, explain } from './explain';
import { solve } from './solver';
import type { Instance } from './types';

// s2 wants, in order: m-full (taken by s1, whom it ranks higher), m-shy (doesn't list s2),
// m-zero (no places), then m-ok, which it gets.
const instance: Instance = {
  students: [
    { id: 's1', prefs: ['m-full'] },
    { id: 's2', prefs: ['m-full', 'm-shy', 'm-zero', 'm-ok'] },
    { id: 's3', prefs: ['m-full'] },
  ],
  mentors: [
    { id: 'm-full', capacity: 1, prefs: ['s1', 's2', 's3'] },
    { id: 'm-shy', capacity: 1, prefs: [] },
    { id: 'm-zero', capacity: 0, prefs: ['s2'] },
    { id: 'm-ok', capacity: 1, prefs: ['s2'] },
  ],
};

describe('explain', () => {
  const { assignments } = solve(instance);

  it('gives a reason for every mentor ranked above the assigned one', () => {
    expect(explain(instance, assignments).s2).toEqual({
      assignedMentorId: 'm-ok',
      rankOfAssigned: 4,
      reasons: [
        { mentorId: 'm-full', rank: 1, reason: 'full', cutoffRank: 1 },
        { mentorId: 'm-shy', rank: 2, reason: 'not_acceptable' },
        { mentorId: 'm-zero', rank: 3, reason: 'no_capacity' },
      ],
    });
  });

  it('gives no reasons to a student who got its first choice', () => {
    expect(explain(instance, assignments).s1).toEqual({ assignedMentorId: 'm-full', rankOfAssigned: 1, reasons: [] });
  });

  it('explains every mentor to an unmatched student', () => {
    expect(explain(instance, assignments).s3).toEqual({
      assignedMentorId: null,
      rankOfAssigned: null,
      reasons: [{ mentorId: 'm-full', rank: 1, reason: 'full', cutoffRank: 1 }],
    });
  });

  it('explains mentors excluded from the round using the wanted ranking of the context', () => {
    const wanted = {
      s3: [{ mentorId: 'm-gone', excluded: 'declined_before' }, { mentorId: 'm-full' }, { mentorId: 'm-left' }],
    };
    expect(explain(instance, assignments, { wanted }).s3.reasons).toEqual([
      { mentorId: 'm-gone', rank: 1, reason: 'excluded', exclusion: 'declined_before' },
      { mentorId: 'm-full', rank: 2, reason: 'full', cutoffRank: 1 },
      { mentorId: 'm-left', rank: 3, reason: 'excluded', exclusion: 'not_in_round' },
    ]);
  });

  it('refuses to explain an unstable matching', () => {
    expect(() => explain(instance, { s1: null, s2: 'm-ok', s3: null })).toThrow(/stable matching/);
  });
});

describe('describeReason', () => {
  it('puts each reason in plain Chinese and English words', () => {
    const full = { mentorId: 'm1', rank: 1, reason: 'full', cutoffRank: 3 } as const;
    expect(describeReason(full, 'zh')).toContain('名额已满');
    expect(describeReason(full, 'en')).toContain('ranked higher');
    const declined = { mentorId: 'm1', rank: 1, reason: 'excluded', exclusion: 'declined_before' } as const;
    expect(describeReason(declined, 'en')).toBe('this mentor declined a match with you before');
    const unknown = { mentorId: 'm1', rank: 1, reason: 'excluded', exclusion: 'something_new' } as const;
    expect(describeReason(unknown, 'zh')).toBe('该导师本轮未参与与你的匹配');
  });
});
