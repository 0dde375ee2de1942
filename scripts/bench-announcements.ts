/**
 * npm run bench:announcements — one announcement to BENCH_ANNOUNCEMENT_RECIPIENTS approved people (default 5,000:
 * half mentors, half students) through the built API and worker (`npm run build` first), and what the API's other
 * routes see meanwhile:
 *
 * 1. The fan-out rate: recipients per second from the POST to the last email received by an in-process SMTP sink
 *    (the worker records the emails in chunks, the notifications queue sends them over pooled SMTP). Also shown: how
 *    long the POST took to answer 202 and how long the worker took to record every email (from the database). Anchor:
 *    the same emails sent again through the notifications queue alone (set back to pending, queued as retries), with
 *    the same client calling the route of 2. meanwhile.
 * 2. Another route, GET /api/cohorts/:id (the cohort with its counts), called one request after another during the
 *    whole fan-out: p50 and p99, beside the same route on the idle API just before (the raw anchor, same run).
 *
 * The last line is one summary a script can parse (`key=value` pairs). Every email must arrive once, with its own
 * Message-ID, and the list must show every one sent; otherwise the bench exits 1. Uses DATABASE_URL / REDIS_URL when
 * set, otherwise the services of scripts/services.sh; a database and a BullMQ prefix of its own, both removed. The
 * relay/reconcile and sweep intervals are the production defaults.
 */
import { Queue } from 'bullmq';
import * as os from 'node:os';
import { AnnouncementView } from '../libs/contracts/src';
import { Cohort } from '../libs/database/src/entities';
import { QUEUE } from '../libs/domain/src/messaging/queues';
import { startSystem, TestSystem, waitFor } from '../test/support/system';
import { startSmtpSink } from './smtp-sink';
import { insertApprovedApplicants } from './support/bulk-applicants';
import { allArrived, Arrivals, loadAverage, resendEmails, seconds, stopBenchSystem } from './support/bench-run';
import { latenciesWhile, percentile, tailFigures } from './support/timing';

const RECIPIENTS = Number(process.env.BENCH_ANNOUNCEMENT_RECIPIENTS ?? 5000);
const IDLE_CALLS = Number(process.env.BENCH_IDLE_CALLS ?? 300);
const SUBJECT = '基准测试：年终聚会通知';

async function seedCohort(system: TestSystem): Promise<number> {
  const db = system.db.dataSource;
  const { identifiers } = await db.getRepository(Cohort).insert({ name: '基准测试 公告 第3期 师友计划', status: 'open' });
  const cohortId = identifiers[0].id as number;
  const mentors = Math.floor(RECIPIENTS / 2);
  await insertApprovedApplicants(db, cohortId, { mentors, students: RECIPIENTS - mentors }, 13);
  return cohortId;
}

async function main(): Promise<void> {
  const cpus = os.cpus();
  console.log(`Machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, Node ${process.version}; load average ${loadAverage()}`);
  const arrivals = new Arrivals();
  const sink = await startSmtpSink({ port: 0, onMessage: (message) => { if (message.subject.includes(SUBJECT)) arrivals.record(message); } });
  const system = await startSystem({
    name: 'bench-announcements',
    env: {
      NODE_ENV: 'production', LOG_LEVEL: 'warn', SMTP_URL: `smtp://127.0.0.1:${sink.port}`, MAIL_RATE_PER_SECOND: '100000',
      PUBLIC_URL: 'https://shiyou.example.edu', OUTBOX_RELAY_INTERVAL_MS: '5000', OFFER_SWEEP_INTERVAL_MS: '60000',
    },
  });
  const queues = [QUEUE.announcements, QUEUE.notifications].map((name) => new Queue(name, { connection: { url: system.env.REDIS_URL }, prefix: system.env.QUEUE_PREFIX }));
  try {
    const setupStarted = performance.now();
    const cohortId = await seedCohort(system);
    console.log(`Setup (not measured): ${RECIPIENTS} approved applications in ${seconds(performance.now() - setupStarted)}`);
    await waitFor('the worker on the announcements and notifications queues', async () => (await Promise.all(queues.map((queue) => queue.getWorkers()))).every((workers) => workers.length > 0), 60_000, 200);
    await system.settled();

    const headers = { ...system.coordinator, 'Content-Type': 'application/json' };
    const other = async () => {
      const response = await fetch(`${system.apiUrl}/api/cohorts/${cohortId}`, { headers });
      if (response.status !== 200) throw new Error(`GET /api/cohorts/${cohortId} answered ${response.status}`);
      await response.arrayBuffer();
    };
    let idleCalls = 0;
    await other();
    const idle = await latenciesWhile(other, () => (idleCalls += 1) > IDLE_CALLS);

    let done = false;
    const during = latenciesWhile(other, () => done);
    const posted = performance.now();
    const response = await fetch(`${system.apiUrl}/api/cohorts/${cohortId}/announcements`, {
      method: 'POST', headers,
      body: JSON.stringify({ subject: { zh: SUBJECT, en: 'Benchmark: year-end gathering' }, body: { zh: '各位好：\n\n年终聚会定于本月最后一个周六。', en: 'Hello,\n\nThe gathering is on the last Saturday of the month.' }, audience: 'all' }),
    });
    const answeredMs = performance.now() - posted;
    const created = (await response.json()) as { id: number; recipients: number };
    if (response.status !== 202 || created.recipients !== RECIPIENTS) throw new Error(`POST answered ${response.status}: ${JSON.stringify(created)}`);
    try {
      await allArrived(arrivals, RECIPIENTS, posted, 1000);
    } finally {
      done = true;
    }
    const latencies = await during;
    const totalMs = arrivals.times[arrivals.times.length - 1] - posted;
    const rate = Math.round((RECIPIENTS * 1000) / totalMs);
    const [{ startedMs, recordedMs }] = await system.db.dataSource.query(
      `SELECT TIMESTAMPDIFF(MICROSECOND, created_at, started_at) / 1000 AS startedMs, TIMESTAMPDIFF(MICROSECOND, created_at, recorded_at) / 1000 AS recordedMs
       FROM announcements WHERE id = ?`, [created.id]);

    const listed = await waitFor('the list to show the announcement sent', async () => {
      const rows = (await (await fetch(`${system.apiUrl}/api/cohorts/${cohortId}/announcements`, { headers })).json()) as AnnouncementView[];
      return rows.find((row) => row.id === created.id && row.status === 'sent');
    }, 60_000, 250);
    console.log(`\n1. Announcement to ${RECIPIENTS} recipients: POST answered 202 in ${Math.round(answeredMs)} ms; the worker began the fan-out ${seconds(Number(startedMs))} after it and had recorded every email ${seconds(Number(recordedMs))} after it;`);
    console.log(`   first email at the sink after ${seconds(arrivals.times[0] - posted)}, the last after ${seconds(totalMs)}: ${rate} recipients/s from POST to last email`);
    console.log(`   sink: ${arrivals.times.length} emails, ${arrivals.messageIds.size} distinct Message-IDs, ${arrivals.recipients.size} distinct recipients; list: sent ${listed.sent}, failed ${listed.failed}`);
    const correct = arrivals.times.length === RECIPIENTS && arrivals.messageIds.size === RECIPIENTS && arrivals.recipients.size === RECIPIENTS
      && listed.sent === RECIPIENTS && listed.failed === 0;
    // The anchor runs with the same client calling the other route, so the two rates differ by the fan-out alone.
    let resent = false;
    const duringAnchor = latenciesWhile(other, () => resent);
    const anchorRate = await resendEmails(system, queues[1], arrivals, { sql: 'announcement_id = ?', params: [created.id] }).finally(() => { resent = true; });
    const anchorLatencies = await duringAnchor;
    console.log('2. GET /api/cohorts/:id, one call after another:');
    console.log(`   during the fan-out: ${tailFigures(latencies)}`);
    console.log(`   while the anchor's emails went out: ${tailFigures(anchorLatencies)}`);
    console.log(`   anchor, the idle API just before: ${tailFigures(idle)}`);
    console.log(`\nload average at the end ${loadAverage()} (the machine is shared: read the figures beside their anchor)`);
    const figure = (values: number[], p: number) => Math.round(percentile(values, p));
    console.log([
      'bench:announcements', `recipients=${RECIPIENTS}`, `fanout_per_s=${rate}`, `anchor_emails_per_s=${anchorRate}`, `post_to_last_email_ms=${Math.round(totalMs)}`, `post_ms=${Math.round(answeredMs)}`,
      `during_p50_ms=${figure(latencies, 50)}`, `during_p99_ms=${figure(latencies, 99)}`, `during_n=${latencies.length}`,
      `anchor_p50_ms=${figure(anchorLatencies, 50)}`, `anchor_p99_ms=${figure(anchorLatencies, 99)}`,
      `idle_p50_ms=${figure(idle, 50)}`, `idle_p99_ms=${figure(idle, 99)}`, `idle_n=${idle.length}`,
    ].join(' '));
    if (!correct) process.exitCode = 1;
  } finally {
    await Promise.all(queues.map((queue) => queue.close()));
    await stopBenchSystem(system);
    await sink.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
