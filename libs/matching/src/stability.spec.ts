import fc from 'fast-check';
import { checkStability } from './stability';
import { instances } from './testing/arbitraries';
import type { Instance } from './types';

// s1 and s2 both want m1 (capacity 1), which prefers s1; m2 takes either.
const instance: Instance = {
  students: [
    { id: 's1', prefs: ['m1', 'm2'] },
    { id: 's2', prefs: ['m1', 'm2'] },
  ],
  mentors: [
    { id: 'm1', capacity: 1, prefs: ['s1', 's2'] },
    { id: 'm2', capacity: 1, prefs: ['s2', 's1'] },
  ],
};

describe('checkStability', () => {
  it('accepts the stable matching with empty fault lists', () => {
    expect(checkStability(instance, { s1: 'm1', s2: 'm2' })).toEqual({
      stable: true,
      blockingPairs: [],
      unacceptablePairs: [],
      overCapacity: [],
      missingStudents: [],
      unknownAssignments: [],
    });
  });

  it('finds a planted blocking pair', () => {
    const report = checkStability(instance, { s1: 'm2', s2: 'm1' });
    expect(report.stable).toBe(false);
    expect(report.blockingPairs).toEqual([{ studentId: 's1', mentorId: 'm1' }]);
  });

  it('finds a blocking pair with a mentor that has a free place', () => {
    const report = checkStability(instance, { s1: 'm1', s2: null });
    expect(report.blockingPairs).toEqual([{ studentId: 's2', mentorId: 'm2' }]);
  });

  it('finds a mentor over capacity', () => {
    const report = checkStability(instance, { s1: 'm1', s2: 'm1' });
    expect(report.overCapacity).toEqual([{ mentorId: 'm1', capacity: 1, assigned: 2 }]);
    expect(report.stable).toBe(false);
  });

  it('finds an assigned pair that one side does not list', () => {
    const oneSided: Instance = {
      students: [{ id: 's1', prefs: ['m1'] }, { id: 's2', prefs: [] }],
      mentors: [{ id: 'm1', capacity: 2, prefs: ['s2'] }],
    };
    const report = checkStability(oneSided, { s1: 'm1', s2: 'm1' });
    expect(report.unacceptablePairs).toEqual([
      { studentId: 's1', mentorId: 'm1' },
      { studentId: 's2', mentorId: 'm1' },
    ]);
    expect(report.stable).toBe(false);
  });

  it('finds missing students and assignments to unknown ids', () => {
    const report = checkStability(instance, { s1: 'nobody', ghost: 'm2' });
    expect(report.missingStudents).toEqual(['s2']);
    expect(report.unknownAssignments).toEqual([
      { studentId: 's1', mentorId: 'nobody' },
      { studentId: 'ghost', mentorId: 'm2' },
    ]);
    expect(report.stable).toBe(false);
  });
});

describe('checkStability (properties)', () => {
  /** The definition, spelled out pair by pair. */
  function naivelyStable(instance: Instance, assignments: Record<string, string | null>): boolean {
    const rank = (prefs: string[], id: string | null) => (id === null || !prefs.includes(id) ? Infinity : prefs.indexOf(id));
    const holds = (mentorId: string) => instance.students.filter((s) => assignments[s.id] === mentorId).map((s) => s.id);
    for (const mentor of instance.mentors) {
      const held = holds(mentor.id);
      if (held.length > mentor.capacity) return false;
      if (held.some((id) => rank(mentor.prefs, id) === Infinity)) return false;
    }
    for (const student of instance.students) {
      const current = assignments[student.id];
      if (current !== null && rank(student.prefs, current) === Infinity) return false;
      for (const mentor of instance.mentors) {
        const rankAtMentor = rank(mentor.prefs, student.id);
        if (rankAtMentor === Infinity || rank(student.prefs, mentor.id) >= rank(student.prefs, current)) continue;
        const held = holds(mentor.id);
        if (held.length < mentor.capacity || held.some((id) => rank(mentor.prefs, id) > rankAtMentor)) return false;
      }
    }
    return true;
  }

  it('agrees with the definition on random assignments', () => {
    const instanceWithAssignments = instances(6, 3, 2).chain((instance) =>
      fc.record({
        instance: fc.constant(instance),
        assignments: fc.tuple(
          ...instance.students.map(() => fc.option(fc.constantFrom(...instance.mentors.map((m) => m.id)), { nil: null })),
        ),
      }),
    );
    fc.assert(
      fc.property(instanceWithAssignments, ({ instance, assignments }) => {
        const record = Object.fromEntries(instance.students.map((s, i) => [s.id, assignments[i]]));
        expect(checkStability(instance, record).stable).toBe(naivelyStable(instance, record));
      }),
      { numRuns: 1000 },
    );
  });
});
