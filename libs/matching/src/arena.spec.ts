import { withArena } from './arena';
import { solve } from './solver';
import { validateAndIndexFully } from './validate';
import { solveIndexed, toMatchingResult } from './solver';
import type { Instance } from './types';

function reference(instance: Instance) {
  const { indexed } = validateAndIndexFully(instance);
  return toMatchingResult(indexed, solveIndexed(indexed, 'students'));
}

function randomInstance(seed: number, students: number, mentors: number): Instance {
  const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  return {
    students: Array.from({ length: students }, (_, s) => ({
      id: `s${s}`,
      prefs: Array.from({ length: mentors }, (_, m) => `m${m}`).filter(() => random() < 0.4),
    })),
    mentors: Array.from({ length: mentors }, (_, m) => ({
      id: `m${m}`,
      capacity: Math.floor(random() * 4),
      prefs: Array.from({ length: students }, (_, s) => `s${s}`).filter(() => random() < 0.5),
    })),
  };
}

describe('withArena', () => {
  it('gives zero-filled arrays, also when it reuses its buffer', () => {
    withArena((alloc) => alloc(1000).fill(7));
    withArena((alloc) => {
      expect(alloc(1000).every((x) => x === 0)).toBe(true);
      const big = alloc(1 << 17);
      expect(big.length).toBe(1 << 17);
      expect(big.every((x) => x === 0)).toBe(true);
    });
  });

  it('lets solve() reuse it across instances of different sizes with the same results', () => {
    for (const [seed, students, mentors] of [[1, 60, 10], [2, 5, 3], [3, 120, 20], [4, 1, 1], [5, 80, 7]]) {
      const instance = randomInstance(seed, students, mentors);
      expect(solve(instance)).toEqual(reference(instance));
    }
  });

  it('survives solve() being called again from inside its own input', () => {
    const inner = randomInstance(9, 30, 6);
    const outer = randomInstance(10, 40, 8);
    let innerResult: unknown;
    let reads = 0;
    // Read once to size the lists and once to fill them: the second read comes after solve() has
    // taken arrays from the arena.
    Object.defineProperty(outer.students[0], 'prefs', {
      get() {
        if (reads++ > 0) innerResult = solve(inner);
        return ['m0', 'm1'];
      },
    });
    const plainOuter = { ...outer, students: [{ id: 's0', prefs: ['m0', 'm1'] }, ...outer.students.slice(1)] };
    expect(solve(outer)).toEqual(reference(plainOuter));
    expect(innerResult).toEqual(reference(inner));
  });
});
