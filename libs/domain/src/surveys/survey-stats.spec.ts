import { SurveyQuestion } from '@app/contracts';
import { distribution, mean, netPromoterScore, questionResult, ResponseForResults } from './survey-stats';

describe('survey maths', () => {
  it('means round to two decimals and are null without values', () => {
    expect(mean([5, 4, 2])).toBe(3.67);
    expect(mean([1])).toBe(1);
    expect(mean([])).toBeNull();
  });

  it('NPS is the share of 9–10 minus the share of 0–6, 7 and 8 counting only in the total', () => {
    expect(netPromoterScore([10, 9, 3])).toBe(33);
    expect(netPromoterScore([7, 8, 7, 8])).toBe(0);
    expect(netPromoterScore([0, 6])).toBe(-100);
    expect(netPromoterScore([9, 10])).toBe(100);
    expect(netPromoterScore([10, 6, 7])).toBe(0);
    expect(netPromoterScore([])).toBeNull();
  });

  it('distributions count each value in value order and ignore values outside the scale', () => {
    expect(distribution([1, 5, 5, 3], 1, 5)).toEqual([1, 0, 1, 0, 2]);
    expect(distribution([0, 10, 11, -1], 0, 10)).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(distribution([], 0, 2)).toEqual([0, 0, 0]);
  });
});

describe('questionResult', () => {
  const response = (answers: ResponseForResults['answers'], shareName = false, name = '李雷'): ResponseForResults =>
    ({ role: 'student', name, shareName, answers });
  const question = (kind: SurveyQuestion['kind'], options?: SurveyQuestion['options']): SurveyQuestion =>
    ({ id: 'q', kind, text: { zh: '题目' }, required: false, ...(options && { options }) });

  it('counts only the responses that answered the question', () => {
    const result = questionResult(question('rating5'), [response({ q: 4 }), response({}), response({ q: 2 })]);
    expect(result).toEqual({ id: 'q', kind: 'rating5', n: 2, mean: 3, distribution: [0, 1, 0, 1, 0] });
  });

  it('gives an NPS question its score, mean and eleven-bar distribution', () => {
    const result = questionResult(question('nps'), [response({ q: 10 }), response({ q: 0 })]);
    expect(result).toMatchObject({ n: 2, nps: 0, mean: 5 });
    expect(result.distribution).toHaveLength(11);
  });

  it('counts a choice by option index, one bar per option', () => {
    const result = questionResult(question('choice', [{ zh: '愿意' }, { zh: '也许' }, { zh: '不愿意' }]), [response({ q: 2 }), response({ q: 0 }), response({ q: 2 })]);
    expect(result).toEqual({ id: 'q', kind: 'choice', n: 3, distribution: [1, 0, 2] });
  });

  it('names a text answer only when its respondent chose to share the name', () => {
    const result = questionResult(question('text'), [response({ q: '很有帮助' }, true, '王芳'), response({ q: '希望多见面' }, false, '张伟')]);
    expect(result.texts).toEqual([
      { text: '很有帮助', role: 'student', name: '王芳' },
      { text: '希望多见面', role: 'student', name: null },
    ]);
  });
});
