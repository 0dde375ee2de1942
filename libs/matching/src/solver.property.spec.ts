import fc from 'fast-check';
import { explain } from './explain';
import { checkStability } from './stability';
import { solve } from './solver';
import { instances } from './testing/arbitraries';
import { allStableMatchings, weaklyPrefers } from './testing/stable-matchings';

const small = instances(5, 3, 2);
const medium = instances(40, 8, 4);

describe('solve (properties)', () => {
  it('returns a valid, stable matching that names every student', () => {
    fc.assert(
      fc.property(medium, fc.constantFrom('students' as const, 'mentors' as const), (instance, proposing) => {
        const result = solve(instance, { proposing });
        expect(checkStability(instance, result.assignments)).toMatchObject({ stable: true });
        expect(Object.keys(result.assignments).sort()).toEqual(instance.students.map((s) => s.id).sort());
        expect(result.stats.matched + result.stats.unmatched).toBe(instance.students.length);
      }),
      { numRuns: 300 },
    );
  });

  it('gives every student its best mentor over all stable matchings (student-optimal), checked by brute force', () => {
    fc.assert(
      fc.property(small, (instance) => {
        const { assignments } = solve(instance);
        const stable = allStableMatchings(instance);
        expect(stable).toContainEqual({ ...assignments });
        for (const other of stable) {
          for (const student of instance.students) {
            expect(weaklyPrefers(student.prefs, assignments[student.id], other[student.id])).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('gives every student its worst stable mentor when mentors propose (mentor-optimal), checked by brute force', () => {
    fc.assert(
      fc.property(small, (instance) => {
        const { assignments } = solve(instance, { proposing: 'mentors' });
        const stable = allStableMatchings(instance);
        expect(stable).toContainEqual({ ...assignments });
        for (const other of stable) {
          for (const student of instance.students) {
            expect(weaklyPrefers(student.prefs, other[student.id], assignments[student.id])).toBe(true);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('matches the same students and fills each mentor equally in every stable matching (rural hospitals)', () => {
    fc.assert(
      fc.property(small, (instance) => {
        const shape = (assignments: Record<string, string | null>) => ({
          matched: instance.students.filter((s) => assignments[s.id] !== null).map((s) => s.id),
          perMentor: instance.mentors.map((m) => Object.values(assignments).filter((id) => id === m.id).length),
        });
        const expected = shape(solve(instance).assignments);
        for (const other of allStableMatchings(instance)) expect(shape(other)).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('explains every stable result: each better mentor was full with students it ranks higher', () => {
    fc.assert(
      fc.property(medium, fc.constantFrom('students' as const, 'mentors' as const), (instance, proposing) => {
        const { assignments } = solve(instance, { proposing });
        for (const [studentId, explanation] of Object.entries(explain(instance, assignments))) {
          const prefs = instance.students.find((s) => s.id === studentId)!.prefs;
          expect(explanation.reasons.map((r) => r.mentorId)).toEqual(
            explanation.rankOfAssigned === null ? prefs : prefs.slice(0, explanation.rankOfAssigned - 1),
          );
          for (const reason of explanation.reasons.filter((r) => r.reason === 'full')) {
            const mentorPrefs = instance.mentors.find((m) => m.id === reason.mentorId)!.prefs;
            expect(reason.cutoffRank).toBeLessThan(mentorPrefs.indexOf(studentId) + 1);
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('does not depend on the order of the input arrays', () => {
    fc.assert(
      fc.property(
        medium.chain((instance) =>
          fc.record({
            instance: fc.constant(instance),
            students: fc.shuffledSubarray(instance.students, { minLength: instance.students.length }),
            mentors: fc.shuffledSubarray(instance.mentors, { minLength: instance.mentors.length }),
          }),
        ),
        fc.constantFrom('students' as const, 'mentors' as const),
        ({ instance, students, mentors }, proposing) => {
          const reordered = solve({ students, mentors }, { proposing });
          const original = solve(instance, { proposing });
          expect({ ...reordered.assignments }).toEqual({ ...original.assignments });
          expect(reordered.stats).toEqual(original.stats);
        },
      ),
      { numRuns: 200 },
    );
  });
});
