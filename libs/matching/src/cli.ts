import { readFileSync } from 'node:fs';
import { rankLists, type RankedLists } from './indexed';
import { formatOutput, idAt, quoteIds, type QuotedIds } from './output';
import { scanInstance } from './scan';
import { checkStabilityIndexed } from './stability';
import { solveIndexed } from './solver';
import type { Proposing } from './types';
import { InvalidInstanceError, validateAndIndex } from './validate';

const USAGE = 'usage: match [--proposing students|mentors] FILE   (FILE "-" reads standard input)';

export interface CliIo {
  /** The file's content, as text or as its UTF-8 bytes (which spares decoding on the fast path). */
  readFile(path: string): string | Buffer;
  readStdin(): string | Buffer;
  writeStdout(output: string | Buffer): void;
  writeStderr(text: string): void;
}

const processIo: CliIo = {
  readFile: (path) => readFileSync(path),
  readStdin: () => readFileSync(0),
  writeStdout: (output) => process.stdout.write(output),
  writeStderr: (text) => process.stderr.write(text),
};

/** A valid instance as the command line works on it, however it was read. */
interface ReadInstance {
  students: QuotedIds;
  mentors: QuotedIds;
  ranked: RankedLists;
}

/** Runs the command line; returns the exit code (0 done, 2 bad usage or invalid input). */
export function main(args: string[], io: CliIo = processIo): number {
  const problems: string[] = [];
  const parsed = parseArgs(args, problems);
  const text = parsed && readText(parsed.file, io, problems);
  if (!parsed || text === undefined) {
    io.writeStderr(problems.map((problem) => `error: ${problem}\n`).join(''));
    return 2;
  }
  const instance = readFast(text) ?? readSlow(text, parsed.file, io);
  if (!instance) return 2;
  const { students, mentors, ranked } = instance;
  const { mentorOfStudent, proposals } = solveIndexed(ranked, parsed.proposing);
  // The check reads the lists as given only (none of the solver's ranks).
  const { stable } = checkStabilityIndexed(
    { ...ranked, studentId: (s) => idAt(students, s), mentorId: (m) => idAt(mentors, m) },
    mentorOfStudent,
  );
  io.writeStdout(formatOutput(students, mentors, mentorOfStudent, proposals, stable));
  return 0;
}

/** The fast path: the text scanned straight into integer ids, undefined on anything unusual (including any invalid input). */
function readFast(text: string | Buffer): ReadInstance | undefined {
  const scanned = scanInstance(text);
  if (!scanned) return undefined;
  const { students, mentors, capacity, studentLists, mentorLists } = scanned;
  return { students, mentors, ranked: { capacity, ...rankLists(studentLists, mentorLists) } };
}

/** JSON.parse and the full validation, which words every problem; undefined (after saying why) on invalid input. */
function readSlow(text: string | Buffer, file: string, io: CliIo): ReadInstance | undefined {
  let input: unknown;
  try {
    // Decoding a Buffer is about twice as fast as readFileSync(path, 'utf8') on big files.
    input = JSON.parse(typeof text === 'string' ? text : text.toString('utf8'));
  } catch (error) {
    io.writeStderr(`error: ${describeFile(file)} is not valid JSON: ${(error as Error).message}\n`);
    return undefined;
  }
  try {
    const { indexed } = validateAndIndex(input);
    return { students: quoteIds(indexed.studentIds), mentors: quoteIds(indexed.mentorIds), ranked: indexed };
  } catch (error) {
    if (!(error instanceof InvalidInstanceError)) throw error;
    io.writeStderr(`error: invalid instance:\n${error.problems.map((problem) => `- ${problem}\n`).join('')}`);
    return undefined;
  }
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
