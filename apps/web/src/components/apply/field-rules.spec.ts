import { APPLICATION_LIMITS } from '@app/contracts';
import { editableFields, fieldError, formErrors, initialValues, MENTOR_FIELDS, requestBody, storedValues, STUDENT_FIELDS, type FieldSpec } from './field-rules';

const student: FieldSpec[] = Object.values(STUDENT_FIELDS).flat();
const mentor: FieldSpec[] = Object.values(MENTOR_FIELDS).flat();
const spec = (name: string, specs = student) => specs.find((one) => one.name === name)!;

describe('application field rules', () => {
  it('gives an empty year one problem, not three', () => {
    expect(fieldError(spec('enrollmentYear'), '')).toEqual({ field: 'enrollmentYear', rule: 'required' });
    expect(fieldError(spec('enrollmentYear'), '1989')).toEqual({ field: 'enrollmentYear', rule: 'min', limit: APPLICATION_LIMITS.enrollmentYear.min });
    expect(fieldError(spec('enrollmentYear'), '二〇二二')).toEqual({ field: 'enrollmentYear', rule: 'type' });
  });

  it('names the tag that is too long by its place, as the API does', () => {
    const long = 'x'.repeat(APPLICATION_LIMITS.topics.itemMaxLength + 1);
    expect(fieldError(spec('topics'), ['面试', long])).toEqual({ field: 'topics.1', rule: 'maxLength', limit: APPLICATION_LIMITS.topics.itemMaxLength });
    expect(fieldError(spec('topics'), [])).toEqual({ field: 'topics', rule: 'required', limit: 1 });
    expect(fieldError(spec('industries'), [])).toBeNull();
  });

  it('checks the email, the student number and the optional phone like the DTOs', () => {
    expect(fieldError(spec('email'), 'not-an-email')?.rule).toBe('email');
    expect(fieldError(spec('studentNumber'), 'ab')?.rule).toBe('pattern');
    expect(fieldError(spec('phone', mentor), '')).toBeNull();
    expect(fieldError(spec('phone', mentor), 'call me')?.rule).toBe('pattern');
    expect(fieldError(spec('name'), 'a\u202eb')?.rule).toBe('characters');
  });

  it('finds one problem per empty required field and sends numbers as numbers, an empty phone not at all', () => {
    expect(formErrors(student, initialValues(student)).map(({ field }) => field))
      .toEqual(['name', 'email', 'studentNumber', 'college', 'major', 'enrollmentYear', 'city', 'topics', 'statement']);
    const body = requestBody(mentor, { ...initialValues(mentor), graduationYear: ' 2008 ', capacity: '3', name: ' 陈志远 ' });
    expect(body).toMatchObject({ graduationYear: 2008, capacity: 3, name: '陈志远', languages: [] });
    expect(body).not.toHaveProperty('phone');
  });

  it("offers on /me exactly the fields an applicant may edit, with the form's own rules", () => {
    expect(editableFields('student').map(({ name }) => name)).toEqual(['name', 'city', 'topics', 'industries', 'statement']);
    expect(editableFields('mentor').map(({ name }) => name)).toEqual(['name', 'phone', 'city', 'organization', 'title', 'topics', 'capacity', 'bio']);
    expect(editableFields('mentor').find(({ name }) => name === 'capacity')).toEqual(spec('capacity', mentor));
  });

  it('fills an edit with what is stored and sends a cleared phone as null', () => {
    const fields = editableFields('mentor');
    const values = storedValues(fields, { name: '陈志远', phone: null, city: '北京', organization: '腾讯', title: '工程师', topics: ['AI'], capacity: 3, bio: '简介' });
    expect(values).toEqual({ name: '陈志远', phone: '', city: '北京', organization: '腾讯', title: '工程师', topics: ['AI'], capacity: '3', bio: '简介' });
    expect(requestBody(fields, values, 'null')).toEqual({ name: '陈志远', phone: null, city: '北京', organization: '腾讯', title: '工程师', topics: ['AI'], capacity: 3, bio: '简介' });
  });
});
