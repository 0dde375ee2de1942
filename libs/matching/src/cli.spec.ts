import { main, type CliIo } from './cli';

function run(args: string[], files: Record<string, string> = {}, stdin = '') {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    readFile: (path) => {
      if (!(path in files)) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
      return files[path];
    },
    readStdin: () => stdin,
    writeStdout: (output) => (stdout += output.toString()),
    writeStderr: (text) => (stderr += text),
  };
  const code = main(args, io);
  return { code, stdout, stderr };
}

const instance = JSON.stringify({
  students: [
    { id: 'a', prefs: ['y', 'x'] },
    { id: 'b', prefs: ['x', 'y'] },
    { id: 'c', prefs: [] },
  ],
  mentors: [
    { id: 'x', capacity: 1, prefs: ['a', 'b'] },
    { id: 'y', capacity: 1, prefs: ['b', 'a'] },
  ],
});

describe('match command line', () => {
  it('prints one JSON object with every student, stability and statistics', () => {
    const { code, stdout, stderr } = run(['in.json'], { 'in.json': instance });
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(JSON.parse(stdout)).toEqual({
      assignments: { a: 'y', b: 'x', c: null },
      stable: true,
      stats: { students: 3, mentors: 2, matched: 2, unmatched: 1, proposals: 2 },
    });
  });

  it('reads standard input for "-" and gives the mentor-optimal matching with --proposing mentors', () => {
    const { code, stdout } = run(['--proposing', 'mentors', '-'], {}, instance);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).assignments).toEqual({ a: 'x', b: 'y', c: null });
  });

  it.each([
    ['a missing file', ['missing.json'], /cannot read "missing.json": ENOENT/],
    ['an unknown option', ['--fast', 'in.json'], /unknown option "--fast"/],
    ['a bad --proposing value', ['--proposing', 'everyone', 'in.json'], /--proposing takes "students" or "mentors"/],
    ['no file', [], /no instance file given/],
    ['bad JSON', ['bad.json'], /"bad.json" is not valid JSON/],
  ])('exits 2 with a message and no stack trace on %s', (_, args, message) => {
    const { code, stdout, stderr } = run(args, { 'in.json': instance, 'bad.json': '{"students": [' });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 and lists every validation problem', () => {
    const invalid = JSON.stringify({
      students: [{ id: 's1', prefs: ['m9'] }, { id: 's1', prefs: [] }],
      mentors: [{ id: 'm1', capacity: -1, prefs: [] }],
    });
    const { code, stderr } = run(['-'], {}, invalid);
    expect(code).toBe(2);
    expect(stderr).toBe(
      'error: invalid instance:\n' +
        '- mentor "m1" capacity must be a non-negative integer (got -1)\n' +
        '- duplicate student id "s1"\n' +
        '- student "s1" lists unknown mentor "m9"\n',
    );
  });
});
