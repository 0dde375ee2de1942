import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { sampleMentor } from '../../../../scripts/sample/sample-cohort';
import { CreateCohortDto, UpdateCohortDto } from '../cohorts/cohort.dto';
import { fieldErrorsOf, validationMessages } from '../common/validation';
import { DeclineDto, MentorApplicationDto } from './application.dto';

const check = <T extends object>(type: new () => T, body: object) => {
  const errors = validateSync(plainToInstance(type, body), { whitelist: true, forbidNonWhitelisted: true });
  return { fields: fieldErrorsOf(errors), messages: validationMessages(errors) };
};

describe('PlainText: the characters a text field holds', () => {
  it.each([
    ['NUL', '张\u0000伟'], ['BEL', '张\u0007伟'], ['DEL', '张\u007f伟'], ['a C1 control', '张\u0085伟'], ['LF', '张\n伟'], ['CR', '张\r伟'],
    ['a tab', '张\t伟'], ['U+2028', '张\u2028伟'], ['RLO', '\u202e伟张'], ['LRE', '\u202a张伟'], ['RLI', '\u2067张伟'], ['PDI', '张伟\u2069'],
  ])('refuses %s in a one-line field, naming it with the rule `characters`', (_what, name) => {
    const { fields, messages } = check(MentorApplicationDto, { ...sampleMentor(0), name });
    expect(fields).toEqual([{ field: 'name', rule: 'characters' }]);
    expect(messages).toEqual(['name must not contain line breaks, tabs, control characters or bidirectional-override characters']);
  });

  it('checks list items, the email and the phone', () => {
    expect(check(MentorApplicationDto, { ...sampleMentor(0), topics: ['AI', 'x\u202ey'], languages: ['中文\n'] }).fields)
      .toEqual([{ field: 'topics', rule: 'characters' }]); // the list's items are trimmed first: a trailing LF goes
    expect(check(MentorApplicationDto, { ...sampleMentor(0), languages: ['中\u0000文'] }).messages)
      .toEqual(['each value in languages must not contain line breaks, tabs, control characters or bidirectional-override characters']);
    expect(check(MentorApplicationDto, { ...sampleMentor(0), email: 'a\u202eb@example.cn' }).fields).toEqual([{ field: 'email', rule: 'characters' }]);
    expect(check(MentorApplicationDto, { ...sampleMentor(0), phone: '138\u20280000000' }).fields).toContainEqual({ field: 'phone', rule: 'characters' });
  });

  it('lets multi-line fields keep line breaks and tabs, turns CRLF into LF, and refuses the other controls', () => {
    const body = plainToInstance(MentorApplicationDto, { ...sampleMentor(0), bio: '第一行\r\n\t第二行\n' });
    expect(validateSync(body)).toEqual([]);
    expect(body.bio).toBe('第一行\n\t第二行\n');
    expect(check(MentorApplicationDto, { ...sampleMentor(0), bio: '简介\r' }).fields).toEqual([{ field: 'bio', rule: 'characters' }]);
    expect(check(MentorApplicationDto, { ...sampleMentor(0), bio: '简介\u202e' }).fields).toEqual([{ field: 'bio', rule: 'characters' }]);
    expect(check(DeclineDto, { reason: 'other', note: '抱歉\n时间冲突' }).fields).toEqual([]);
    expect(check(DeclineDto, { reason: 'other', note: '抱歉\u0000' }).fields).toEqual([{ field: 'note', rule: 'characters' }]);
  });

  it('is the rule of the cohort name (one line) and description (multi-line)', () => {
    expect(check(CreateCohortDto, { name: '第3期\r\n', description: '说明\n第二段' }).fields).toEqual([{ field: 'name', rule: 'characters' }]);
    expect(check(CreateCohortDto, { name: '第3期', description: '说明\u2066' }).fields).toEqual([{ field: 'description', rule: 'characters' }]);
  });
});

describe('cohort settings', () => {
  it.each(['maxChoices', 'responseWindowHours', 'fillWithScores', 'autoRounds', 'minScore'])('refuse %s: null, naming it, on create and update', (field) => {
    for (const [type, body] of [[CreateCohortDto, { name: '第3期', [field]: null }], [UpdateCohortDto, { [field]: null }]] as const) {
      const { fields, messages } = check(type as new () => object, body);
      expect(fields.length).toBeGreaterThan(0);
      expect(fields.every((error) => error.field === field && error.rule !== 'required')).toBe(true);
      expect(messages.every((message) => message.startsWith(`${field} `))).toBe(true);
    }
  });

  it('let a description and the weights be null, and leaving anything out, but not a null name on update', () => {
    expect(check(UpdateCohortDto, { description: null, weights: null }).fields).toEqual([]);
    expect(check(UpdateCohortDto, {}).fields).toEqual([]);
    expect(check(UpdateCohortDto, { name: null }).fields.map((error) => error.field)).toContain('name');
  });

  it('refuse weights sent as an array', () => {
    expect(check(CreateCohortDto, { name: '第3期', weights: [] }).fields).toEqual([{ field: 'weights', rule: 'type' }]);
    const weights = { topics: 1, industry: 1, affinity: 1, city: 1, rank: 1 };
    expect(check(CreateCohortDto, { name: '第3期', weights: [weights] }).fields).toContainEqual({ field: 'weights', rule: 'type' });
    expect(check(CreateCohortDto, { name: '第3期', weights }).fields).toEqual([]);
  });
});
