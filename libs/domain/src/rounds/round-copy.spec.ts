import { ExplanationReason } from '@app/matching';
import { describeReason, explanationView } from './round-copy';

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

describe('explanationView', () => {
  const reasons = [
    { mentorId: 4, rank: 1, reason: 'full', cutoffRank: 2 },
    { mentorId: 9, rank: 2, reason: 'excluded', exclusion: 'declined_before' },
  ];

  it('words the stored codes: the headline from how many mentors stood above, a sentence per reason', () => {
    const view = explanationView({ reasons, score: { score: 0.5, parts: { topics: 0.5 } } }, true);
    expect(view.summary.zh).toBe('匹配到了您名单上的第 3 位师友；排在前面的师友原因如下。');
    expect(view.summary.en).toBe('Matched with mentor #3 on your list; the reasons for those above follow.');
    expect(view.reasons).toEqual([
      { mentorId: 4, rank: 1, reason: 'full', cutoffRank: 2, text: { zh: describeReason({ reason: 'full' }, 'zh'), en: describeReason({ reason: 'full' }, 'en') } },
      { mentorId: 9, rank: 2, reason: 'excluded', exclusion: 'declined_before', text: { zh: '这位师友此前已婉拒与您匹配', en: 'this mentor declined a match with you before' } },
    ]);
    expect(view.score).toEqual({ score: 0.5, parts: { topics: 0.5 } });
  });

  it('tells a first choice, an unmatched student and one nobody could be considered for apart', () => {
    expect(explanationView({ reasons: [] }, true).summary.zh).toBe('匹配到了您的第一志愿。');
    expect(explanationView({ reasons }, false).summary.zh).toContain('本轮未能匹配');
    expect(explanationView({ reasons: [] }, false).summary.zh).toContain('本轮没有可匹配的师友');
  });

  it('words a row stored with words of its own from its codes, as any other', () => {
    const legacy = { reasons: [{ ...reasons[1], text: { zh: '旧的说法', en: 'old words' } }], summary: { zh: '旧', en: 'old' } };
    const view = explanationView(legacy, false);
    expect(view.reasons[0].text.zh).toBe('这位师友此前已婉拒与您匹配');
    expect(view.summary.zh).toContain('本轮未能匹配');
  });
});
