import { fieldMessages } from './error-text';

const t = (key: string, values?: Record<string, unknown>) => `${key}${values ? JSON.stringify(values) : ''}`;

describe('fieldMessages', () => {
  it('gives a list field one message naming the first broken item', () => {
    expect(fieldMessages([{ field: 'topics.2', rule: 'maxLength', limit: 30 }, { field: 'topics.4', rule: 'required' }], t)).toEqual({
      topics: 'common.rules.item{"index":3,"text":"common.rules.maxLength{\\"limit\\":30}"}',
    });
  });

  it('keeps a named sub-field (a survey answer) as a field of its own', () => {
    expect(fieldMessages([{ field: 'answers.satisfaction', rule: 'max', limit: 5 }, { field: 'answers.again', rule: 'required' }, { field: 'email', rule: 'email' }], t)).toEqual({
      'answers.satisfaction': 'common.rules.max{"limit":5}',
      'answers.again': 'common.rules.required{"limit":""}',
      email: 'common.rules.email{"limit":""}',
    });
  });
});
