import { changesOf, detailsOf } from './details-edit';

const mentor = {
  id: 7, cohortId: 3, email: 'lin.hai@alumni.example.cn', graduationYear: 2010, name: '林海', phone: null, organization: '腾讯', title: '产品经理',
  city: '深圳', topics: ['产品', '求职'], bio: '十年产品经验。', capacity: 3,
};
const student = {
  id: 9, cohortId: 3, email: 'li.hua@stu.example.edu.cn', studentNumber: '2022010001', name: '李华', city: '西安', topics: ['AI'], industries: [],
  statement: '想了解互联网行业。',
};

describe('changesOf: what an edit of the applicant\'s own details changes', () => {
  it('lists only the fields sent with another value, in the order of the editable fields, with before and after', () => {
    expect(changesOf('mentor', mentor, { capacity: 2, name: '林海', city: '北京', topics: ['产品', '求职'] })).toEqual([
      { field: 'city', before: '深圳', after: '北京' },
      { field: 'capacity', before: 3, after: 2 },
    ]);
  });

  it('finds nothing in an empty edit or one that repeats every value', () => {
    expect(changesOf('student', student, {})).toEqual([]);
    expect(changesOf('student', student, { name: '李华', city: '西安', topics: ['AI'], industries: [], statement: '想了解互联网行业。' })).toEqual([]);
  });

  it('counts a tag list in another order, a longer one and a cleared phone as changes', () => {
    expect(changesOf('mentor', { ...mentor, phone: '138 0000 0000' }, { topics: ['求职', '产品'], phone: null })).toEqual([
      { field: 'phone', before: '138 0000 0000', after: null },
      { field: 'topics', before: ['产品', '求职'], after: ['求职', '产品'] },
    ]);
    expect(changesOf('student', student, { industries: ['互联网'] })).toEqual([{ field: 'industries', before: [], after: ['互联网'] }]);
  });

  it("looks only at the role's own editable fields, whatever else the object holds", () => {
    const sent = { email: 'other@example.cn', studentNumber: 'X-1', capacity: 5, statement: '新的陈述' };
    expect(changesOf('student', student, sent as never)).toEqual([{ field: 'statement', before: '想了解互联网行业。', after: '新的陈述' }]);
    expect(changesOf('mentor', mentor, sent as never)).toEqual([{ field: 'capacity', before: 3, after: 5 }]);
  });
});

describe('detailsOf', () => {
  it("gives exactly the role's editable fields", () => {
    expect(detailsOf('mentor', mentor)).toEqual({
      name: '林海', phone: null, organization: '腾讯', title: '产品经理', city: '深圳', topics: ['产品', '求职'], bio: '十年产品经验。', capacity: 3,
    });
    expect(detailsOf('student', student)).toEqual({ name: '李华', city: '西安', topics: ['AI'], industries: [], statement: '想了解互联网行业。' });
  });
});
