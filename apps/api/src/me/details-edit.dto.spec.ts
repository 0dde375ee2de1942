import { APPLICATION_LIMITS as L, EDITABLE_FIELDS } from '@app/contracts';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { sampleMentor, sampleStudent } from '../../../../scripts/sample/sample-cohort';
import { fieldErrorsOf, validationMessages } from '../common/validation';
import { MentorDetailsEditDto, StudentDetailsEditDto } from './details-edit.dto';

// As the API's pipe checks a body: unknown fields refused.
const check = (type: new () => object, body: object) => {
  const instance = plainToInstance(type, body);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  return { fields: fieldErrorsOf(errors), messages: validationMessages(errors), instance };
};

describe("the edit of an applicant's own details (PATCH /api/me)", () => {
  it('takes any part of the editable fields, and nothing at all', () => {
    expect(check(MentorDetailsEditDto, { capacity: 2 }).fields).toEqual([]);
    expect(check(StudentDetailsEditDto, { city: '上海', topics: ['AI', '求职'] }).fields).toEqual([]);
    expect(check(StudentDetailsEditDto, {}).fields).toEqual([]);
  });

  it('takes every editable field of a whole application as it was submitted', () => {
    const pick = (body: Record<string, unknown>, fields: readonly string[]) => Object.fromEntries(fields.map((field) => [field, body[field]]));
    expect(check(MentorDetailsEditDto, pick(sampleMentor(1), EDITABLE_FIELDS.mentor)).fields).toEqual([]);
    expect(check(StudentDetailsEditDto, pick(sampleStudent(1, []), EDITABLE_FIELDS.student)).fields).toEqual([]);
  });

  it("keeps the forms' rules and limits, trimming as they do", () => {
    expect(check(MentorDetailsEditDto, { name: '林'.repeat(L.name.maxLength + 1) }).fields).toEqual([{ field: 'name', rule: 'maxLength', limit: L.name.maxLength }]);
    expect(check(MentorDetailsEditDto, { capacity: L.capacity.max + 1 }).fields).toEqual([{ field: 'capacity', rule: 'max', limit: L.capacity.max }]);
    expect(check(MentorDetailsEditDto, { capacity: '2' }).fields).toContainEqual({ field: 'capacity', rule: 'type' });
    expect(check(StudentDetailsEditDto, { topics: [] }).fields).toEqual([{ field: 'topics', rule: 'minItems', limit: L.topics.minItems }]);
    expect(check(StudentDetailsEditDto, { statement: '第一行\r\n第二行' }).instance).toEqual({ statement: '第一行\n第二行' });
    expect(check(MentorDetailsEditDto, { city: '  北京 ' }).instance).toEqual({ city: '北京' });
    expect(check(MentorDetailsEditDto, { phone: '12' }).fields).toEqual([{ field: 'phone', rule: 'pattern' }]);
  });

  it('refuses a null for a required field, but lets a mentor clear the optional phone', () => {
    expect(check(MentorDetailsEditDto, { name: null }).fields.map(({ field }) => field)).toContain('name');
    expect(check(StudentDetailsEditDto, { statement: null }).fields.map(({ field }) => field)).toContain('statement');
    expect(check(MentorDetailsEditDto, { phone: null }).fields).toEqual([]);
  });

  it.each([
    [StudentDetailsEditDto, 'email', 'new@example.cn'],
    [StudentDetailsEditDto, 'studentNumber', '2022999999'],
    [StudentDetailsEditDto, 'choices', []],
    [StudentDetailsEditDto, 'email', null],
    [MentorDetailsEditDto, 'email', 'new@alumni.example.cn'],
    [MentorDetailsEditDto, 'graduationYear', 2001],
    [MentorDetailsEditDto, 'consent', true],
  ] as const)('%p refuses %s (%p) as not editable, naming it', (type, field, value) => {
    const { fields, messages } = check(type, { name: '王芳', [field]: value });
    expect(fields).toEqual([{ field, rule: 'notEditable' }]);
    expect(messages).toEqual([`${field} cannot be changed: it stays as submitted`]);
  });

  it("refuses a field of no form, and the other role's fields, as unknown", () => {
    expect(check(StudentDetailsEditDto, { status: 'approved' }).fields).toEqual([{ field: 'status', rule: 'unknown' }]);
    expect(check(StudentDetailsEditDto, { capacity: 3 }).fields).toEqual([{ field: 'capacity', rule: 'unknown' }]);
    expect(check(MentorDetailsEditDto, { statement: '新的陈述' }).fields).toEqual([{ field: 'statement', rule: 'unknown' }]);
  });
});
