import fc from 'fast-check';
import { instances } from './testing/arbitraries';
import { fastRead, InvalidInstanceError, validateAndIndex, validateAndIndexFully, validateInstance } from './validate';

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

describe('validateAndIndex fast path', () => {
  const valid = {
    students: [
      { id: 's1', prefs: ['m1', 'm2'] },
      { id: 's2', prefs: ['m2'] },
    ],
    mentors: [
      { id: 'm1', capacity: 1, prefs: ['s2', 's1'] },
      { id: 'm2', capacity: 0, prefs: ['s1'] },
    ],
  };

  it('gives exactly what the full validation gives on random instances', () => {
    fc.assert(
      fc.property(instances(12, 6, 3), (instance) => {
        const fast = fastRead(instance);
        expect(fast).toBeDefined();
        const full = validateAndIndexFully(instance);
        expect(fast!.studentLists).toEqual(full.studentLists);
        expect(fast!.mentorLists).toEqual(full.mentorLists);
        expect(validateAndIndex(instance)).toEqual(full);
      }),
    );
  });

  it('handles ids such as "__proto__", unicode and long shared prefixes', () => {
    const instance = {
      students: [
        { id: '__proto__', prefs: ['学生导师一号', 'mentor-with-a-long-id-1'] },
        { id: 'constructor', prefs: ['mentor-with-a-long-id-2', 'mentor-with-a-long-id-1'] },
      ],
      mentors: [
        { id: 'mentor-with-a-long-id-1', capacity: 1, prefs: ['constructor', '__proto__'] },
        { id: 'mentor-with-a-long-id-2', capacity: 1, prefs: ['constructor'] },
        { id: '学生导师一号', capacity: 1, prefs: ['__proto__'] },
      ],
    };
    expect(fastRead(instance)).toBeDefined();
    expect(validateAndIndex(instance)).toEqual(validateAndIndexFully(instance));
  });

  it('leaves on every kind of problem, so the full validation words it', () => {
    const variants: Array<(copy: any) => void> = [
      (copy) => (copy.students[1].id = 's1'),
      (copy) => (copy.mentors[1].id = 'm1'),
      (copy) => copy.students[0].prefs.push('m9'),
      (copy) => copy.students[0].prefs.push('m1'),
      (copy) => copy.mentors[0].prefs.push(7),
      (copy) => (copy.mentors[0].capacity = -1),
      (copy) => (copy.mentors[0].capacity = 1.5),
      (copy) => (copy.mentors[0].capacity = '1'),
      (copy) => (copy.students[0].id = ''),
      (copy) => (copy.students[0].prefs = 'm1'),
      (copy) => (copy.students[0] = null),
      (copy) => (copy.mentors = {}),
    ];
    for (const change of variants) {
      const copy = structuredClone(valid);
      change(copy);
      expect(fastRead(copy)).toBeUndefined();
      expect(() => validateAndIndex(copy)).toThrow(InvalidInstanceError);
    }
  });

  it('leaves on holes and on capacities beyond 32 bits, with the same result as before', () => {
    const holey = structuredClone(valid) as any;
    holey.students[3] = { id: 's4', prefs: [] };
    expect(fastRead(holey)).toBeUndefined();
    expect(validateAndIndex(holey)).toEqual(validateAndIndexFully(holey));
    const big = structuredClone(valid);
    big.mentors[0].capacity = 2 ** 31;
    expect(fastRead(big)).toBeUndefined();
    expect(validateAndIndex(big)).toEqual(validateAndIndexFully(big));
  });
});
