import { buildPreferences, type MentorProfile, type PreferenceInput, type StudentProfile } from './preferences';

const mentorProfile = (id: string, overrides: Partial<MentorProfile> = {}): MentorProfile => ({
  id,
  capacity: 1,
  topics: [],
  industry: '',
  department: '',
  major: '',
  city: '',
  ...overrides,
});
const studentProfile = (id: string, overrides: Partial<StudentProfile> = {}): StudentProfile => ({
  id,
  topics: [],
  industries: [],
  major: '',
  college: '',
  city: '',
  choices: [],
  ...overrides,
});
const baseInput = (overrides: Partial<PreferenceInput>): PreferenceInput => ({
  students: [],
  mentors: [],
  fillWithScores: false,
  maxChoices: 5,
  seed: 1,
  ...overrides,
});

describe('buildPreferences', () => {
  it('lists explicit choices first, in order, then score-filled mentors best first', () => {
    const { instance, choiceRank } = buildPreferences(
      baseInput({
        students: [studentProfile('s1', { topics: ['ai', 'law'], city: 'SZ', choices: ['m-low', 'm-unknown'] })],
        mentors: [
          mentorProfile('m-low'),
          mentorProfile('m-half', { topics: ['ai'] }),
          mentorProfile('m-best', { topics: ['ai', 'law'], city: 'SZ' }),
          mentorProfile('m-none', { topics: ['art'] }),
        ],
        fillWithScores: true,
      }),
    );
    expect(instance.students[0].prefs).toEqual(['m-low', 'm-best', 'm-half']);
    expect(choiceRank('s1', 'm-low')).toBe(1);
    expect(choiceRank('s1', 'm-best')).toBeNull();
  });

  it('keeps only explicit choices when fillWithScores is off', () => {
    const { instance } = buildPreferences(
      baseInput({
        students: [studentProfile('s1', { topics: ['ai'], choices: ['m2'] })],
        mentors: [mentorProfile('m1', { topics: ['ai'] }), mentorProfile('m2')],
      }),
    );
    expect(instance.students[0].prefs).toEqual(['m2']);
  });

  it('respects minScore and fillLimit, and never fills a mentor without places', () => {
    const mentors = ['a', 'b', 'c', 'd'].map((id) => mentorProfile(id, { topics: ['ai'] }));
    mentors.push(mentorProfile('full', { topics: ['ai'], capacity: 0 }), mentorProfile('weak', { city: 'BJ' }));
    const { instance } = buildPreferences(
      baseInput({ students: [studentProfile('s1', { topics: ['ai'], city: 'BJ' })], mentors, fillWithScores: true, fillLimit: 3 }),
    );
    expect(instance.students[0].prefs).toHaveLength(3);
    expect(instance.students[0].prefs).not.toContain('full');
    expect(instance.students[0].prefs).not.toContain('weak');
  });

  it.each([
    ['default weights', undefined],
    ['equal weights (many ties)', { topics: 1, industry: 1, affinity: 1, city: 1, rank: 1 }],
    ['topics weighed zero', { topics: 0 }],
    ['city alone', { topics: 0, industry: 0, affinity: 0, city: 1, rank: 0 }],
  ])('fills each student with the best mentors by score, wherever their industry and city, under %s', (_, weights) => {
    let state = 7;
    const random = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const pick = (values: string[]) => values[Math.floor(random() * values.length)];
    const values = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);
    const [topics, industries, cities, majors] = [values('t', 6), values('i', 4), values('c', 3), values('x', 3)];
    const mentors = Array.from({ length: 60 }, (_, m) =>
      mentorProfile(`m${m}`, {
        capacity: m % 7 === 0 ? 0 : 1, topics: [pick(topics), pick(topics)], industry: m % 11 === 0 ? '' : pick(industries),
        department: pick(majors), major: pick(majors), city: m % 13 === 0 ? '' : pick(cities),
      }),
    );
    const students = Array.from({ length: 40 }, (_, s) =>
      studentProfile(`s${s}`, {
        topics: [pick(topics)], industries: [pick(industries)], major: pick(majors), college: pick(majors), city: pick(cities),
        choices: s % 3 === 0 ? [pick(mentors.map((mentor) => mentor.id))] : [],
      }),
    );
    const fillLimit = 8;
    const { instance, scores } = buildPreferences(baseInput({ students, mentors, weights, minScore: 0.1, fillWithScores: true, fillLimit }));
    instance.students.forEach(({ id, prefs }, s) => {
      const filled = prefs.slice(students[s].choices.length).map((mentorId) => scores(id, mentorId)!.score);
      const others = mentors
        .filter((mentor) => mentor.capacity > 0 && !prefs.includes(mentor.id) && !students[s].choices.includes(mentor.id))
        .map((mentor) => scores(id, mentor.id)!.score)
        .filter((score) => score >= 0.1);
      expect(filled).toEqual([...filled].sort((a, b) => b - a));
      expect(filled.length).toBe(Math.min(fillLimit, filled.length + others.length));
      for (const score of others) expect(score).toBeLessThanOrEqual(filled[filled.length - 1]);
    });
  });

  it('has each mentor list exactly the students who list it, by score', () => {
    const { instance, scores } = buildPreferences(
      baseInput({
        students: [
          studentProfile('s-far', { choices: ['m1'] }),
          studentProfile('s-near', { topics: ['ai'], major: 'CS', choices: ['m1'] }),
          studentProfile('s-other', { choices: [] }),
        ],
        mentors: [mentorProfile('m1', { topics: ['ai'], major: 'CS' })],
      }),
    );
    expect(instance.mentors[0].prefs).toEqual(['s-near', 's-far']);
    expect(scores('s-near', 'm1')).toEqual({
      score: expect.closeTo(0.35 + 0.15 + 0.2, 10),
      parts: { topics: 1, industry: 0, affinity: 1, city: 0, rank: 1 },
    });
    expect(scores('s-near', 'nobody')).toBeUndefined();
  });

  it('leaves excluded pairs out of both lists and keeps them, with the reason, in wanted', () => {
    const { instance, wanted } = buildPreferences(
      baseInput({
        students: [studentProfile('s1', { topics: ['ai'], choices: ['m1', 'm2'] })],
        mentors: [mentorProfile('m1'), mentorProfile('m2'), mentorProfile('m3', { topics: ['ai'] })],
        excluded: [
          { studentId: 's1', mentorId: 'm1', reason: 'declined_before' },
          { studentId: 's1', mentorId: 'm3', reason: 'expired_before' },
        ],
        fillWithScores: true,
      }),
    );
    expect(instance.students[0].prefs).toEqual(['m2']);
    expect(instance.mentors.find((m) => m.id === 'm1')!.prefs).toEqual([]);
    expect(instance.mentors.find((m) => m.id === 'm3')!.prefs).toEqual([]);
    expect(wanted.s1).toEqual([{ mentorId: 'm1', excluded: 'declined_before' }, { mentorId: 'm2' }]);
  });

  describe('ties and determinism', () => {
    // 30 students choose m0 alone and score equally there; 'filler' has 30 equally good mentors to fill from.
    const students = Array.from({ length: 30 }, (_, i) => studentProfile(`s${i}`, { choices: ['m0'] }));
    const fillingStudent = studentProfile('filler', { topics: ['ai'] });
    const fillable = Array.from({ length: 30 }, (_, i) => mentorProfile(`f${i}`, { topics: ['ai'] }));
    const mentors = [mentorProfile('m0'), ...fillable];
    const input = baseInput({ students: [...students, fillingStudent], mentors, fillWithScores: true, fillLimit: 5 });

    it('gives identical lists for the same input and seed', () => {
      expect(buildPreferences(input).instance).toEqual(buildPreferences(input).instance);
    });

    it('breaks equal scores differently under another seed', () => {
      const first = buildPreferences(input).instance;
      const second = buildPreferences({ ...input, seed: 2 }).instance;
      expect(second.mentors[0].prefs).not.toEqual(first.mentors[0].prefs);
      expect(new Set(second.mentors[0].prefs)).toEqual(new Set(first.mentors[0].prefs));
      expect(second.students.at(-1)!.prefs).not.toEqual(first.students.at(-1)!.prefs);
    });

    it('does not depend on the order of the input arrays', () => {
      const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : 1);
      const shuffled = buildPreferences({ ...input, students: [...input.students].reverse(), mentors: [...mentors].reverse() });
      const original = buildPreferences(input);
      expect([...shuffled.instance.students].sort(byId)).toEqual([...original.instance.students].sort(byId));
      expect([...shuffled.instance.mentors].sort(byId)).toEqual([...original.instance.mentors].sort(byId));
    });
  });
});
