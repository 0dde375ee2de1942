import { readFileSync } from 'node:fs';
import type { IndexedInstance } from './indexed';
import { scanAndIndex } from './scan';
import { checkStabilityIndexed, type ListedInstance } from './stability';
import { solveIndexed, type IndexedMatching } from './solver';
import type { Proposing } from './types';
import { InvalidInstanceError, validateAndIndex } from './validate';

const USAGE = 'usage: match [--proposing students|mentors] FILE   (FILE "-" reads standard input)';

export interface CliIo {
  /** The file's content, as text or as its UTF-8 bytes (which spares decoding on the fast path). */
  readFile(path: string): string | Buffer;
  readStdin(): string | Buffer;
  writeStdout(text: string): void;
  writeStderr(text: string): void;
}

const processIo: CliIo = {
  readFile: (path) => readFileSync(path),
  readStdin: () => readFileSync(0),
  writeStdout: (text) => process.stdout.write(text),
  writeStderr: (text) => process.stderr.write(text),
};

/** Runs the command line; returns the exit code (0 done, 2 bad usage or invalid input). */
export function main(args: string[], io: CliIo = processIo): number {
  const problems: string[] = [];
  const parsed = parseArgs(args, problems);
  const text = parsed && readText(parsed.file, io, problems);
  if (!parsed || text === undefined) {
    io.writeStderr(problems.map((problem) => `error: ${problem}\n`).join(''));
    return 2;
  }
  // Fast path: the text scanned straight into integer ids. Anything unusual, including any invalid
  // input, goes through JSON.parse and the full validation, which words every problem.
  let index: { indexed: IndexedInstance; listed: ListedInstance } | undefined;
  const scanned = scanAndIndex(text);
  if (scanned) {
    index = { indexed: scanned.indexed, listed: scanned.scanned };
  } else {
    let input: unknown;
    try {
      // Decoding a Buffer is about twice as fast as readFileSync(path, 'utf8') on big files.
      input = JSON.parse(typeof text === 'string' ? text : text.toString('utf8'));
    } catch (error) {
      io.writeStderr(`error: ${describeFile(parsed.file)} is not valid JSON: ${(error as Error).message}\n`);
      return 2;
    }
    try {
      const { indexed, studentLists, mentorLists } = validateAndIndex(input);
      index = { indexed, listed: { ...indexed, studentLists, mentorLists } };
    } catch (error) {
      if (!(error instanceof InvalidInstanceError)) throw error;
      io.writeStderr(`error: invalid instance:\n${error.problems.map((problem) => `- ${problem}\n`).join('')}`);
      return 2;
    }
  }
  const matching = solveIndexed(index.indexed, parsed.proposing);
  const { stable } = checkStabilityIndexed(index.listed, matching.mentorOfStudent);
  io.writeStdout(formatOutput(index.indexed, matching, stable));
  return 0;
}

/** The output object (`assignments` with every student, `stable`, `stats`), written out directly: much faster than JSON.stringify of a big object. */
function formatOutput(indexed: IndexedInstance, { mentorOfStudent, proposals }: IndexedMatching, stable: boolean): string {
  const { studentIds, mentorIds } = indexed;
  const quotedMentors = mentorIds.map((id) => JSON.stringify(id));
  const parts: string[] = new Array(studentIds.length);
  let matched = 0;
  for (let s = 0; s < studentIds.length; s++) {
    const m = mentorOfStudent[s];
    if (m >= 0) matched++;
    parts[s] = `${JSON.stringify(studentIds[s])}:${m < 0 ? 'null' : quotedMentors[m]}`;
  }
  const stats = {
    students: studentIds.length,
    mentors: mentorIds.length,
    matched,
    unmatched: studentIds.length - matched,
    proposals,
  };
  return `{"assignments":{${parts.join(',')}},"stable":${stable},"stats":${JSON.stringify(stats)}}\n`;
}

function describeFile(file: string): string {
  return file === '-' ? 'standard input' : `"${file}"`;
}

function parseArgs(args: string[], problems: string[]): { file: string; proposing: Proposing } | undefined {
  let proposing: Proposing = 'students';
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--proposing') {
      const value = args[++i];
      if (value === 'students' || value === 'mentors') proposing = value;
      else problems.push(`--proposing takes "students" or "mentors" (got ${value === undefined ? 'nothing' : `"${value}"`})`);
    } else if (arg.startsWith('-') && arg !== '-') {
      problems.push(`unknown option "${arg}"`);
    } else {
      files.push(arg);
    }
  }
  if (files.length !== 1) problems.push(files.length === 0 ? 'no instance file given' : 'give exactly one instance file');
  if (problems.length > 0) {
    problems.push(USAGE);
    return undefined;
  }
  return { file: files[0], proposing };
}

function readText(file: string, io: CliIo, problems: string[]): string | Buffer | undefined {
  try {
    return file === '-' ? io.readStdin() : io.readFile(file);
  } catch (error) {
    problems.push(`cannot read ${describeFile(file)}: ${(error as Error).message}`);
    return undefined;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
