/**
 * npm run bench:cli — the engine command line's work beyond start-up: its time on the 100k students /
 * 10k mentors / lists of 20 contended instance minus its time on an empty instance, same command, for
 * `npm run --silent match -- FILE` and `node dist/matching/cli.js FILE`. Printed beside issue 14's
 * target (2.5 × the anchor) and the anchor itself: a C program over flat arrays, 0.29 s end to end on
 * this machine, as recorded in the issue (there is no C program in the repository to rerun).
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateInstance } from './generate';

const ANCHOR_S = 0.29;
const TARGET_S = 2.5 * ANCHOR_S;
const RUNS = 3;
const shape = { students: 100_000, mentors: 10_000, listLength: 20, kind: 'contended' as const };

const root = path.resolve(__dirname, '../../..');
// GNU time, when installed, adds the CPU seconds the run used (its own processes, children included):
// a figure that a loaded machine inflates far less than the wall time.
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const commands = {
  'npm run --silent match': (file: string) => ['npm', ['run', '--silent', 'match', '--', file]] as const,
  'node dist/matching/cli.js': (file: string) => [process.execPath, [path.join(root, 'dist/matching/cli.js'), file]] as const,
};

/** Wall seconds (and CPU seconds, NaN without GNU time) of one run, its output sent to /dev/null (as a user's redirect would). */
function timeRun([command, args]: readonly [string, readonly string[]], cpuFile: string): { wall: number; cpu: number } {
  const devNull = openSync('/dev/null', 'w');
  try {
    const [program, programArgs] = gnuTime ? [gnuTime, ['-f', '%U %S', '-o', cpuFile, command, ...args]] : [command, args];
    const start = performance.now();
    const child = spawnSync(program, programArgs, { cwd: root, stdio: ['ignore', devNull, 'pipe'], encoding: 'utf8' });
    const wall = (performance.now() - start) / 1000;
    if (child.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${child.status}: ${child.stderr}`);
    const cpu = gnuTime ? readFileSync(cpuFile, 'utf8').trim().split(/\s+/).map(Number).reduce((a, b) => a + b, 0) : NaN;
    return { wall, cpu };
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
const spread = (values: number[]) => `${seconds(median(values))} (${seconds(Math.min(...values))}–${seconds(Math.max(...values))})`;

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

    const cpuFile = path.join(directory, 'cpu.txt');
    const rows: Record<string, string>[] = [];
    const work: Record<string, number> = {};
    const cpuWork: Record<string, number> = {};
    for (const [name, command] of Object.entries(commands)) {
      checkOutput(command(big), shape.students);
      const emptyRuns: Array<{ wall: number; cpu: number }> = [];
      const bigRuns: Array<{ wall: number; cpu: number }> = [];
      // Interleaved, so that a change in the machine's load falls on both alike.
      for (let run = 0; run < RUNS; run++) {
        emptyRuns.push(timeRun(command(empty), cpuFile));
        bigRuns.push(timeRun(command(big), cpuFile));
      }
      const wall = (runs: typeof bigRuns) => runs.map((run) => run.wall);
      const cpu = (runs: typeof bigRuns) => runs.map((run) => run.cpu);
      work[name] = median(wall(bigRuns)) - median(wall(emptyRuns));
      cpuWork[name] = median(cpu(bigRuns)) - median(cpu(emptyRuns));
      rows.push({
        command: name,
        'empty s': spread(wall(emptyRuns)),
        '100k s': spread(wall(bigRuns)),
        'work beyond start-up s': seconds(work[name]),
        'target s': seconds(TARGET_S),
        'C anchor s (recorded)': seconds(ANCHOR_S),
        '× anchor': (work[name] / ANCHOR_S).toFixed(2),
        ...(gnuTime && { 'CPU: empty s': spread(cpu(emptyRuns)), 'CPU: 100k s': spread(cpu(bigRuns)), 'CPU beyond start-up s': seconds(cpuWork[name]) }),
      });
    }
    console.log(`instance: ${shape.students / 1000}k students / ${shape.mentors / 1000}k mentors / lists of ${shape.listLength}, ${shape.kind}; ${RUNS} runs each (median, range); wall times`);
    console.table(rows);
    const [npm, node] = ['npm run --silent match', 'node dist/matching/cli.js'];
    console.log(
      `summary: bench=cli npm_work_s=${seconds(work[npm])} node_work_s=${seconds(work[node])} target_s=${seconds(TARGET_S)} ` +
        `anchor_s=${seconds(ANCHOR_S)} npm_x_anchor=${(work[npm] / ANCHOR_S).toFixed(2)} node_x_anchor=${(work[node] / ANCHOR_S).toFixed(2)} ` +
        `meets_target=${work[npm] <= TARGET_S && work[node] <= TARGET_S} npm_cpu_work_s=${seconds(cpuWork[npm])} node_cpu_work_s=${seconds(cpuWork[node])} ` +
        `runs=${RUNS} load1=${os.loadavg()[0].toFixed(2)}`,
    );
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

main();
