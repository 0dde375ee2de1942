import { BadRequestException } from '@nestjs/common';
import { bodyGuard, bodyProblems, MAX_BODY_DEPTH } from './body-guard';

const nested = (depth: number): unknown => {
  let value: unknown = 1;
  for (let level = 0; level < depth; level += 1) value = level % 2 ? [value] : { a: value };
  return value;
};

describe('bodyProblems', () => {
  it('lets an ordinary body through', () => {
    expect(bodyProblems({ name: '第3期', weights: { topics: 1, city: 2 }, topics: ['AI', '产品'] })).toBeNull();
    expect(bodyProblems(undefined)).toBeNull();
    expect(bodyProblems({ name: '😀 emoji in pairs' })).toBeNull();
  });

  it(`refuses nesting beyond ${MAX_BODY_DEPTH} levels, and scans 3,000 levels without overflowing the stack`, () => {
    expect(bodyProblems(nested(MAX_BODY_DEPTH))).toBeNull();
    const tooDeep = { statusCode: 400, message: ['body is nested too deeply'], error: 'Bad Request' };
    expect(bodyProblems(nested(MAX_BODY_DEPTH + 1))).toEqual(tooDeep);
    expect(bodyProblems(JSON.parse(`${'['.repeat(3000)}${']'.repeat(3000)}`))).toEqual(tooDeep);
    expect(bodyProblems({ __proto__x: 1, deep: nested(20) })).toEqual(tooDeep);
  });

  it('names each key the transformer would drop as an unknown field, nested ones with their path', () => {
    expect(bodyProblems(JSON.parse('{"name":"x","__proto__":{"isAdmin":true},"constructor":1,"weights":{"prototype":{}}}'))).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: ['property __proto__ should not exist', 'property constructor should not exist', 'weights.prototype: property prototype should not exist'],
      errors: [{ field: '__proto__', rule: 'unknown' }, { field: 'constructor', rule: 'unknown' }, { field: 'weights.prototype', rule: 'unknown' }],
    });
  });

  it('names each string holding a lone surrogate, in lists by index', () => {
    const problems = bodyProblems({ email: 'a\ud800@example.cn', topics: ['AI', 'x\udc00'], name: 'ok\ud83d\ude00', tail: '\ud83d' });
    expect(problems?.errors).toEqual([{ field: 'email', rule: 'characters' }, { field: 'topics.1', rule: 'characters' }, { field: 'tail', rule: 'characters' }]);
    expect(problems?.message).toEqual([
      'email must be well-formed Unicode text (it holds a lone surrogate)',
      'topics.1 must be well-formed Unicode text (it holds a lone surrogate)',
      'tail must be well-formed Unicode text (it holds a lone surrogate)',
    ]);
  });
});

describe('bodyGuard', () => {
  it('passes a sound body on and hands a 400 to the exception filter otherwise', () => {
    const next = jest.fn();
    bodyGuard({ body: { name: 'x' } } as never, {} as never, next);
    expect(next).toHaveBeenLastCalledWith(undefined);
    bodyGuard({ body: nested(9) } as never, {} as never, next);
    const error = next.mock.lastCall?.[0] as BadRequestException;
    expect(error).toBeInstanceOf(BadRequestException);
    expect(error.getResponse()).toEqual({ statusCode: 400, message: ['body is nested too deeply'], error: 'Bad Request' });
  });
});
