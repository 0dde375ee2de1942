/**
 * npm run bench:submissions — student applications (each with 5 ranked choices) through the built API
 * (`npm run build` first), beside the raw database's pace in the same run:
 *
 * 1. The anchor: BENCH_CLIENTS (default 50) concurrent clients each run, one after another, a mysql2 transaction
 *    writing the rows one submission writes (the application, its 5 choices, a token, the confirmation email and its
 *    outbox row), through a pool of the API's size, for BENCH_SECONDS (default 20) after BENCH_WARMUP_SECONDS (3).
 * 2. The project: as many clients POST /api/cohorts/:id/student-applications, each a new student, for as long.
 *
 * Both print the rate, p50 and p99; then the ratio and a last `summary:` line of key=value pairs. Every answer must be
 * 201, and afterwards every application must have its 5 choices, its token, its email and that email's outbox row
 * handed to BullMQ; otherwise the bench exits 1. Uses DATABASE_URL / REDIS_URL when set, otherwise the services of
 * scripts/services.sh; a database and a BullMQ prefix of its own, both removed. No worker runs: the emails' jobs wait
 * in Redis and are removed with the prefix.
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import * as os from 'node:os';
import { createPool, Pool } from 'mysql2/promise';
import { Cohort } from '../libs/database/src/entities';
import { generateToken, hashToken } from '../libs/domain/src/identity/tokens';
import { sendNotificationJob } from '../libs/domain/src/messaging/jobs';
import { renderNotification } from '../libs/domain/src/notifications/templates';
import { startSystem, TestSystem } from '../test/support/system';
import { sampleStudent } from './sample/sample-cohort';
import { insertApprovedApplicants } from './support/bulk-applicants';
import { loadAverage, stopBenchSystem } from './support/bench-run';
import { percentile, tailFigures, timed } from './support/timing';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const MENTORS = 200;
const CHOICES = 5;
/** The API's own pool (libs/database/src/data-source.ts), so both sides have as many connections. */
const POOL_SIZE = 20;
const TARGET = { ratio: 0.55, p99Ms: 100 };
const COHORT_NAME = '基准测试 报名 第4期 师友计划';

interface Phase {
  rate: number;
  latencies: number[];
  count: number;
  /** CPU time of the process doing the work (the bench's own for the anchor, the API's for the API), per call. */
  cpuMsPerCall: number;
}

/** User + system CPU time of a process in ms, from /proc (Linux). */
function cpuMsOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}
const CLOCK_TICKS = 100;

/**
 * `clients` loops calling `submit(next index)` until the time is up: a warm-up whose calls are not counted, then the
 * measured window. Any failure stops the bench.
 */
async function closedLoop(clients: number, pid: number, submit: (index: number) => Promise<void>): Promise<Phase> {
  let next = 0;
  let measuring = false;
  let stop = false;
  const latencies: number[] = [];
  const loop = async () => {
    while (!stop) {
      const counted = measuring;
      const { ms } = await timed(() => submit(next++));
      if (counted && !stop) latencies.push(ms);
    }
  };
  const loops = Array.from({ length: clients }, loop);
  await new Promise((resolve) => setTimeout(resolve, WARMUP_SECONDS * 1000));
  measuring = true;
  const started = performance.now();
  const cpuBefore = cpuMsOf(pid);
  await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
  stop = true;
  const elapsed = performance.now() - started;
  const cpuMs = cpuMsOf(pid) - cpuBefore;
  await Promise.all(loops);
  return { rate: (latencies.length * 1000) / elapsed, latencies, count: next, cpuMsPerCall: cpuMs / latencies.length };
}

/** A new student of the cohort each index; `seed` keeps the anchor's people apart from the API's. */
function student(index: number, seed: number, mentorIds: number[]) {
  const { choices: _sampled, ...fields } = sampleStudent(index, [], seed);
  const choices = Array.from({ length: CHOICES }, (_, rank) => mentorIds[(index * 7 + rank * 31) % mentorIds.length]);
  return { ...fields, choices };
}

/** The rows of one submission, written the way the plainest code would: one statement per table, in one transaction. */
function rawSubmission(pool: Pool, cohortId: number, mentorIds: number[]) {
  const rendered = renderNotification({
    type: 'application_received', cohortId, cohortName: COHORT_NAME, role: 'student', applicationId: 1, recipient: { email: 'x@example.edu', name: '某同学' },
  });
  return async (index: number) => {
    const s = student(index, 17, mentorIds);
    const connection = await pool.getConnection();
    try {
      await connection.beginTransaction();
      const [application] = await connection.query<import('mysql2').ResultSetHeader>(
        `INSERT INTO student_applications (cohort_id, status, name, email, student_number, college, major, enrollment_year, city, topics, industries, statement, consent)
         VALUES (?, 'submitted', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE)`,
        [cohortId, s.name, s.email, s.studentNumber, s.college, s.major, s.enrollmentYear, s.city, JSON.stringify(s.topics), JSON.stringify(s.industries), s.statement],
      );
      const studentId = application.insertId;
      await connection.query('INSERT INTO student_choices (student_id, `rank`, cohort_id, mentor_id) VALUES ?', [s.choices.map((mentorId, rank) => [studentId, rank + 1, cohortId, mentorId])]);
      await connection.query('INSERT INTO applicant_tokens (role, application_id, token_hash) VALUES (?, ?, ?)', ['student', studentId, hashToken(generateToken('student'))]);
      const [notification] = await connection.query<import('mysql2').ResultSetHeader>(
        `INSERT INTO notifications (cohort_id, type, recipient_email, recipient_name, subject, body_text, body_html, link_role, link_application_id, dedupe_key)
         VALUES (?, 'application_received', ?, ?, ?, ?, ?, 'student', ?, ?)`,
        [cohortId, s.email, s.name, rendered.subject, rendered.text, rendered.html, studentId, `application_received:student:${studentId}`],
      );
      const job = sendNotificationJob(notification.insertId);
      await connection.query('INSERT INTO outbox (queue, job_name, payload, job_id) VALUES (?, ?, ?, ?)', [job.queue, job.name, JSON.stringify(job.payload), job.jobId]);
      await connection.commit();
    } catch (error) {
      await connection.rollback();
      throw error;
    } finally {
      connection.release();
    }
  };
}

function apiSubmission(system: TestSystem, cohortId: number, mentorIds: number[]) {
  const url = new URL(`${system.apiUrl}/api/cohorts/${cohortId}/student-applications`);
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  return (index: number) => new Promise<void>((resolve, reject) => {
    const body = JSON.stringify({ ...student(index, 23, mentorIds), consent: true });
    const call = request(url, { method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => (response.statusCode === 201 ? resolve() : reject(new Error(`The API answered ${response.statusCode}: ${Buffer.concat(chunks).toString()}`))));
    });
    call.on('error', reject);
    call.end(body);
  });
}

/** Every application of the cohort has its choices, token, email and handed-over outbox row; returns how many. */
async function checkRows(system: TestSystem, cohortId: number): Promise<number> {
  const [row] = await system.db.dataSource.query(
    `SELECT COUNT(*) AS applications,
       SUM((SELECT COUNT(*) FROM student_choices c WHERE c.student_id = s.id) = ${CHOICES}) AS withChoices,
       SUM(EXISTS (SELECT 1 FROM applicant_tokens t WHERE t.role = 'student' AND t.application_id = s.id)) AS withToken,
       SUM(EXISTS (SELECT 1 FROM notifications n JOIN outbox o ON o.job_id = CONCAT('notification-', n.id)
                   WHERE n.dedupe_key = CONCAT('application_received:student:', s.id) AND o.dispatched_at IS NOT NULL)) AS withEmail
     FROM student_applications s WHERE s.cohort_id = ? AND s.email LIKE '%.s23@%'`,
    [cohortId],
  );
  const counts = Object.fromEntries(Object.entries(row).map(([key, value]) => [key, Number(value)]));
  if (counts.withChoices !== counts.applications || counts.withToken !== counts.applications || counts.withEmail !== counts.applications) {
    throw new Error(`Rows incomplete: ${JSON.stringify(counts)}`);
  }
  return counts.applications;
}

const figures = (phase: Phase) => `${Math.round(phase.rate)} submissions/s, ${tailFigures(phase.latencies)}, ${phase.cpuMsPerCall.toFixed(2)} ms of CPU each`;

async function main(): Promise<void> {
  const cpus = os.cpus();
  console.log(`Machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, Node ${process.version}; load average ${loadAverage()}`);
  const system = await startSystem({
    name: 'bench-submissions',
    worker: false,
    env: { NODE_ENV: 'production', LOG_LEVEL: 'warn', PUBLIC_POST_RATE_LIMIT: '100000000', ...(process.env.BENCH_API_NODE_OPTIONS && { NODE_OPTIONS: process.env.BENCH_API_NODE_OPTIONS }) },
  });
  const pool = createPool({ uri: system.db.url, connectionLimit: POOL_SIZE });
  try {
    const db = system.db.dataSource;
    const { identifiers } = await db.getRepository(Cohort).insert({ name: COHORT_NAME, status: 'open', maxChoices: CHOICES });
    const cohortId = identifiers[0].id as number;
    await insertApprovedApplicants(db, cohortId, { mentors: MENTORS, students: 0 }, 19);
    const mentorIds: number[] = (await db.query('SELECT id FROM mentor_applications WHERE cohort_id = ? ORDER BY id', [cohortId])).map((row: { id: number }) => row.id);
    console.log(`${CLIENTS} clients, ${WARMUP_SECONDS} s warm-up then ${SECONDS} s each; an open cohort of ${MENTORS} approved mentors, ${CHOICES} choices a student`);

    const raw = await closedLoop(CLIENTS, process.pid, rawSubmission(pool, cohortId, mentorIds));
    console.log(`  anchor, mysql2 transaction of the same rows (pool of ${POOL_SIZE}): ${figures(raw)}`);
    const api = await closedLoop(CLIENTS, system.api.pid!, apiSubmission(system, cohortId, mentorIds));
    console.log(`  POST /api/cohorts/:id/student-applications:           ${figures(api)}`);

    const checked = await checkRows(system, cohortId);
    if (checked !== api.count) throw new Error(`${api.count} answers 201, ${checked} applications written`);
    const ratio = api.rate / raw.rate;
    const p99 = percentile(api.latencies, 99);
    const met = ratio >= TARGET.ratio && p99 <= TARGET.p99Ms;
    console.log(`Ratio ${ratio.toFixed(2)}× the raw rate (target ≥ ${TARGET.ratio}×), p99 ${Math.round(p99)} ms (target ≤ ${TARGET.p99Ms} ms): ${met ? 'met' : 'NOT met'}; load average ${loadAverage()}`);
    const p = (values: number[], at: number) => Math.round(percentile(values, at));
    console.log(`summary: api_per_s=${Math.round(api.rate)} api_p50_ms=${p(api.latencies, 50)} api_p99_ms=${p(api.latencies, 99)} raw_per_s=${Math.round(raw.rate)} raw_p50_ms=${p(raw.latencies, 50)} raw_p99_ms=${p(raw.latencies, 99)} ratio=${ratio.toFixed(2)} clients=${CLIENTS} seconds=${SECONDS} met=${met}`);
    process.exitCode = met ? 0 : 1;
  } finally {
    await pool.end();
    await stopBenchSystem(system);
  }
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
