import { describeReason } from './round-copy';

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
