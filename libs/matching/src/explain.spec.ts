import { explain } from './explain';
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
