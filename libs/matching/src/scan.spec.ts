import { main, type CliIo } from './cli';
import { idAt, type QuotedIds } from './output';
import { scanInstance } from './scan';
import { checkStability, checkStabilityIndexed } from './stability';
import { solve, solveIndexed } from './solver';
import { validateAndIndex } from './validate';

const plain = {
  students: [
    { id: 'a', prefs: ['y', 'x'] },
    { id: 'b', prefs: ['x', 'y'] },
    { id: 'c', prefs: [] },
  ],
  mentors: [
    { id: 'x', capacity: 1, prefs: ['a', 'b'] },
    { id: 'y', capacity: 1, prefs: ['b', 'a'] },
  ],
};

function run(text: string | Buffer, args: string[] = ['-']) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    readFile: () => text,
    readStdin: () => text,
    writeStdout: (chunk) => (stdout += chunk.toString()),
    writeStderr: (chunk) => (stderr += chunk),
  };
  return { code: main(args, io), stdout, stderr };
}

const ids = (quoted: QuotedIds) => Array.from(quoted.start, (_, i) => idAt(quoted, i));

/** The CLI's answer must not depend on whether the fast path or JSON.parse read the instance. */
function expectSameAsSlowPath(text: string) {
  const input = JSON.parse(text);
  const expected = solve(input);
  const { code, stdout, stderr } = run(text);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  const output = JSON.parse(stdout);
  expect(output.assignments).toEqual({ ...expected.assignments });
  expect(output.stats).toEqual(expected.stats);
  expect(output.stable).toBe(true);
}

describe('scanInstance (fast path of the command line)', () => {
  it('reads the plain shape into ids in entry order and lists over integer ids', () => {
    const scanned = scanInstance(JSON.stringify(plain))!;
    expect(ids(scanned.students)).toEqual(['a', 'b', 'c']);
    expect(ids(scanned.mentors)).toEqual(['x', 'y']);
    expect([...scanned.capacity]).toEqual([1, 1]);
    expect([...scanned.studentLists.start]).toEqual([0, 2, 4, 4]);
    expect([...scanned.studentLists.target]).toEqual([1, 0, 0, 1]);
    expect([...scanned.mentorLists.start]).toEqual([0, 2, 4]);
    expect([...scanned.mentorLists.target]).toEqual([0, 1, 1, 0]);
  });

  it('agrees with the full validation on the integer lists', () => {
    const scanned = scanInstance(Buffer.from(JSON.stringify(plain)))!;
    const { studentLists, mentorLists } = validateAndIndex(plain);
    expect(scanned.studentLists).toEqual(studentLists);
    expect(scanned.mentorLists).toEqual(mentorLists);
  });

  it('accepts whitespace anywhere JSON does, any key order, mentors first, and unicode ids', () => {
    const text = ' \n{ "mentors" :[ {"prefs":[ "学生1" ,"b"],\t"capacity" : 2 ,"id":"导师 ☃"} ],\r\n' +
      '"students": [{"prefs":["导师 ☃"],"id":"学生1"}, { "id" : "b" , "prefs" : [ ] } ] }\n';
    const scanned = scanInstance(text)!;
    expect(scanned).toBeDefined();
    expect(ids(scanned.students)).toEqual(['学生1', 'b']);
    expect(ids(scanned.mentors)).toEqual(['导师 ☃']);
    expectSameAsSlowPath(text);
  });

  it('handles ids such as "__proto__" and "constructor" as ordinary ids', () => {
    const text = JSON.stringify({
      students: [{ id: '__proto__', prefs: ['constructor'] }],
      mentors: [{ id: 'constructor', capacity: 1, prefs: ['__proto__'] }],
    });
    expect(scanInstance(text)).toBeDefined();
    expectSameAsSlowPath(text);
  });

  it.each([
    ['escapes in ids', JSON.stringify({ students: [{ id: 'a\\"b', prefs: [] }], mentors: [] })],
    ['unicode escapes in ids', '{"students":[{"id":"\\u0061","prefs":["m"]}],"mentors":[{"id":"m","capacity":1,"prefs":["a"]}]}'],
    ['an extra field', JSON.stringify({ students: [{ id: 'a', prefs: [], name: 'A' }], mentors: [] })],
    ['an extra top-level field', JSON.stringify({ students: [], mentors: [], round: 3 })],
    ['a fractional capacity', '{"students":[],"mentors":[{"id":"m","capacity":1.0,"prefs":[]}]}'],
    ['an exponent capacity', '{"students":[],"mentors":[{"id":"m","capacity":1e1,"prefs":[]}]}'],
    ['a huge capacity', '{"students":[],"mentors":[{"id":"m","capacity":99999999999,"prefs":[]}]}'],
    ['a repeated field', '{"students":[{"id":"a","id":"b","prefs":[]}],"mentors":[]}'],
    ['a repeated top-level key', '{"students":[],"students":[],"mentors":[]}'],
    ['a duplicate id', '{"students":[{"id":"a","prefs":[]},{"id":"a","prefs":[]}],"mentors":[]}'],
    ['an unknown id', '{"students":[{"id":"a","prefs":["m"]}],"mentors":[]}'],
    ['a duplicate numbered id', '{"students":[{"id":"s1","prefs":[]},{"id":"s1","prefs":[]}],"mentors":[]}'],
    ['an unknown numbered id', '{"students":[{"id":"s1","prefs":["m2"]}],"mentors":[{"id":"m1","capacity":1,"prefs":["s1"]}]}'],
    ['a repeated entry', '{"students":[{"id":"a","prefs":["m","m"]}],"mentors":[{"id":"m","capacity":1,"prefs":[]}]}'],
    ['an empty id', '{"students":[{"id":"","prefs":[]}],"mentors":[]}'],
    ['a number in a list', '{"students":[{"id":"a","prefs":[1]}],"mentors":[]}'],
    ['a byte order mark', '\ufeff{"students":[],"mentors":[]}'],
    ['trailing text', '{"students":[],"mentors":[]} x'],
    ['a trailing comma', '{"students":[{"id":"a","prefs":[]},],"mentors":[]}'],
    ['truncated text', '{"students":[{"id":"a","prefs":["m'],
    ['a control character in an id', '{"students":[{"id":"a\tb","prefs":[]}],"mentors":[]}'],
    ['a missing side', '{"students":[]}'],
  ])('leaves the fast path on %s', (_, text) => {
    expect(scanInstance(text)).toBeUndefined();
  });

  it('leaves the fast path on ids that are not valid UTF-8', () => {
    const bytes = Buffer.concat([Buffer.from('{"students":[{"id":"'), Buffer.from([0xff]), Buffer.from('","prefs":[]}],"mentors":[]}')]);
    expect(scanInstance(bytes)).toBeUndefined();
  });

  it('falls back to JSON.parse for escaped ids and extra fields, with the same result', () => {
    expectSameAsSlowPath(
      JSON.stringify({
        students: [
          { id: 'a"1', prefs: ['m\\1', 'm2'], note: 'x' },
          { id: 'b\n', prefs: ['m2'] },
        ],
        mentors: [
          { id: 'm\\1', capacity: 1, prefs: ['b\n', 'a"1'] },
          { id: 'm2', capacity: 1, prefs: ['a"1', 'b\n'], extra: true },
        ],
      }),
    );
  });

  it('still reports every problem and exits 2 without a stack trace on invalid input', () => {
    const { code, stdout, stderr } = run(
      '{"students":[{"id":"s1","prefs":["m9","m1","m1"]},{"id":"s1","prefs":[]}],"mentors":[{"id":"m1","capacity":-1,"prefs":[]}]}',
    );
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'error: invalid instance:\n' +
        '- mentor "m1" capacity must be a non-negative integer (got -1)\n' +
        '- duplicate student id "s1"\n' +
        '- student "s1" lists unknown mentor "m9"\n' +
        '- student "s1" lists "m1" more than once\n',
    );
  });

  it('exits 2 on malformed JSON given as bytes', () => {
    const { code, stderr } = run(Buffer.from('{"students": ['), ['in.json']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/"in.json" is not valid JSON/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('gives the same answer as the slow path on a larger random instance, both ways', () => {
    let seed = 7;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const students = Array.from({ length: 300 }, (_, s) => ({ id: `s${s}`, prefs: [] as string[] }));
    const mentors = Array.from({ length: 40 }, (_, m) => ({ id: `m${m}`, capacity: Math.floor(random() * 8), prefs: [] as string[] }));
    for (const student of students) {
      for (const mentor of mentors) {
        if (random() < 0.15) student.prefs.push(mentor.id);
        if (random() < 0.2) mentor.prefs.push(student.id);
      }
    }
    const text = JSON.stringify({ students, mentors }, null, 1);
    expect(scanInstance(text)).toBeDefined();
    expectSameAsSlowPath(text);
    const mentorsOptimal = run(text, ['--proposing', 'mentors', '-']);
    expect(JSON.parse(mentorsOptimal.stdout).assignments).toEqual({ ...solve({ students, mentors }, { proposing: 'mentors' }).assignments });
  });
});

describe('checkStabilityIndexed', () => {
  const { indexed, studentLists, mentorLists } = validateAndIndex(plain);
  const listed = {
    ...indexed,
    studentLists,
    mentorLists,
    studentId: (s: number) => indexed.studentIds[s],
    mentorId: (m: number) => indexed.mentorIds[m],
  };

  it('accepts the solver result and agrees with checkStability', () => {
    const { mentorOfStudent } = solveIndexed(indexed);
    expect(checkStabilityIndexed(listed, mentorOfStudent).stable).toBe(true);
    expect(checkStability(plain, { a: 'y', b: 'x', c: null }).stable).toBe(true);
  });

  it('finds blocking pairs, unacceptable pairs and over-capacity like checkStability', () => {
    // Unmatched everyone: every mutually acceptable pair blocks.
    const empty = checkStabilityIndexed(listed, Int32Array.from([-1, -1, -1]));
    const emptyStrings = checkStability(plain, { a: null, b: null, c: null });
    expect(empty.blockingPairs).toEqual(expect.arrayContaining(emptyStrings.blockingPairs));
    expect(empty.blockingPairs).toHaveLength(emptyStrings.blockingPairs.length);
    const crowded = checkStabilityIndexed(listed, Int32Array.from([0, 0, 0]));
    expect(crowded.overCapacity).toEqual([{ mentorId: 'x', capacity: 1, assigned: 3 }]);
    expect(crowded.unacceptablePairs).toEqual([{ studentId: 'c', mentorId: 'x' }]);
    expect(crowded.stable).toBe(false);
  });

  it('reports students missing from a short assignment array', () => {
    expect(checkStabilityIndexed(listed, Int32Array.from([1, 0])).missingStudents).toEqual(['c']);
  });
});

describe('scanInstance interner', () => {
  it('tells apart ids sharing their first 8 bytes, ids of 7, 8 and 9 bytes, and multi-byte ids', () => {
    const mentorIds = ['abcdefg', 'abcdefgh', 'abcdefghi', 'abcdefgi', 'abcdefghij-long-1', 'abcdefghij-long-2', '导师一', '导师二', 'm'];
    const studentIds = Array.from({ length: 3000 }, (_, s) => (s % 2 ? `student-with-long-id-${s}` : `s${s}`));
    const students = studentIds.map((id, s) => ({ id, prefs: mentorIds.filter((_, m) => (s + m) % 3 !== 0) }));
    const mentors = mentorIds.map((id, m) => ({ id, capacity: 300, prefs: studentIds.filter((_, s) => (s * 7 + m) % 5 !== 0) }));
    const text = JSON.stringify({ students, mentors });
    const scanned = scanInstance(text)!;
    expect(ids(scanned.students)).toEqual(studentIds);
    expect(ids(scanned.mentors)).toEqual(mentorIds);
    const { studentLists, mentorLists } = validateAndIndex({ students, mentors });
    expect(scanned.studentLists).toEqual(studentLists);
    expect(scanned.mentorLists).toEqual(mentorLists);
    expectSameAsSlowPath(text);
  });

  it('tells apart numbered ids from look-alikes: leading zeros, other prefixes, long numbers, bare numbers', () => {
    const studentIds = ['s1', 's01', 's001', 's10', 't1', '1', 's', 's12345678', 's1234567', 'S1', 's1x', 'ss1', '0', 's0'];
    const students = studentIds.map((id) => ({ id, prefs: ['m7'] }));
    const mentors = [{ id: 'm7', capacity: 5, prefs: [...studentIds].reverse() }];
    const text = JSON.stringify({ students, mentors });
    const scanned = scanInstance(text)!;
    expect(ids(scanned.students)).toEqual(studentIds);
    const { studentLists, mentorLists } = validateAndIndex({ students, mentors });
    expect(scanned.studentLists).toEqual(studentLists);
    expect(scanned.mentorLists).toEqual(mentorLists);
    expectSameAsSlowPath(text);
  });

  it('reads lists of short ids that outgrow its first guess of the number of items', () => {
    const ids = Array.from({ length: 200 }, (_, i) => `${i}`);
    const students = ids.map((id) => ({ id, prefs: ids }));
    const mentors = ids.map((id, m) => ({ id, capacity: 1, prefs: [...ids.slice(m), ...ids.slice(0, m)] }));
    const text = JSON.stringify({ students, mentors });
    const scanned = scanInstance(text)!;
    const { studentLists, mentorLists } = validateAndIndex({ students, mentors });
    expect(scanned.studentLists).toEqual(studentLists);
    expect(scanned.mentorLists).toEqual(mentorLists);
    expectSameAsSlowPath(text);
  });

  it('compares the bytes of long ids whose hashes and last 8 bytes collide', () => {
    // 'x07wzx-tail-end' and 'x0a6cd-tail-end' have the same hash (found by search).
    const text = JSON.stringify({
      students: [{ id: 'x07wzx-tail-end', prefs: ['m'] }, { id: 'x0a6cd-tail-end', prefs: ['m'] }],
      mentors: [{ id: 'm', capacity: 1, prefs: ['x0a6cd-tail-end', 'x07wzx-tail-end'] }],
    });
    const scanned = scanInstance(text)!;
    expect(ids(scanned.students)).toEqual(['x07wzx-tail-end', 'x0a6cd-tail-end']);
    expect([...scanned.mentorLists.target]).toEqual([1, 0]);
  });

  it('leaves the fast path on a duplicate long id', () => {
    const text = JSON.stringify({
      students: [{ id: 'student-long-1', prefs: [] }, { id: 'student-long-1', prefs: [] }],
      mentors: [],
    });
    expect(scanInstance(text)).toBeUndefined();
  });
});
