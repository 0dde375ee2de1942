import {
  BestK, buildPreferences, DEFAULT_WEIGHTS, encodeProfiles, type MentorProfile, type PreferenceInput, type ScoringWeights, type StudentProfile,
} from './preferences';

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
/** Random cases that are the same on every run: a linear congruential generator from `seed`. */
function seeded(seed: number) {
  let state = seed;
  const random = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
  return { random, pick: <T>(values: T[]) => values[Math.floor(random() * values.length)] };
}
const labels = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix}${i}`);
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
    const { pick } = seeded(7);
    const [topics, industries, cities, majors] = [labels('t', 6), labels('i', 4), labels('c', 3), labels('x', 3)];
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

describe("encodeProfiles' fill and score", () => {
  // Most picks come from the first five of a list, so that many pairs share topics, an industry, an affinity and a city
  // at once (where summing in another order would show). The first student names all 40 topics and 36 industries, so
  // both bitsets span two words. Empty attributes, and mentors without places, are among them.
  const { random, pick } = seeded(2024);
  const [topics, industries, cities, majors] = [labels('t', 40), labels('i', 36), labels('c', 4), labels('x', 4)];
  const often = (values: string[]) => (random() < 0.8 ? pick(values.slice(0, 5)) : pick(values));
  const some = (values: string[], most: number) => [...new Set(Array.from({ length: Math.floor(random() * (most + 1)) }, () => often(values)))];
  const mentors = Array.from({ length: 30 }, (_, m) =>
    mentorProfile(`m${m}`, {
      capacity: m % 9 === 0 ? 0 : 1, topics: some(topics, 6), industry: m % 7 === 0 ? '' : often(industries),
      department: pick(majors), major: pick(['', ...majors]), city: pick(['', ...cities]),
    }),
  );
  const students = Array.from({ length: 20 }, (_, s) =>
    studentProfile(`s${s}`, {
      topics: s === 0 ? topics : some(topics, 4), industries: s === 0 ? industries : some(industries, 3),
      major: pick(['', ...majors]), college: pick(majors), city: pick(['', ...cities]),
    }),
  );
  const profiles = encodeProfiles(students, mentors);
  const capacity = Int32Array.from(mentors, (mentor) => mentor.capacity);
  // fill() passes over mentor m for student s when blocked[m] === s + 1: zeros block nobody.
  const blocked = new Int32Array(mentors.length);
  const withPlaces = mentors.flatMap((mentor, m) => (mentor.capacity > 0 ? [m] : []));
  const tieBefore = (a: number, b: number) => a < b;
  // Weights as a coordinator types them (0.00 to 10.00), or scaled to sum to 1 as buildPreferences scales them: neither
  // is exact in binary, so summing the terms in another order would round differently, as the default weights do.
  const typedWeights = (): ScoringWeights => {
    const typed = () => Math.round(random() * 1000) / 100;
    return { topics: typed(), industry: typed(), affinity: typed(), city: typed(), rank: typed() };
  };
  const scaled = (weights: ScoringWeights): ScoringWeights => {
    const total = weights.topics + weights.industry + weights.affinity + weights.city + weights.rank;
    return {
      topics: weights.topics / total, industry: weights.industry / total, affinity: weights.affinity / total, city: weights.city / total,
      rank: weights.rank / total,
    };
  };
  const weightings: Array<[string, ScoringWeights]> = [
    ['the default weights', DEFAULT_WEIGHTS],
    ['equal weights (many ties)', { topics: 1, industry: 1, affinity: 1, city: 1, rank: 1 }],
    ['typed weights', typedWeights()],
    ['typed weights scaled to sum to 1', scaled(typedWeights())],
    ['other typed weights scaled to sum to 1', scaled(typedWeights())],
    ['scaled weights, industry zero', scaled({ ...typedWeights(), industry: 0 })],
    ['scaled weights, city negative', scaled({ ...typedWeights(), city: -1.5 })],
  ];

  it.each(weightings)("gives each pair fill() offers score()'s score to the bit (rank part 0), under %s", (_, weights) => {
    const differing: string[] = [];
    students.forEach((student, s) => {
      const everyOffer = new BestK(mentors.length, tieBefore);
      profiles.fill(s, weights, -Infinity, capacity, blocked, everyOffer);
      const offered = everyOffer.take();
      expect(offered.map(({ index }) => index).sort((a, b) => a - b)).toEqual(withPlaces);
      for (const { index: m, score } of offered) {
        const expected = profiles.score(s, m, 0, weights);
        if (!Object.is(score, expected)) differing.push(`${student.id}–${mentors[m].id}: fill ${score}, score ${expected}`);
      }
    });
    expect(differing).toEqual([]);
  });

  it.each(weightings)("keeps, from minScore up, the mentors score() ranks first, in score()'s order, under %s", (_, weights) => {
    const minScore = 0.3 * (weights.topics + weights.industry + weights.affinity + weights.city);
    const limit = 5;
    for (let s = 0; s < students.length; s++) {
      const kept = new BestK(limit, tieBefore);
      profiles.fill(s, weights, minScore, capacity, blocked, kept);
      const ranked = withPlaces
        .map((m) => ({ index: m, score: profiles.score(s, m, 0, weights) }))
        .filter(({ score }) => score >= minScore)
        .sort((a, b) => b.score - a.score || (tieBefore(a.index, b.index) ? -1 : 1))
        .slice(0, limit);
      expect(kept.take()).toEqual(ranked);
    }
  });
});
