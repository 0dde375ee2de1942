import { SURVEY_TEMPLATES, SurveyDefinition, SurveyQuestion } from '@app/contracts';
import { answerProblems, definitionProblems, storedAnswers } from './survey-rules';

const now = new Date('2027-05-01T00:00:00Z');
const definition = (overrides: Partial<SurveyDefinition<Date>> = {}): SurveyDefinition<Date> =>
  ({ ...SURVEY_TEMPLATES.final, closesAt: new Date('2027-06-30T15:59:00Z'), ...overrides });

describe('definitionProblems', () => {
  it('finds nothing wrong with the templates', () => {
    expect(definitionProblems(definition(), now)).toEqual([]);
    expect(definitionProblems({ ...SURVEY_TEMPLATES.midterm, closesAt: definition().closesAt }, now)).toEqual([]);
  });

  it('needs a closing time in the future', () => {
    expect(definitionProblems(definition({ closesAt: now }), now)).toEqual([{ field: 'closesAt', rule: 'min' }]);
  });

  it('needs distinct ids, options on a choice (at least two) and none on other kinds', () => {
    const questions: SurveyQuestion[] = [
      { id: 'a', kind: 'choice', text: { zh: '一' }, required: true },
      { id: 'b', kind: 'choice', text: { zh: '二' }, options: [{ zh: '只有一个' }], required: true },
      { id: 'a', kind: 'text', text: { zh: '三' }, options: [{ zh: 'x' }, { zh: 'y' }], required: false },
    ];
    expect(definitionProblems(definition({ questions }), now)).toEqual([
      { field: 'questions.0.options', rule: 'required' },
      { field: 'questions.1.options', rule: 'minItems', limit: 2 },
      { field: 'questions.2.id', rule: 'unique' },
      { field: 'questions.2.options', rule: 'unknown' },
    ]);
  });
});

describe('answerProblems', () => {
  const questions = SURVEY_TEMPLATES.final.questions;
  const valid = { satisfaction: 5, recommend: 9, again: 0 };

  it('accepts every answer in range, and optional questions left out or empty', () => {
    expect(answerProblems(questions, valid)).toEqual([]);
    expect(answerProblems(questions, { satisfaction: 1, recommend: 0, again: 2, helpful: '', improve: '多组织线下活动' })).toEqual([]);
  });

  it('names each answer of the wrong kind or out of range, and unknown ones', () => {
    expect(answerProblems(questions, { satisfaction: 0, recommend: 11, again: 3, helpful: 5, extra: 'x' })).toEqual([
      { field: 'answers.extra', rule: 'unknown' },
      { field: 'answers.satisfaction', rule: 'min', limit: 1 },
      { field: 'answers.recommend', rule: 'max', limit: 10 },
      { field: 'answers.again', rule: 'oneOf' },
      { field: 'answers.helpful', rule: 'type' },
    ]);
    expect(answerProblems(questions, { ...valid, satisfaction: 4.5 })).toEqual([{ field: 'answers.satisfaction', rule: 'type' }]);
    expect(answerProblems(questions, { ...valid, helpful: '长'.repeat(2001) })).toEqual([{ field: 'answers.helpful', rule: 'maxLength', limit: 2000 }]);
  });

  it('names every required question left unanswered', () => {
    expect(answerProblems(questions, { satisfaction: 3 })).toEqual([
      { field: 'answers.recommend', rule: 'required' },
      { field: 'answers.again', rule: 'required' },
    ]);
  });

  it('stores answers without the empty ones', () => {
    expect(storedAnswers({ satisfaction: 5, helpful: '', improve: '建议' })).toEqual({ satisfaction: 5, improve: '建议' });
  });
});
