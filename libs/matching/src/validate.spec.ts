import fc from 'fast-check';
import { InvalidInstanceError, validateInstance } from './validate';

function problemsOf(input: unknown): string[] {
  try {
    validateInstance(input);
  } catch (error) {
    if (error instanceof InvalidInstanceError) return error.problems;
    throw error;
  }
  return [];
}

describe('validateInstance', () => {
  it('returns a valid instance unchanged', () => {
    const instance = {
      students: [{ id: 's1', prefs: ['m1'] }],
      mentors: [{ id: 'm1', capacity: 0, prefs: [] }],
    };
    expect(validateInstance(instance)).toEqual(instance);
  });

  it('reports every problem at once, in plain words', () => {
    const problems = problemsOf({
      students: [
        { id: 's1', prefs: ['m1'] },
        { id: 's1', prefs: [] },
        { id: 's2', prefs: ['m9', 'm1', 'm1'] },
      ],
      mentors: [
        { id: 'm1', capacity: 2, prefs: ['s3', 's1', 's1'] },
        { id: 'm2', capacity: -1, prefs: [] },
        { id: 'm3', capacity: 1.5, prefs: [] },
      ],
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'duplicate student id "s1"',
        'student "s2" lists unknown mentor "m9"',
        'student "s2" lists "m1" more than once',
        'mentor "m1" lists unknown student "s3"',
        'mentor "m1" lists "s1" more than once',
        'mentor "m2" capacity must be a non-negative integer (got -1)',
        'mentor "m3" capacity must be a non-negative integer (got 1.5)',
      ]),
    );
    expect(problems).toHaveLength(7);
  });

  it('describes wrong shapes instead of crashing', () => {
    expect(problemsOf(null)).toEqual(['instance must be a JSON object with "students" and "mentors" arrays']);
    expect(problemsOf({ students: {}, mentors: 'x' })).toEqual([
      '"students" must be an array (got an object)',
      '"mentors" must be an array (got "x")',
    ]);
    expect(
      problemsOf({
        students: [7, { prefs: [] }, { id: 's1', prefs: 'm1' }, { id: 's2', prefs: [3, null] }],
        mentors: [{ id: 'm1', prefs: [] }],
      }),
    ).toEqual([
      'student at index 0 must be an object (got 7)',
      'student at index 1 must have a non-empty string "id" (got nothing)',
      'student "s1" "prefs" must be an array of ids (got "m1")',
      'mentor "m1" capacity must be a non-negative integer (got nothing)',
      'student "s2" lists 3, expected a mentor id string',
      'student "s2" lists null, expected a mentor id string',
    ]);
  });

  it('caps a flood of problems and says how many more there are', () => {
    const students = Array.from({ length: 300 }, (_, i) => ({ id: `s${i}`, prefs: [`ghost${i}`] }));
    const problems = problemsOf({ students, mentors: [] });
    expect(problems).toHaveLength(201);
    expect(problems[200]).toBe('... and 100 more problems');
  });

  it('never throws anything but InvalidInstanceError on arbitrary JSON', () => {
    const junkEntry = fc.record(
      { id: fc.oneof(fc.string(), fc.integer()), capacity: fc.jsonValue(), prefs: fc.oneof(fc.array(fc.string()), fc.jsonValue()) },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.oneof(fc.jsonValue(), fc.record({ students: fc.array(junkEntry), mentors: fc.array(junkEntry) })),
        (input) => {
          try {
            validateInstance(input);
          } catch (error) {
            expect(error).toBeInstanceOf(InvalidInstanceError);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
