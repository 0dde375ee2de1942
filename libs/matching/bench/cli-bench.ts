/**
 * npm run bench:cli — the engine command line's work beyond start-up: its time on the 100k students /
 * 10k mentors / lists of 20 contended instance minus its time on an empty instance, same command, for
 * `npm run --silent match -- FILE` and `node dist/matching/cli.js FILE`. Printed beside issue 14's
 * target (2.5 × the anchor) and the anchor itself: a C program over flat arrays, 0.29 s end to end on
 * this machine, as recorded in the issue (there is no C program in the repository to rerun).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateInstance } from './generate';

const ANCHOR_S = 0.29;
const TARGET_S = 2.5 * ANCHOR_S;
const RUNS = 3;
const shape = { students: 100_000, mentors: 10_000, listLength: 20, kind: 'contended' as const };

const root = path.resolve(__dirname, '../../..');
const commands = {
  'npm run --silent match': (file: string) => ['npm', ['run', '--silent', 'match', '--', file]] as const,
  'node dist/matching/cli.js': (file: string) => [process.execPath, [path.join(root, 'dist/matching/cli.js'), file]] as const,
};

/** Wall seconds of one run, its output sent to /dev/null (as a user's redirect would). */
function timeRun([command, args]: readonly [string, readonly string[]]): number {
  const devNull = openSync('/dev/null', 'w');
  try {
    const start = performance.now();
    const child = spawnSync(command, args, { cwd: root, stdio: ['ignore', devNull, 'pipe'], encoding: 'utf8' });
    const seconds = (performance.now() - start) / 1000;
    if (child.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${child.status}: ${child.stderr}`);
    return seconds;
  } finally {
    closeSync(devNull);
  }
}

/** Checks, untimed, that the command answers a stable matching naming every student. */
function checkOutput([command, args]: readonly [string, readonly string[]], students: number): void {
  const child = spawnSync(command, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30 });
  const output = JSON.parse(child.stdout) as { stable: boolean; assignments: Record<string, string | null> };
  if (child.status !== 0 || !output.stable || Object.keys(output.assignments).length !== students) {
    throw new Error(`${command} ${args.join(' ')} did not answer a stable matching of every student`);
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const seconds = (value: number) => value.toFixed(3);

function main() {
  const built = spawnSync('npm', ['run', '--silent', 'build:matching'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
  const cpus = os.cpus();
  console.log(`machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, Node ${process.version}, load ${os.loadavg().map((load) => load.toFixed(2)).join(' ')}`);

  const directory = mkdtempSync(path.join(os.tmpdir(), 'match-cli-bench-'));
  try {
    const big = path.join(directory, 'big.json');
    const empty = path.join(directory, 'empty.json');
    writeFileSync(big, JSON.stringify(generateInstance(shape, 42)));
    writeFileSync(empty, JSON.stringify({ students: [], mentors: [] }));

    const rows: Record<string, string>[] = [];
    const work: Record<string, number> = {};
    for (const [name, command] of Object.entries(commands)) {
      checkOutput(command(big), shape.students);
      const emptyRuns: number[] = [];
      const bigRuns: number[] = [];
      // Interleaved, so that a change in the machine's load falls on both alike.
      for (let run = 0; run < RUNS; run++) {
        emptyRuns.push(timeRun(command(empty)));
        bigRuns.push(timeRun(command(big)));
      }
      const differences = bigRuns.map((time, run) => time - emptyRuns[run]);
      work[name] = median(bigRuns) - median(emptyRuns);
      rows.push({
        command: name,
        'empty s (median, range)': `${seconds(median(emptyRuns))} (${seconds(Math.min(...emptyRuns))}–${seconds(Math.max(...emptyRuns))})`,
        '100k s (median, range)': `${seconds(median(bigRuns))} (${seconds(Math.min(...bigRuns))}–${seconds(Math.max(...bigRuns))})`,
        'work beyond start-up s': `${seconds(work[name])} (runs ${seconds(Math.min(...differences))}–${seconds(Math.max(...differences))})`,
        'target s': seconds(TARGET_S),
        'C anchor s (recorded)': seconds(ANCHOR_S),
        '× anchor': (work[name] / ANCHOR_S).toFixed(2),
      });
    }
    console.log(`instance: ${shape.students / 1000}k students / ${shape.mentors / 1000}k mentors / lists of ${shape.listLength}, ${shape.kind}; ${RUNS} runs each`);
    console.table(rows);
    const [npmWork, nodeWork] = [work['npm run --silent match'], work['node dist/matching/cli.js']];
    console.log(
      `summary: bench=cli npm_work_s=${seconds(npmWork)} node_work_s=${seconds(nodeWork)} target_s=${seconds(TARGET_S)} ` +
        `anchor_s=${seconds(ANCHOR_S)} npm_x_anchor=${(npmWork / ANCHOR_S).toFixed(2)} node_x_anchor=${(nodeWork / ANCHOR_S).toFixed(2)} ` +
        `meets_target=${npmWork <= TARGET_S && nodeWork <= TARGET_S} runs=${RUNS} load1=${os.loadavg()[0].toFixed(2)}`,
    );
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

main();
