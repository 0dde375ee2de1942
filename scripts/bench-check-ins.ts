/**
 * npm run bench:check-ins — the mentorship phase at 10,000 pairs, through the built API and worker (`npm run build`
 * first), each figure beside a raw anchor measured in the same run on the same data:
 *
 * 1. Check-ins sent: 10,000 accepted pairs whose period-3 check-in is due. Their delayed `check-in` jobs fire (the
 *    bench adds them with the ids the outbox gives them, as when their delay runs out); the worker writes each
 *    pair's check-in rows, emails and next period in one transaction and hands the emails to the notifications
 *    queue, which sends them over pooled SMTP to an in-process sink. Reported: pairs/s and emails/s, from the first
 *    email received to the last (and from the jobs added to the last). Anchor: the same 20,000 emails sent again
 *    through the notifications queue alone (set back to pending, re-queued as a coordinator's retry would be).
 * 2. The coordinators' pairs table: GET /api/cohorts/:id/pairs over the same 10,000 pairs (3 meetings each, two
 *    earlier periods of check-ins mostly answered), median and p95 of BENCH_PAIRS_CALLS calls (default 10). Anchor:
 *    the endpoint's one statement (PAIRS_SQL) run directly through mysql2, alternating with the calls.
 *
 * Setup writes the cohort with bulk INSERT … SELECT statements (not measured, but timed as a floor for writes).
 * Uses DATABASE_URL / REDIS_URL when set, otherwise the services of scripts/services.sh; a database and a BullMQ
 * prefix of its own, both removed. The intervals of the relay/reconcile and the sweep are the production defaults.
 */
import { Queue } from 'bullmq';
import { createConnection } from 'mysql2/promise';
import * as os from 'node:os';
import { Cohort, MentorApplication, StudentApplication } from '../libs/database/src/entities';
import { checkInJob, jobOptions } from '../libs/domain/src/messaging/jobs';
import { QUEUE, QUEUE_JOB_OPTIONS } from '../libs/domain/src/messaging/queues';
import { PAIRS_SQL } from '../libs/domain/src/pairs/pair-queries.service';
import { startSystem, TestSystem, waitFor } from '../test/support/system';
import { sampleMentor, sampleStudent } from './sample/sample-cohort';
import { startSmtpSink } from './smtp-sink';
import { allArrived, Arrivals, loadAverage, perSecond, resendEmails, seconds, stopBenchSystem } from './support/bench-run';
import { latencyFigures, sideBySide } from './support/timing';

const PAIRS = 10_000;
const EVERY_DAYS = 14;
/** The period due now; the ones before it were sent and (mostly) answered. */
const DUE_PERIOD = 3;
const DAY_MS = 86_400_000;
const CALLS = Number(process.env.BENCH_PAIRS_CALLS ?? 10);
const BATCH = 1000;

/** A closed cohort of 10,000 accepted pairs, accepted over three days six weeks ago, with their history. */
async function seedCohort(system: TestSystem): Promise<number> {
  const db = system.db.dataSource;
  const { identifiers } = await db.getRepository(Cohort).insert({ name: '基准测试 第3期 师友计划', status: 'closed', checkInEveryDays: EVERY_DAYS });
  const cohortId = identifiers[0].id as number;
  for (let start = 0; start < PAIRS; start += BATCH) {
    const indexes = Array.from({ length: Math.min(BATCH, PAIRS - start) }, (_, offset) => start + offset);
    await db.createQueryBuilder().insert().into(MentorApplication)
      .values(indexes.map((index) => ({ ...sampleMentor(index, 11), cohortId, status: 'approved' as const }))).execute();
    await db.createQueryBuilder().insert().into(StudentApplication)
      .values(indexes.map((index) => {
        const { choices: _choices, ...student } = sampleStudent(index, [], 11);
        return { ...student, cohortId, status: 'approved' as const };
      })).execute();
  }
  const latestAcceptance = new Date(Date.now() - DUE_PERIOD * EVERY_DAYS * DAY_MS - 60_000);
  await db.query(`INSERT INTO matches (cohort_id, student_id, mentor_id, status, respond_by, responded_at, accepted_at)
    SELECT ?, x.student_id, x.mentor_id, 'accepted', x.at, x.at, x.at FROM (
      SELECT s.id AS student_id, t.id AS mentor_id, DATE_SUB(?, INTERVAL s.n % 4320 MINUTE) AS at
      FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n FROM student_applications WHERE cohort_id = ?) s
      JOIN (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n FROM mentor_applications WHERE cohort_id = ?) t ON t.n = s.n
    ) x`, [cohortId, latestAcceptance, cohortId, cohortId]);
  return cohortId;
}

/** Earlier periods' check-ins (85 % answered: 70 % on track, 20 % not yet, 10 % need help) and 3 meetings a pair. */
async function seedHistory(system: TestSystem, cohortId: number): Promise<{ checkIns: number; meetings: number; ms: number }> {
  const db = system.db.dataSource;
  const started = performance.now();
  const checkIns = await db.query(`INSERT INTO check_ins (match_id, period, role, application_id, sent_at, closes_at, answer, answered_at)
    SELECT x.match_id, x.period, x.role, x.application_id, x.sent_at, x.closes_at, x.answer,
      IF(x.answer IS NULL, NULL, DATE_ADD(x.sent_at, INTERVAL 1 + x.draw % 200 HOUR))
    FROM (
      SELECT m.id AS match_id, p.period, r.role, IF(r.role = 'mentor', m.mentor_id, m.student_id) AS application_id,
        DATE_ADD(m.accepted_at, INTERVAL p.period * ? DAY) AS sent_at, DATE_ADD(m.accepted_at, INTERVAL (p.period + 1) * ? DAY) AS closes_at,
        CASE WHEN (m.id * 7 + p.period * 3 + r.k) % 20 < 3 THEN NULL WHEN (m.id * 7 + p.period * 3 + r.k) % 20 < 17 THEN 'on_track'
          WHEN (m.id * 7 + p.period * 3 + r.k) % 20 < 19 THEN 'not_yet' ELSE 'need_help' END AS answer,
        m.id * 13 + p.period * 5 + r.k AS draw
      FROM matches m
      CROSS JOIN (SELECT 1 AS period UNION ALL SELECT 2) p
      CROSS JOIN (SELECT 'mentor' AS role, 0 AS k UNION ALL SELECT 'student', 1) r
      WHERE m.cohort_id = ?
    ) x`, [EVERY_DAYS, EVERY_DAYS, cohortId]);
  const meetings = await db.query(`INSERT INTO pair_meetings (match_id, held_on, minutes, mode, summary, logged_by)
    SELECT m.id, DATE(DATE_ADD(m.accepted_at, INTERVAL k.n * 12 + m.id % 7 DAY)), 30 + (m.id + k.n * 17) % 60,
      ELT(1 + (m.id + k.n) % 4, 'in_person', 'video', 'phone', 'chat'), '聊了求职方向和简历修改，下次准备模拟面试。', IF(k.n % 2 = 1, 'mentor', 'student')
    FROM matches m CROSS JOIN (SELECT 0 AS n UNION ALL SELECT 1 UNION ALL SELECT 2) k
    WHERE m.cohort_id = ?`, [cohortId]);
  return { checkIns: checkIns.affectedRows, meetings: meetings.affectedRows, ms: performance.now() - started };
}

async function sendCheckIns(system: TestSystem, cohortId: number, queues: Record<'pairs' | 'notifications', Queue>, arrivals: Arrivals): Promise<void> {
  const db = system.db.dataSource;
  // Due only now, after the worker's boot: its first sweep and reconcile must not start the work before the clock.
  await db.query(`UPDATE matches SET next_check_in_period = ?, next_check_in_at = DATE_ADD(accepted_at, INTERVAL ? DAY) WHERE cohort_id = ?`,
    [DUE_PERIOD, DUE_PERIOD * EVERY_DAYS, cohortId]);
  const due: Array<{ id: number; at: Date }> = await db.query('SELECT id, next_check_in_at AS at FROM matches WHERE cohort_id = ? ORDER BY next_check_in_at', [cohortId]);
  const started = performance.now();
  for (let start = 0; start < due.length; start += BATCH) {
    await queues.pairs.addBulk(due.slice(start, start + BATCH).map(({ id, at }) => {
      const job = checkInJob(id, DUE_PERIOD, at);
      return { name: job.name, data: job.payload, opts: jobOptions(job.jobId, job.runAt) };
    }));
  }
  const added = performance.now() - started;
  await allArrived(arrivals, 2 * PAIRS, started, 5000);
  const total = performance.now() - started;
  const span = arrivals.spanMs;
  const [{ rows, members }] = await db.query('SELECT COUNT(*) AS `rows`, COUNT(DISTINCT application_id, role) AS members FROM check_ins WHERE period = ?', [DUE_PERIOD]);
  const [{ moved }] = await db.query('SELECT COUNT(*) AS moved FROM matches WHERE cohort_id = ? AND next_check_in_period = ?', [cohortId, DUE_PERIOD + 1]);
  console.log(`\n1. Check-ins of ${PAIRS} pairs (period ${DUE_PERIOD}), jobs added in ${seconds(added)}:`);
  console.log(`   first → last email: ${seconds(span)}: ${perSecond(PAIRS, span)} pairs, ${perSecond(2 * PAIRS, span)} emails`);
  console.log(`   jobs added → last email: ${seconds(total)}: ${perSecond(PAIRS, total)} pairs, ${perSecond(2 * PAIRS, total)} emails`);
  console.log(`   sink: ${arrivals.times.length} emails to ${arrivals.recipients.size} distinct addresses; check_ins rows ${rows} (${members} members); pairs moved to period ${DUE_PERIOD + 1}: ${moved}`);
  if (Number(rows) !== 2 * PAIRS || arrivals.recipients.size !== 2 * PAIRS || arrivals.times.length !== 2 * PAIRS) process.exitCode = 1;
}

async function timePairsTable(system: TestSystem, cohortId: number): Promise<void> {
  const connection = await createConnection({ uri: system.db.url.replace(/^mariadb:/, 'mysql:'), timezone: 'Z' });
  const url = `${system.apiUrl}/api/cohorts/${cohortId}/pairs`;
  const callApi = async () => {
    const response = await fetch(url, { headers: system.coordinator });
    const body = await response.text();
    if (!response.ok) throw new Error(`GET ${url} answered ${response.status}: ${body.slice(0, 300)}`);
    return { rows: (JSON.parse(body) as unknown[]).length, bytes: Buffer.byteLength(body) };
  };
  const runSql = async () => ((await connection.query(PAIRS_SQL('cohort'), [cohortId, new Date(), cohortId, cohortId, cohortId]))[0] as unknown[]).length;
  try {
    const { warm, measuredMs: api, anchorMs: sql } = await sideBySide(CALLS, callApi, runSql, (rows) => {
      if (rows !== PAIRS) throw new Error(`PAIRS_SQL returned ${rows} rows`);
    });
    console.log(`\n2. GET /api/cohorts/:id/pairs, ${warm.rows} pairs (${(warm.bytes / 1e6).toFixed(1)} MB of JSON), ${CALLS} calls after one warm-up:`);
    console.log(`   endpoint (HTTP, SQL, health, JSON): ${latencyFigures(api)}`);
    console.log(`   anchor, PAIRS_SQL through mysql2:   ${latencyFigures(sql)}`);
    if (warm.rows !== PAIRS) process.exitCode = 1;
  } finally {
    await connection.end();
  }
}

async function main(): Promise<void> {
  const cpus = os.cpus();
  console.log(`Machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, Node ${process.version}; load average ${loadAverage()}`);
  const arrivals = new Arrivals();
  const sink = await startSmtpSink({ port: 0, onMessage: (message) => arrivals.record(message) });
  const system = await startSystem({
    name: 'bench-check-ins',
    env: {
      NODE_ENV: 'production', LOG_LEVEL: 'warn', SMTP_URL: `smtp://127.0.0.1:${sink.port}`, MAIL_RATE_PER_SECOND: '100000',
      PUBLIC_URL: 'https://shiyou.example.edu', OUTBOX_RELAY_INTERVAL_MS: '5000', OFFER_SWEEP_INTERVAL_MS: '60000',
    },
  });
  const queues = {
    pairs: new Queue(QUEUE.pairs, { connection: { url: system.env.REDIS_URL }, prefix: system.env.QUEUE_PREFIX, defaultJobOptions: QUEUE_JOB_OPTIONS.pairs }),
    notifications: new Queue(QUEUE.notifications, { connection: { url: system.env.REDIS_URL }, prefix: system.env.QUEUE_PREFIX, defaultJobOptions: QUEUE_JOB_OPTIONS.notifications }),
  };
  try {
    const setupStarted = performance.now();
    const cohortId = await seedCohort(system);
    const history = await seedHistory(system, cohortId);
    console.log(`Setup (not measured): ${PAIRS} pairs in ${seconds(performance.now() - setupStarted)}; of it, bulk INSERT … SELECT of ${history.checkIns} check-ins and ${history.meetings} meetings: ${seconds(history.ms)} (${perSecond(history.checkIns + history.meetings, history.ms)} rows, the floor for writing rows)`);
    // The worker's boot is not measured: wait until it listens on both queues and its first reconcile is done.
    await waitFor('the worker on the pairs and notifications queues', async () => (await queues.pairs.getWorkers()).length > 0 && (await queues.notifications.getWorkers()).length > 0, 60_000, 200);
    await system.settled();
    await sendCheckIns(system, cohortId, queues, arrivals);
    await resendEmails(system, queues.notifications, arrivals, { sql: "type = 'check_in'", params: [] });
    await timePairsTable(system, cohortId);
    console.log(`\nload average at the end ${loadAverage()} (the machine is shared: compare each figure with its anchor)`);
  } finally {
    await Promise.all(Object.values(queues).map((queue) => queue.close()));
    await stopBenchSystem(system);
    await sink.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
