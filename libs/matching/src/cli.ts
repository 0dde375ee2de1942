import { readFileSync } from 'node:fs';
import { checkStability } from './stability';
import { solveIndexed, toMatchingResult } from './solver';
import type { Proposing } from './types';
import { InvalidInstanceError, validateAndIndex } from './validate';

const USAGE = 'usage: match [--proposing students|mentors] FILE   (FILE "-" reads standard input)';

export interface CliIo {
  readFile(path: string): string;
  readStdin(): string;
  writeStdout(text: string): void;
  writeStderr(text: string): void;
}

const processIo: CliIo = {
  // Decoding a Buffer is about twice as fast as readFileSync(path, 'utf8') on big files.
  readFile: (path) => readFileSync(path).toString('utf8'),
  readStdin: () => readFileSync(0).toString('utf8'),
  writeStdout: (text) => process.stdout.write(text),
  writeStderr: (text) => process.stderr.write(text),
};

/** Runs the command line; returns the exit code (0 done, 2 bad usage or invalid input). */
export function main(args: string[], io: CliIo = processIo): number {
  const problems: string[] = [];
  const parsed = parseArgs(args, problems);
  const input = parsed && readInput(parsed.file, io, problems);
  if (!parsed || input === undefined) {
    io.writeStderr(problems.map((problem) => `error: ${problem}\n`).join(''));
    return 2;
  }
  try {
    const { instance, indexed } = validateAndIndex(input);
    const { assignments, stats } = toMatchingResult(indexed, solveIndexed(indexed, parsed.proposing));
    const { stable } = checkStability(instance, assignments);
    io.writeStdout(`${JSON.stringify({ assignments, stable, stats })}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof InvalidInstanceError)) throw error;
    io.writeStderr(`error: invalid instance:\n${error.problems.map((problem) => `- ${problem}\n`).join('')}`);
    return 2;
  }
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

function readInput(file: string, io: CliIo, problems: string[]): unknown {
  let text: string;
  try {
    text = file === '-' ? io.readStdin() : io.readFile(file);
  } catch (error) {
    problems.push(`cannot read ${file === '-' ? 'standard input' : `"${file}"`}: ${(error as Error).message}`);
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    problems.push(`${file === '-' ? 'standard input' : `"${file}"`} is not valid JSON: ${(error as Error).message}`);
    return undefined;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
