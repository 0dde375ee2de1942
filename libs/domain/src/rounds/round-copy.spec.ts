import { ExplanationReason } from '@app/matching';
import { describeReason } from './round-copy';

describe('describeReason', () => {
  it('puts each reason in plain Chinese and English words', () => {
    const full = { mentorId: 'm1', rank: 1, reason: 'full', cutoffRank: 3 } as const;
    expect(describeReason(full, 'zh')).toContain('名额已满');
    expect(describeReason(full, 'en')).toContain('ranked higher');
    const declined = { mentorId: 'm1', rank: 1, reason: 'excluded', exclusion: 'declined_before' } as const;
    expect(describeReason(declined, 'en')).toBe('this mentor declined a match with you before');
    const unknown = { mentorId: 'm1', rank: 1, reason: 'excluded', exclusion: 'something_new' } as const;
    expect(describeReason(unknown, 'zh')).toBe('这位师友本轮未参与与您的匹配');
  });
});

describe('the round words a student reads', () => {
  it('speak in one register: 您 and 师友 / 生友, never 你, 导师 or 同学', () => {
    const reasons: ExplanationReason[] = [
      { mentorId: 'm', rank: 1, reason: 'full', cutoffRank: 2 },
      { mentorId: 'm', rank: 1, reason: 'no_capacity' },
      { mentorId: 'm', rank: 1, reason: 'not_acceptable' },
      ...['declined_before', 'expired_before', 'not_approved', 'no_capacity', 'unknown'].map(
        (exclusion): ExplanationReason => ({ mentorId: 'm', rank: 1, reason: 'excluded', exclusion }),
      ),
    ];
    for (const reason of reasons) expect(describeReason(reason, 'zh')).not.toMatch(/你|导师|同学/);
  });
});
