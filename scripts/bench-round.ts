/**
 * npm run bench:round — one real matching round of 10,000 students and 2,000 mentors, through the built API and
 * worker (`npm run build` first): time from the coordinator's request to the round completed with every proposal
 * (and its history, outbox rows and email rows) persisted, and the round's own split into load, preferences,
 * solve, check, explain and persist.
 *
 * Setup writes the generated cohort straight into a fresh database with bulk inserts (not 12,000 HTTP
 * applications): only the round itself is measured. Uses DATABASE_URL / REDIS_URL when set, otherwise the
 * services of scripts/services.sh (started if needed); a database and a BullMQ prefix of its own, both removed.
 */
import { Cohort, MentorApplication, StudentApplication, StudentChoice } from '../libs/database/src/entities';
import { QUEUE } from '../libs/domain/src/messaging/queues';
import { sampleMentor, sampleStudent } from './sample/sample-cohort';
import { Queue } from 'bullmq';
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createScratchDatabase, serviceUrls } from './support/scratch-database';

const STUDENTS = 10_000;
const MENTORS = 2_000;
const TARGET_MS = 15_000;
const ROOT = join(__dirname, '..');
const MAIN = { api: join(ROOT, 'dist/apps/api/apps/api/src/main.js'), worker: join(ROOT, 'dist/apps/worker/apps/worker/src/main.js') };
const COORDINATOR_TOKEN = `bench-round-token-${process.pid}-0123456789`;
const BATCH = 1000;

async function insertInBatches<T>(dataSource: DataSource, entity: new () => T, rows: object[]): Promise<void> {
  for (let start = 0; start < rows.length; start += BATCH) {
    await dataSource.createQueryBuilder().insert().into(entity).values(rows.slice(start, start + BATCH) as never).execute();
  }
}

/** An open cohort of approved, realistic applicants; students rank up to 5 mentors, popular ones more often. */
async function generateCohort(dataSource: DataSource): Promise<number> {
  const { identifiers } = await dataSource.getRepository(Cohort).insert({ name: '基准测试 师友计划', status: 'open' });
  const cohortId = identifiers[0].id as number;
  await insertInBatches(dataSource, MentorApplication, Array.from({ length: MENTORS }, (_, index) => ({ ...sampleMentor(index, 7), cohortId, status: 'approved' })));
  const mentorIds: number[] = (await dataSource.query('SELECT id FROM mentor_applications WHERE cohort_id = ? ORDER BY id', [cohortId])).map((row: { id: number }) => row.id);
  const students = Array.from({ length: STUDENTS }, (_, index) => sampleStudent(index, mentorIds, 7));
  await insertInBatches(dataSource, StudentApplication, students.map(({ choices: _choices, ...student }) => ({ ...student, cohortId, status: 'approved' })));
  const studentIds: number[] = (await dataSource.query('SELECT id FROM student_applications WHERE cohort_id = ? ORDER BY id', [cohortId])).map((row: { id: number }) => row.id);
  const choices = students.flatMap((student, index) => student.choices.map((mentorId, rank) => ({ cohortId, studentId: studentIds[index], mentorId, rank: rank + 1 })));
  await insertInBatches(dataSource, StudentChoice, choices);
  return cohortId;
}

function startApp(kind: 'api' | 'worker', env: Record<string, string>): { child: ChildProcess; ready: Promise<void> } {
  const child = spawn(process.execPath, [MAIN[kind]], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const readyLine = kind === 'api' ? 'Nest application successfully started' : 'Worker started';
  const ready = new Promise<void>((resolve, reject) => {
    let seen = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      seen = (seen + chunk.toString()).slice(-20_000);
      if (seen.includes(readyLine)) resolve();
    });
    child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(`[${kind}] ${chunk}`));
    child.once('exit', (code) => reject(new Error(`The ${kind} exited (code ${code}) before it was ready`)));
  });
  return { child, ready };
}

async function stopApp(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

async function main(): Promise<void> {
  for (const path of Object.values(MAIN)) if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build\` first`);
  const { databaseUrl, redisUrl } = serviceUrls();
  const cpus = os.cpus();
  console.log(`Machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`);

  const database = await createScratchDatabase(databaseUrl, `shiyou_bench_round_${process.pid}`);
  const queuePrefix = `bench-round-${process.pid}`;
  const apps: ChildProcess[] = [];
  try {
    const setupStarted = performance.now();
    const cohortId = await generateCohort(database.dataSource);
    console.log(`Setup (bulk inserts, not measured): ${STUDENTS} students, ${MENTORS} mentors in ${Math.round(performance.now() - setupStarted)} ms`);

    const port = 20_000 + (process.pid % 20_000);
    const env = {
      DATABASE_URL: database.url, REDIS_URL: redisUrl, QUEUE_PREFIX: queuePrefix, PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`, COORDINATOR_TOKEN, LOG_LEVEL: 'log', NODE_ENV: 'production',
    };
    const api = startApp('api', env);
    const worker = startApp('worker', env);
    apps.push(api.child, worker.child);
    await Promise.all([api.ready, worker.ready]);

    const requested = performance.now();
    const response = await fetch(`http://127.0.0.1:${port}/api/cohorts/${cohortId}/rounds`, {
      method: 'POST', headers: { Authorization: `Bearer ${COORDINATOR_TOKEN}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ seed: 42 }),
    });
    if (response.status !== 202) throw new Error(`The round request answered ${response.status}: ${await response.text()}`);
    const { id: roundId } = (await response.json()) as { id: number };
    let round: { status: string; stats: string | object | null; error: string | null } | undefined;
    for (;;) {
      [round] = await database.dataSource.query('SELECT status, stats, error FROM rounds WHERE id = ?', [roundId]);
      if (round && (round.status === 'completed' || round.status === 'failed')) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const totalMs = Math.round(performance.now() - requested);
    if (round.status !== 'completed') throw new Error(`Round ${roundId} failed: ${round.error}`);

    // MySQL hands JSON columns over parsed, MariaDB (JSON is LONGTEXT there) as text.
    const stats = (typeof round.stats === 'string' ? JSON.parse(round.stats) : round.stats) as { matched: number; unmatched: number; mentorCapacity: number; byChoiceRank: Record<string, number>; timingsMs: Record<string, number> };
    const [{ proposals }] = await database.dataSource.query("SELECT COUNT(*) AS proposals FROM matches WHERE round_id = ? AND status = 'proposed'", [roundId]);
    if (Number(proposals) !== stats.matched) throw new Error(`${proposals} proposals persisted for ${stats.matched} assignments`);
    const timings = stats.timingsMs;
    const inWorker = Object.values(timings).reduce((sum, ms) => sum + ms, 0);
    console.log(`Round: ${stats.matched} matched (${Number(proposals)} proposals persisted), ${stats.unmatched} unmatched, ${stats.mentorCapacity} places; by choice rank ${JSON.stringify(stats.byChoiceRank)}`);
    console.log(`Split (ms): load ${timings.load}, preferences ${timings.preferences}, solve ${timings.solve}, check ${timings.check}, explain ${timings.explain}, persist ${timings.persist}`);
    console.log(`  = ${inWorker} ms in the round job; ${totalMs - inWorker} ms queueing, status updates and commit around it`);
    console.log(`Total from request to completed round: ${totalMs} ms (target ≤ ${TARGET_MS} ms: ${totalMs <= TARGET_MS ? 'met' : 'NOT met'})`);
    process.exitCode = totalMs <= TARGET_MS ? 0 : 1;
  } finally {
    await Promise.all(apps.map(stopApp));
    const cleanup = Object.values(QUEUE).map(async (name) => {
      const queue = new Queue(name, { connection: { url: redisUrl }, prefix: queuePrefix });
      await queue.obliterate({ force: true });
      await queue.close();
    });
    await Promise.all(cleanup);
    await database.drop();
  }
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
