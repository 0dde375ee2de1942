/**
 * npm run bench:matching — times the engine and the command line on generated instances and prints a table.
 * Solve times are medians over several runs in this process; CLI times are wall-clock medians of
 * `node dist/matching/cli.js FILE` (startup, reading and scanning, solving, checking, printing; npm run bench:cli isolates the work beyond start-up).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildPreferences, solve, solveIndexed, validateAndIndex } from '../src';
import { generateInstance, type InstanceShape } from './generate';
import { generateProfiles } from './profiles';

const root = path.resolve(__dirname, '../../..');
const cli = path.join(root, 'dist/matching/cli.js');
// Makes the child report its own peak RSS (kB) on stderr as it exits, without touching the CLI.
const reportMaxRss = 'data:text/javascript,process.on("exit",()=>process.stderr.write(`maxRSS ${process.resourceUsage().maxRSS}\\n`))';

const sizes = [
  { students: 1_000, mentors: 200, listLength: 10, runs: 15, cliRuns: 3 },
  { students: 10_000, mentors: 2_000, listLength: 20, runs: 9, cliRuns: 3 },
  { students: 100_000, mentors: 10_000, listLength: 20, runs: 7, cliRuns: 5 },
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timeMs(action: () => void): number {
  const start = performance.now();
  action();
  return performance.now() - start;
}

function runCli(file: string) {
  const start = performance.now();
  const child = spawnSync(process.execPath, ['--import', reportMaxRss, cli, file], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const wallMs = performance.now() - start;
  if (child.status !== 0) throw new Error(`CLI exited ${child.status}: ${child.stderr}`);
  const output = JSON.parse(child.stdout) as { stable: boolean; assignments: Record<string, string | null> };
  const maxRssKb = Number(/maxRSS (\d+)/.exec(child.stderr)?.[1]);
  return { wallMs, maxRssKb, output };
}

function benchmark(shape: InstanceShape & { runs: number; cliRuns: number }, directory: string) {
  const instance = generateInstance(shape, 42);
  const { indexed } = validateAndIndex(instance);
  const core = median(Array.from({ length: shape.runs }, () => timeMs(() => solveIndexed(indexed, 'students'))));
  const coreMentors = median(Array.from({ length: shape.runs }, () => timeMs(() => solveIndexed(indexed, 'mentors'))));
  let stats = solve(instance).stats;
  const full = median(Array.from({ length: shape.runs }, () => timeMs(() => (stats = solve(instance).stats))));

  const file = path.join(directory, `${shape.kind}-${shape.students}.json`);
  writeFileSync(file, JSON.stringify(instance));
  const cliRuns = Array.from({ length: shape.cliRuns }, () => runCli(file));
  for (const { output } of cliRuns) {
    if (!output.stable || Object.keys(output.assignments).length !== shape.students) {
      throw new Error(`CLI output for ${file} is not a stable matching of every student`);
    }
  }
  return {
    instance: `${shape.students / 1000}k/${shape.mentors / 1000}k/${shape.listLength} ${shape.kind}`,
    'solveIndexed ms': core.toFixed(1),
    'mentors propose ms': coreMentors.toFixed(1),
    'solve() ms': full.toFixed(1),
    'CLI ms': median(cliRuns.map((run) => run.wallMs)).toFixed(0),
    'CLI peak RSS MB': (Math.max(...cliRuns.map((run) => run.maxRssKb)) / 1024).toFixed(0),
    matched: `${stats.matched}/${stats.students}`,
    proposals: stats.proposals,
  };
}

function main() {
  const built = spawnSync('npm', ['run', '--silent', 'build:matching'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);

  const cpus = os.cpus();
  console.log(`machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, Node ${process.version}, ${os.platform()}`);
  const directory = mkdtempSync(path.join(os.tmpdir(), 'match-bench-'));
  try {
    const rows = sizes.flatMap((size) =>
      (['uniform', 'contended'] as const).map((kind) => benchmark({ ...size, kind }, directory)),
    );
    console.table(rows);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }

  const cohort = generateProfiles(10_000, 2_000, 5, 7);
  const build = median(
    Array.from({ length: 3 }, () =>
      timeMs(() => buildPreferences({ ...cohort, fillWithScores: true, maxChoices: 5, seed: 1 })),
    ),
  );
  console.log(`buildPreferences, 10k students × 2k mentors, fillWithScores (fillLimit 20): ${build.toFixed(0)} ms median`);
}

main();
