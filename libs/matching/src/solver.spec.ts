import { checkStability } from './stability';
import { solve } from './solver';
import { InvalidInstanceError } from './validate';
import type { Instance } from './types';

const student = (id: string, prefs: string[]) => ({ id, prefs });
const mentor = (id: string, capacity: number, prefs: string[]) => ({ id, capacity, prefs });

describe('solve', () => {
  // The cyclic 3×3 instance: each side's first choices form a cycle, so the two optimal matchings differ.
  const cyclic: Instance = {
    students: [student('a', ['y', 'x', 'z']), student('b', ['z', 'y', 'x']), student('c', ['x', 'z', 'y'])],
    mentors: [mentor('x', 1, ['b', 'a', 'c']), mentor('y', 1, ['c', 'b', 'a']), mentor('z', 1, ['a', 'c', 'b'])],
  };

  it('gives every student its first choice in the classic cyclic Gale–Shapley instance', () => {
    expect(solve(cyclic).assignments).toEqual({ a: 'y', b: 'z', c: 'x' });
  });

  it('gives every mentor its first choice in the cyclic instance when mentors propose', () => {
    expect(solve(cyclic, { proposing: 'mentors' }).assignments).toEqual({ a: 'z', b: 'x', c: 'y' });
  });

  it('solves a hospitals/residents instance with capacities to its known student-optimal matching', () => {
    const instance: Instance = {
      students: [
        student('r1', ['h1', 'h2']),
        student('r2', ['h2', 'h1']),
        student('r3', ['h1', 'h2']),
        student('r4', ['h2']),
        student('r5', ['h1', 'h2']),
      ],
      mentors: [mentor('h1', 2, ['r2', 'r1', 'r5', 'r3']), mentor('h2', 2, ['r1', 'r3', 'r4', 'r2', 'r5'])],
    };
    const result = solve(instance);
    expect(result.assignments).toEqual({ r1: 'h1', r2: 'h1', r3: 'h2', r4: 'h2', r5: null });
    expect(result.stats).toEqual({ students: 5, mentors: 2, matched: 4, unmatched: 1, proposals: 8 });
    expect(solve(instance, { proposing: 'mentors' }).assignments).toEqual(result.assignments);
  });

  it('never assigns a mentor with capacity 0', () => {
    const instance: Instance = {
      students: [student('s1', ['m0', 'm1'])],
      mentors: [mentor('m0', 0, ['s1']), mentor('m1', 1, ['s1'])],
    };
    expect(solve(instance).assignments).toEqual({ s1: 'm1' });
  });

  it('leaves students with empty lists unmatched and still reports them', () => {
    const instance: Instance = { students: [student('s1', []), student('s2', ['m1'])], mentors: [mentor('m1', 3, [])] };
    const result = solve(instance);
    expect(result.assignments).toEqual({ s1: null, s2: null });
    expect(result.stats).toMatchObject({ matched: 0, unmatched: 2 });
  });

  it('fills every mentor with the students it ranks highest when all mentors are oversubscribed', () => {
    const instance: Instance = {
      students: ['s1', 's2', 's3', 's4', 's5'].map((id) => student(id, ['m1', 'm2'])),
      mentors: [mentor('m1', 2, ['s5', 's4', 's3', 's2', 's1']), mentor('m2', 1, ['s1', 's2', 's3', 's4', 's5'])],
    };
    expect(solve(instance).assignments).toEqual({ s1: 'm2', s2: null, s3: null, s4: 'm1', s5: 'm1' });
  });

  it('ignores a pair listed by one side only', () => {
    const instance: Instance = {
      students: [student('s1', ['m1']), student('s2', [])],
      mentors: [mentor('m1', 2, ['s2'])],
    };
    expect(solve(instance).assignments).toEqual({ s1: null, s2: null });
  });

  it('matches a single student to its first acceptable mentor', () => {
    const instance: Instance = {
      students: [student('only', ['busy', 'free'])],
      mentors: [mentor('busy', 1, []), mentor('free', 1, ['only'])],
    };
    const result = solve(instance);
    expect(result.assignments).toEqual({ only: 'free' });
    expect(result.stats).toEqual({ students: 1, mentors: 2, matched: 1, unmatched: 0, proposals: 1 });
  });

  it('handles an instance with no students or no mentors', () => {
    expect(solve({ students: [], mentors: [] }).assignments).toEqual({});
    expect(solve({ students: [student('s1', [])], mentors: [] }).assignments).toEqual({ s1: null });
  });

  it('treats "__proto__" as an ordinary id', () => {
    const instance: Instance = { students: [student('__proto__', ['m1'])], mentors: [mentor('m1', 1, ['__proto__'])] };
    const { assignments } = solve(instance);
    expect(Object.keys(assignments)).toEqual(['__proto__']);
    expect(assignments['__proto__']).toBe('m1');
    expect(checkStability(instance, assignments).stable).toBe(true);
  });

  it('rejects an invalid instance with InvalidInstanceError', () => {
    const instance = { students: [student('s1', ['ghost'])], mentors: [] };
    expect(() => solve(instance)).toThrow(InvalidInstanceError);
  });
});
