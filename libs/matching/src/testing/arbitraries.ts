import fc from 'fast-check';
import type { Instance } from '../types';

/**
 * A preference list over `ids`: mostly complete (so that instances often have several stable
 * matchings, which the optimality properties need), otherwise partial.
 */
function preferenceList(ids: string[]): fc.Arbitrary<string[]> {
  return fc.oneof(
    { arbitrary: fc.shuffledSubarray(ids, { minLength: ids.length }), weight: 3 },
    { arbitrary: fc.shuffledSubarray(ids), weight: 1 },
  );
}

/** Random instances: complete and partial lists, one-sided listings, capacities from 0. */
export function instances(maxStudents: number, maxMentors: number, maxCapacity: number): fc.Arbitrary<Instance> {
  return fc
    .record({ students: fc.integer({ min: 1, max: maxStudents }), mentors: fc.integer({ min: 1, max: maxMentors }) })
    .chain(({ students, mentors }) => {
      const studentIds = Array.from({ length: students }, (_, i) => `s${i}`);
      const mentorIds = Array.from({ length: mentors }, (_, i) => `m${i}`);
      return fc.record({
        students: fc.tuple(...studentIds.map((id) => preferenceList(mentorIds).map((prefs) => ({ id, prefs })))),
        mentors: fc.tuple(
          ...mentorIds.map((id) =>
            fc.record({ id: fc.constant(id), capacity: fc.integer({ min: 0, max: maxCapacity }), prefs: preferenceList(studentIds) }),
          ),
        ),
      });
    });
}
