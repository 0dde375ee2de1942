import { DECLINE_REASONS } from '@app/contracts';
import { Queue } from 'bullmq';
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { QueryRunner } from 'typeorm';
import type { SinkMessage } from '../scripts/smtp-sink';
import { Cluster, DbThread, inPool, ownersOfThreads, redisCommand, settleOrFindOrphans, startCluster, threadsOf } from './support/cluster';
import { sampleMentor, sampleStudent } from './support/factories';
import { ARTIFACTS, waitFor } from './support/system';

/**
 * The hardening issue's multi-process test: 2 API and 3 worker processes of the built apps on one MariaDB database,
 * one Redis and one SMTP sink. 100 mentors and 2,000 students apply through both APIs; rounds run; mentors accept,
 * decline or stay silent, through both APIs. Meanwhile:
 *
 *  1. after round 1, Redis crashes and comes back without its data, while jobs already handed over wait in it
 *     (their queues are paused, so that what is lost does not depend on timing), and while mentors answer,
 *     students apply and round 2 is requested (all must be accepted: the outbox keeps the work);
 *  2. after round 2, Redis is stopped cleanly and started again with its data, with the same writes meanwhile;
 *  3. as it comes back, the worker running round 3 is killed (kill -9) mid-round and mid-send: the test holds locks
 *     so that the round waits inside its final transaction and a few sends wait between the SMTP server's accept and
 *     the row being marked sent (README "One copy of each email"), then kills the worker whose connection runs the
 *     round and starts it again.
 *
 * Afterwards, once settled, the audit: every event has exactly one notification, sent, and at the sink under its
 * Message-ID (none lost, none duplicated); raw duplicate deliveries only from the documented window, as second
 * copies under the same Message-ID; every answer kept, every match's history consistent, no student with two active
 * matches, no mentor over capacity at any time; every round completed once; open proposals still have their expiry
 * and reminder scheduled.
 */

const NAME = 'multi_process';
const MENTORS = 100;
const STUDENTS = 2000;
const LATE_PER_OUTAGE = 20;
const FIRST_WAVE = STUDENTS - 2 * LATE_PER_OUTAGE;
const CONCURRENCY = 20;
const MAX_ROUNDS = 5;
/**
 * Sends held between the SMTP accept and "mark sent" while the worker is killed: few, so no worker runs out of
 * connections, and fewer than the sender's BATCHES_IN_FLIGHT, so a worker holding them all still has each one's
 * "mark sent" waiting at the database.
 */
const HELD_SENDS = 12;
/** apps/worker NotificationsProcessor: jobs one worker has in flight, so the most a kill can catch outside the held ones. */
const NOTIFICATION_CONCURRENCY = 50;
const OFFICE = 'office@multi-process.example.edu';
/**
 * Bounds, not expectations: on this project's 2-core machine, shared with other suites (load 8 to 13), the whole run
 * took 2.8 to 4.1 minutes. Applications to one cohort are serialised by its row lock (lockForApplications), so their
 * 2,000 transactions one after the other take most of it, however many API processes there are.
 */
const SCENARIO_TIMEOUT_MS = 600_000;
const ROUND_TIMEOUT_MS = 180_000;
const SETTLE_TIMEOUT_MS = 180_000;
/** How long pending messages may go without any job in Redis before the run calls them lost (the reconcile runs every second). */
const ORPHAN_GRACE_MS = 20_000;
// The sender marks the sends of concurrent jobs in one statement (notification-sender.service.ts), so one waiting
// statement may name several held ids, and others beside them.
const MARK_SENT = /^UPDATE notifications SET status = 'sent'[\s\S]*WHERE id IN \(([\d, ]+)\) AND status = 'pending'/;
const ROUND_INSERT = /^INSERT INTO `round_instances`/;

type Decision = 'accept' | 'decline' | 'silent';
interface Person {
  index: number;
  id: number;
  token: string;
  email: string;
  capacity: number;
}
interface Proposal {
  id: number;
  roundId: number;
  student: { id: number; email: string };
  mentor: { id: number };
}
interface RoundRecord {
  id: number;
  number: number;
  matched: number;
}

/** A spread-out, reproducible hash, so each student's answer in each round is fixed in advance. */
function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x165667b1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  return (h ^ (h >>> 15)) >>> 0;
}
/** 60 % accept, 30 % decline, 10 % never answer (their proposals stay open to the end). */
function decisionFor(studentIndex: number, roundNumber: number): Decision {
  const bucket = mix(studentIndex, roundNumber) % 10;
  return bucket < 6 ? 'accept' : bucket < 9 ? 'decline' : 'silent';
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Samples, while everything runs, the worst mentor load against capacity and students with two active matches. */
class InvariantSampler {
  samples = 0;
  maxOver = -Infinity;
  maxRatio = 0;
  violations: string[] = [];
  private running = true;
  private loop: Promise<void> = Promise.resolve();

  constructor(private readonly cluster: Cluster, private readonly cohortId: () => number) {}

  start(): void {
    this.loop = (async () => {
      while (this.running) {
        await this.sample().catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    await this.sample();
  }

  private async sample(): Promise<void> {
    if (!this.cohortId()) return;
    const db = this.cluster.db.dataSource;
    const loads: Array<{ id: number; capacity: number; load: string }> = await db.query(
      `SELECT m.id, m.capacity, COUNT(x.id) AS \`load\` FROM mentor_applications m
       JOIN matches x ON x.mentor_id = m.id AND x.status IN ('proposed', 'accepted') WHERE m.cohort_id = ? GROUP BY m.id, m.capacity`,
      [this.cohortId()]);
    const twice: Array<{ student_id: number }> = await db.query(
      "SELECT student_id FROM matches WHERE cohort_id = ? AND status IN ('proposed', 'accepted') GROUP BY student_id HAVING COUNT(*) > 1",
      [this.cohortId()]);
    this.samples += 1;
    for (const row of loads) {
      const load = Number(row.load);
      this.maxOver = Math.max(this.maxOver, load - row.capacity);
      this.maxRatio = Math.max(this.maxRatio, load / row.capacity);
      if (load > row.capacity) this.violations.push(`mentor ${row.id}: ${load} active > capacity ${row.capacity}`);
    }
    for (const row of twice) this.violations.push(`student ${row.student_id} has two active matches`);
  }
}

interface KillRecord {
  worker: string;
  roundId: number;
  /** Notifications whose send the victim had handed to SMTP but not yet marked sent: each must arrive twice. */
  heldByVictim: number[];
  heldByOthers: number[];
  pendingAtKill: number;
  threadsKilled: number;
}

let cluster: Cluster;
let sampler: InvariantSampler;
const run = {
  startedAt: Date.now(),
  cohortId: 0,
  mentors: [] as Person[],
  students: [] as Person[],
  rounds: [] as RoundRecord[],
  /** What the API said each answer did; the database must agree at the end. */
  answered: new Map<number, 'accepted' | 'declined'>(),
  silent: new Set<number>(),
  faults: [] as string[],
  acceptedWhileRedisDown: 0,
  /** Notifications handed to BullMQ and waiting in Redis when it lost its data. */
  inRedisWhenLost: [] as number[],
  kill: null as KillRecord | null,
  settleError: null as string | null,
  /** Pending notifications no job in Redis served any more when the run ended: lost. */
  orphans: [] as number[],
  /** Set by afterAll: a scenario still running after a hook timeout stops at its next phase. */
  aborted: false,
  timings: {} as Record<string, string>,
};
let audit: Audit;

/** Phase lines in artifacts/logs (and on stderr with MULTI_PROCESS_PROGRESS=1): where a slow run spent its time. */
function progress(line: string): void {
  const text = `${new Date().toISOString()} +${seconds(Date.now() - run.startedAt)} ${line}\n`;
  appendFileSync(join(ARTIFACTS, 'logs', `${NAME}-progress.log`), text);
  if (process.env.MULTI_PROCESS_PROGRESS) process.stderr.write(text);
}

async function timed<T>(phase: string, work: () => Promise<T>): Promise<T> {
  if (run.aborted) throw new Error(`not starting "${phase}": the suite was torn down`);
  const started = Date.now();
  progress(`${phase}: started`);
  try {
    return await work();
  } finally {
    run.timings[phase] = seconds(Date.now() - started);
    progress(`${phase}: ${run.timings[phase]}`);
  }
}

/** A request to one of the APIs; refused once the suite is torn down, so a timed-out scenario stops quickly. */
function call(...args: Parameters<Cluster['call']>): ReturnType<Cluster['call']> {
  if (run.aborted) return Promise.reject(new Error('the suite was torn down'));
  return cluster.call(...args);
}

function expectStatus(response: { status: number; body: unknown }, status: number, what: string): void {
  if (response.status !== status) throw new Error(`${what}: expected HTTP ${status}, got ${response.status} ${JSON.stringify(response.body).slice(0, 500)}`);
}

// --- the people and their requests, spread over both APIs ------------------------------------------------------

async function applyMentors(): Promise<void> {
  run.mentors = await inPool(Array.from({ length: MENTORS }, (_, index) => index), CONCURRENCY, async (index) => {
    const capacity = 1 + (index % 5);
    const body = { ...sampleMentor(index), capacity };
    const response = await call(index, 'POST', `/api/cohorts/${run.cohortId}/mentor-applications`, { body });
    expectStatus(response, 201, `mentor application ${index}`);
    return { index, id: response.body.id, token: response.body.accessToken, email: body.email, capacity };
  });
}

async function applyStudents(indexes: number[]): Promise<Person[]> {
  const mentorIds = run.mentors.map((mentor) => mentor.id); // by mentor index: the same preferences on every run
  const students = await inPool(indexes, CONCURRENCY, async (index) => {
    const body = sampleStudent(index, mentorIds);
    const response = await call(index, 'POST', `/api/cohorts/${run.cohortId}/student-applications`, { body });
    expectStatus(response, 201, `student application ${index}`);
    return { index, id: response.body.id as number, token: response.body.accessToken as string, email: body.email, capacity: 0 };
  });
  run.students.push(...students);
  return students;
}

async function approve(role: 'mentor' | 'student', people: Person[]): Promise<void> {
  for (let start = 0; start < people.length; start += 1000) {
    const ids = people.slice(start, start + 1000).map((person) => person.id);
    const response = await call(start / 1000, 'POST', `/api/cohorts/${run.cohortId}/${role}-applications/review`,
      { coordinator: true, body: { ids, decision: 'approved' } });
    expectStatus(response, 200, `approving ${ids.length} ${role}s`);
  }
}

async function requestRound(number: number): Promise<number> {
  const response = await call(number, 'POST', `/api/cohorts/${run.cohortId}/rounds`, { coordinator: true, body: { seed: 20_261_200 + number } });
  expectStatus(response, 202, `requesting round ${number}`);
  return response.body.id;
}

async function completedRound(roundId: number, timeoutMs: number): Promise<RoundRecord> {
  let polls = 0;
  const round = await waitFor(`round ${roundId} to finish`, async () => {
    const response = await call(polls++, 'GET', `/api/rounds/${roundId}`, { coordinator: true });
    expectStatus(response, 200, `reading round ${roundId}`);
    return ['completed', 'failed'].includes(response.body.status) ? response.body : null;
  }, timeoutMs, 200);
  if (round.status !== 'completed') throw new Error(`round ${roundId} failed: ${round.error}`);
  const record = { id: round.id, number: round.number, matched: round.stats.matched };
  run.rounds.push(record);
  return record;
}

/** The round's proposals with the answer each will get, in match id order. */
async function planAnswers(round: RoundRecord): Promise<Array<{ proposal: Proposal; decision: Exclude<Decision, 'silent'> }>> {
  const response = await call(round.number, 'GET', `/api/cohorts/${run.cohortId}/matches?status=proposed`, { coordinator: true });
  expectStatus(response, 200, 'listing proposals');
  const proposals = (response.body as Proposal[]).filter((proposal) => proposal.roundId === round.id);
  if (proposals.length !== round.matched) throw new Error(`round ${round.number}: ${proposals.length} open proposals, ${round.matched} matched`);
  const studentIndex = new Map(run.students.map((student) => [student.id, student.index]));
  const plan: Array<{ proposal: Proposal; decision: Exclude<Decision, 'silent'> }> = [];
  for (const proposal of proposals) {
    const decision = decisionFor(studentIndex.get(proposal.student.id)!, round.number);
    if (decision === 'silent') run.silent.add(proposal.id);
    else plan.push({ proposal, decision });
  }
  return plan;
}

async function answer(plan: Array<{ proposal: Proposal; decision: 'accept' | 'decline' }>, redisDown = false): Promise<void> {
  const tokenOf = new Map(run.mentors.map((mentor) => [mentor.id, mentor.token]));
  await inPool(plan, CONCURRENCY, async ({ proposal, decision }, index) => {
    const body = decision === 'decline' ? { reason: DECLINE_REASONS[proposal.id % DECLINE_REASONS.length] } : undefined;
    const response = await call(index, 'POST', `/api/me/proposals/${proposal.id}/${decision}`, { token: tokenOf.get(proposal.mentor.id), body });
    expectStatus(response, 200, `${decision} of proposal ${proposal.id}${redisDown ? ' while Redis is down' : ''}`);
    run.answered.set(proposal.id, decision === 'accept' ? 'accepted' : 'declined');
  });
  if (redisDown) run.acceptedWhileRedisDown += plan.length;
}

/** While Redis is down: answers, new students (applied and approved) and the next round's request, all accepted. */
async function writesWhileRedisIsDown(plan: Array<{ proposal: Proposal; decision: 'accept' | 'decline' }>, lateFrom: number, nextRound: number): Promise<number> {
  await answer(plan, true);
  const late = await applyStudents(Array.from({ length: LATE_PER_OUTAGE }, (_, offset) => lateFrom + offset));
  await approve('student', late);
  const roundId = await requestRound(nextRound);
  run.acceptedWhileRedisDown += late.length + 2; // the applications, their approval and the round's request
  const [kept] = await cluster.db.dataSource.query('SELECT COUNT(*) AS n FROM outbox WHERE dispatched_at IS NULL AND dispatch_attempts > 0');
  // The APIs tried each hand-over after commit and failed fast: the work waits in the outbox.
  if (Number(kept.n) < plan.length + late.length + 1) throw new Error(`only ${kept.n} outbox rows kept while Redis was down`);
  return roundId;
}

const sentinelKey = () => `${cluster.queuePrefix}:e2e-sentinel`;
const maxNotificationId = async () => Number((await cluster.db.dataSource.query('SELECT COALESCE(MAX(id), 0) AS id FROM notifications'))[0].id);
const openQueue = (name: string) => {
  const queue = new Queue(name, { connection: { url: cluster.redis.url }, prefix: cluster.queuePrefix });
  queue.on('error', () => undefined);
  return queue;
};

// --- the faults ---------------------------------------------------------------------------------------------------

/** Fault 1: Redis crashes and comes back empty while handed-over jobs wait in it and the APIs keep taking writes. */
async function redisLosesItsData(round1: RoundRecord): Promise<RoundRecord> {
  const plan = await planAnswers(round1);
  const half = Math.ceil(plan.length / 2);
  // Drained first, so that what Redis loses is exactly what the test leaves waiting in it.
  await cluster.settled({ mail: true, timeoutMs: SETTLE_TIMEOUT_MS });
  const queues = ['notifications', 'matching'].map(openQueue);
  await Promise.all(queues.map((queue) => queue.pause()));
  const before = await maxNotificationId();
  await answer(plan.slice(0, half));
  const waiting: Array<{ id: number }> = await cluster.db.dataSource.query(
    "SELECT n.id FROM notifications n JOIN outbox o ON o.job_id = CONCAT('notification-', n.id) WHERE n.id > ? AND n.status = 'pending' AND o.dispatched_at IS NOT NULL",
    [before]);
  for (const { id } of waiting) {
    if (!(await queues[0].getJob(`notification-${id}`))) throw new Error(`notification ${id} was marked handed over but has no job in Redis`);
  }
  run.inRedisWhenLost = waiting.map((row) => Number(row.id));
  await Promise.all(queues.map((queue) => queue.close()));

  await redisCommand(cluster.redis.port, 'SET', sentinelKey(), 'kept');
  await cluster.redis.crashLosingData();
  run.faults.push(`redis killed and restarted empty (${run.inRedisWhenLost.length} send jobs waiting in it)`);
  const round2Id = await writesWhileRedisIsDown(plan.slice(half), FIRST_WAVE, 2);
  await cluster.redis.start();
  if ((await redisCommand(cluster.redis.port, 'GET', sentinelKey())) !== null) throw new Error('Redis came back with its data');
  return completedRound(round2Id, ROUND_TIMEOUT_MS);
}

/**
 * Faults 2 and 3: Redis stops cleanly and comes back with its data; as it does, the worker that runs round 3 is
 * killed inside the round's final transaction, while it holds sends between the SMTP accept and "mark sent".
 */
async function redisRestartsAndAWorkerDies(round2: RoundRecord): Promise<RoundRecord> {
  const db = cluster.db.dataSource;
  const plan = await planAnswers(round2);
  const half = Math.ceil(plan.length / 2);
  await answer(plan.slice(0, half));
  await redisCommand(cluster.redis.port, 'SET', sentinelKey(), 'kept');
  const before = await maxNotificationId();
  await cluster.redis.stopKeepingData();
  const round3Id = await writesWhileRedisIsDown(plan.slice(half), FIRST_WAVE + LATE_PER_OUTAGE, 3);

  // Notifications recorded during the outage: their send jobs run once Redis is back.
  const held: number[] = (await db.query("SELECT id FROM notifications WHERE id > ? AND status = 'pending' ORDER BY id LIMIT ?", [before, HELD_SENDS]))
    .map((row: { id: number }) => Number(row.id));
  if (held.length < HELD_SENDS) throw new Error(`only ${held.length} notifications recorded while Redis was down`);
  const blockers: QueryRunner[] = [];
  try {
    // A lock on every row and gap of round_instances: the round's final transaction waits at its first insert.
    const rounds = db.createQueryRunner();
    blockers.push(rounds);
    await rounds.connect();
    await rounds.startTransaction('REPEATABLE READ');
    await rounds.query('SELECT round_id FROM round_instances WHERE round_id > 0 FOR UPDATE');
    // Row locks only (read committed, by primary key): each held send waits at "mark sent", after the SMTP accept.
    const sends = db.createQueryRunner();
    blockers.push(sends);
    await sends.connect();
    await sends.startTransaction('READ COMMITTED');
    await sends.query('SELECT id FROM notifications WHERE id IN (?) FOR UPDATE', [held]);

    await cluster.redis.start();
    if ((await redisCommand(cluster.redis.port, 'GET', sentinelKey())) !== 'kept') throw new Error('Redis came back without its data');
    run.faults.push('redis stopped and restarted with its data');

    const blocked = await waitFor('round 3 and every held send to wait on the test\'s locks', async () => {
      const threads = await threadsOf(cluster.db);
      const round = threads.find((thread) => thread.info && ROUND_INSERT.test(thread.info));
      const marking = threads.filter((thread) => markedIdsOf(thread).some((id) => held.includes(id)));
      const waiting = new Set(marking.flatMap(markedIdsOf));
      return round && held.every((id) => waiting.has(id)) ? { threads, round, marking } : null;
    }, 120_000, 100);
    const owners = ownersOfThreads(blocked.threads, cluster.workers, Number(new URL(cluster.db.url).port));
    const victim = owners.get(blocked.round.id);
    if (!victim) throw new Error(`no worker holds the connection of thread ${blocked.round.id} (${blocked.round.host})`);
    const heldByVictim = blocked.marking.filter((thread) => owners.get(thread.id) === victim).flatMap(markedIdsOf).filter((id) => held.includes(id));
    const victimThreads = blocked.threads.filter((thread) => owners.get(thread.id) === victim);
    const [pending] = await db.query("SELECT COUNT(*) AS n FROM notifications WHERE status = 'pending'");
    const workerName = `worker${cluster.workers.indexOf(victim) + 1}`;

    await victim.kill();
    // The kernel closed the dead worker's sockets, but MariaDB notices only when it next reads: a statement waiting on
    // a lock would still run. Ending its threads is the database seeing the client gone: the held "mark sent" never
    // happens, the round's transaction rolls back.
    for (const thread of victimThreads) await db.query(`KILL CONNECTION ${thread.id}`).catch(() => undefined);
    run.kill = {
      worker: workerName, roundId: round3Id, heldByVictim: heldByVictim.sort((a, b) => a - b),
      heldByOthers: held.filter((id) => !heldByVictim.includes(id)), pendingAtKill: Number(pending.n), threadsKilled: victimThreads.length,
    };
    run.faults.push(`${workerName} killed -9 inside round 3's transaction, holding ${heldByVictim.length} sends between SMTP accept and mark-sent`);
    await waitFor('the dead worker\'s statements to end', async () => {
      const threads = await threadsOf(cluster.db);
      return !threads.some((thread) => victimThreads.some((gone) => gone.id === thread.id));
    }, 15_000, 100);
    for (const id of heldByVictim) {
      if (!cluster.sink.messages.some((mail) => mail.messageId === messageIdOf(id))) throw new Error(`held notification ${id} did not reach the sink before the kill`);
    }
  } finally {
    for (const blocker of blockers) {
      await blocker.rollbackTransaction().catch(() => undefined);
      await blocker.release();
    }
  }
  const victim = cluster.workers[Number(run.kill!.worker.replace('worker', '')) - 1];
  await cluster.startWorker(victim);
  // BullMQ gives the stalled round to a live worker once the dead one's lock (15 s) lapses.
  return completedRound(round3Id, ROUND_TIMEOUT_MS);
}

/** The ids a thread's waiting "mark sent" names; none for any other statement. */
function markedIdsOf(thread: DbThread): number[] {
  const match = thread.info ? MARK_SENT.exec(thread.info) : null;
  return match ? match[1].split(',').map(Number) : [];
}

const messageIdOf = (notificationId: number) => `<notification-${notificationId}@${new URL(cluster.env.PUBLIC_URL).hostname}>`;

// --- the audit ----------------------------------------------------------------------------------------------------

interface Audit {
  applications: { mentors: number; students: number; missing: string[] };
  notifications: {
    rows: number;
    missing: string[];
    extra: string[];
    notSent: string[];
    noMail: string[];
    phantomMail: string[];
    /** Notification ids delivered more than once, with their copies. */
    delivered: Map<number, SinkMessage[]>;
    duplicatedIds: number[];
    rawDuplicates: number;
    lost: number;
    duplicated: number;
  };
  matches: {
    total: number;
    accepted: number;
    declined: number;
    open: number;
    answerMismatches: string[];
    unknown: number[];
    badHistories: string[];
    studentsWithTwoActive: number[];
    overCapacityAtEnd: string[];
    historyMaxOver: number;
    historyMaxRatio: number;
    /** Places taken (proposed or accepted) at the end, of all mentors' capacity; mentors with every place taken. */
    placesTaken: number;
    places: number;
    fullMentors: number;
  };
  rounds: { numbers: number[]; problems: string[] };
  scheduled: { openProposals: number; missingExpiry: number[]; missingReminder: number[] };
}

async function runAudit(): Promise<Audit> {
  const db = cluster.db.dataSource;
  const cohortId = run.cohortId;
  const mentorRows: Array<{ id: number; capacity: number }> = await db.query('SELECT id, capacity FROM mentor_applications WHERE cohort_id = ?', [cohortId]);
  const studentRows: Array<{ id: number }> = await db.query('SELECT id FROM student_applications WHERE cohort_id = ?', [cohortId]);
  const matches: Array<{ id: number; round_id: number; student_id: number; mentor_id: number; status: string }> = await db.query(
    'SELECT id, round_id, student_id, mentor_id, status FROM matches WHERE cohort_id = ? ORDER BY id', [cohortId]);
  const events: Array<{ id: string; match_id: number; from_status: string | null; to_status: string; actor_role: string; actor_id: number | null }> = await db.query(
    'SELECT e.id, e.match_id, e.from_status, e.to_status, e.actor_role, e.actor_id FROM match_events e JOIN matches m ON m.id = e.match_id WHERE m.cohort_id = ? ORDER BY e.id',
    [cohortId]);
  type Stats = { matched: number; students: number; unmatchedReasons: Array<{ studentId: number }> };
  const rounds: Array<{ id: number; number: number; status: string; dry_run: number; stats: string | Stats | null }> = await db.query(
    'SELECT id, number, status, dry_run, stats FROM rounds WHERE cohort_id = ? ORDER BY number, id', [cohortId]);
  const notifications: Array<{ id: number; type: string; dedupe_key: string; status: string; recipient_email: string; subject: string }> = await db.query(
    'SELECT id, type, dedupe_key, status, recipient_email, subject FROM notifications ORDER BY id');

  // Applications: every one the APIs took (201) is there, and nothing else.
  const storedIds = new Set([...mentorRows.map((row) => `mentor:${row.id}`), ...studentRows.map((row) => `student:${row.id}`)]);
  const takenIds = [...run.mentors.map((m) => `mentor:${m.id}`), ...run.students.map((s) => `student:${s.id}`)];
  const applications = { mentors: mentorRows.length, students: studentRows.length, missing: takenIds.filter((id) => !storedIds.has(id)) };

  // Notifications: the set the events call for, against the rows, the rows against the sink.
  const expected = new Set<string>([
    ...mentorRows.flatMap((row) => [`application_received:mentor:${row.id}`, `application_approved:mentor:${row.id}`]),
    ...studentRows.flatMap((row) => [`application_received:student:${row.id}`, `application_approved:student:${row.id}`]),
    // One proposal email per mentor and round, one to each student proposed, one to each student a round left out.
    ...matches.map((match) => `proposal_to_mentor:round:${match.round_id}:mentor:${match.mentor_id}`),
    ...matches.map((match) => `proposal_made:match:${match.id}`),
    ...rounds.filter((round) => round.status === 'completed' && !round.dry_run).flatMap((round) => {
      const stats: Stats = typeof round.stats === 'string' ? JSON.parse(round.stats) : round.stats!;
      return stats.unmatchedReasons.map(({ studentId }) => `student_unplaced:round:${round.id}:student:${studentId}`);
    }),
    ...matches.filter((match) => match.status === 'accepted').flatMap((match) => [`match_confirmed:match:${match.id}:mentor`, `match_confirmed:match:${match.id}:student`]),
    ...matches.filter((match) => match.status === 'declined').map((match) => `proposal_declined:match:${match.id}`),
    ...matches.filter((match) => match.status === 'expired').map((match) => `proposal_expired:match:${match.id}`),
    ...rounds.filter((round) => round.status === 'completed').map((round) => `round_summary:round:${round.id}:${OFFICE}`),
  ]);
  const byKey = new Map(notifications.map((row) => [row.dedupe_key, row]));
  const copies = new Map<string, SinkMessage[]>();
  for (const mail of cluster.sink.messages) copies.set(mail.messageId ?? '(none)', [...(copies.get(mail.messageId ?? '(none)') ?? []), mail]);
  const rowIds = new Set(notifications.map((row) => row.id));
  const missing = [...expected].filter((key) => !byKey.has(key));
  const extra = notifications.filter((row) => !expected.has(row.dedupe_key)).map((row) => `#${row.id} ${row.dedupe_key}`);
  const notSent = notifications.filter((row) => row.status !== 'sent').map((row) => `#${row.id} ${row.dedupe_key} ${row.status}`);
  const noMail = notifications.filter((row) => row.status === 'sent' && !copies.has(messageIdOf(row.id))).map((row) => `#${row.id} ${row.dedupe_key}`);
  const phantomMail = [...copies.keys()].filter((messageId) => {
    const id = /^<notification-(\d+)@/.exec(messageId)?.[1];
    return !id || !rowIds.has(Number(id));
  });
  const delivered = new Map<number, SinkMessage[]>();
  for (const row of notifications) if (copies.has(messageIdOf(row.id))) delivered.set(row.id, copies.get(messageIdOf(row.id))!);
  const duplicatedIds = [...delivered].filter(([, mails]) => mails.length > 1).map(([id]) => id);
  const rawDuplicates = [...copies.values()].reduce((sum, mails) => sum + mails.length - 1, 0);
  const lostKeys = new Set([...missing, ...notifications.filter((row) => row.status !== 'sent' || !copies.has(messageIdOf(row.id))).map((row) => row.dedupe_key)]);

  // Matches: the answers, the histories, the two capacity rules.
  const answerMismatches: string[] = [];
  for (const match of matches) {
    const said = run.answered.get(match.id) ?? (run.silent.has(match.id) ? 'proposed' : undefined);
    if (said && said !== match.status) answerMismatches.push(`match ${match.id}: the API answered ${said}, the database says ${match.status}`);
  }
  for (const id of [...run.answered.keys(), ...run.silent]) {
    if (!matches.some((match) => match.id === id)) answerMismatches.push(`match ${id} is gone`);
  }
  const unknown = matches.filter((match) => !run.answered.has(match.id) && !run.silent.has(match.id)).map((match) => match.id);
  const eventsOf = new Map<number, typeof events>();
  for (const event of events) eventsOf.set(event.match_id, [...(eventsOf.get(event.match_id) ?? []), event]);
  const allowed: Record<string, string[]> = { proposed: ['accepted', 'declined', 'expired', 'cancelled'], accepted: ['ended'] };
  const badHistories: string[] = [];
  for (const match of matches) {
    const history = eventsOf.get(match.id) ?? [];
    const chain = history.map((event) => `${event.from_status ?? '∅'}→${event.to_status}`).join(', ');
    let state: string | null = null;
    let ok = history.length > 0 && history[0].from_status === null && history[0].to_status === 'proposed' && history[0].actor_role === 'system';
    for (const event of history) {
      if (event !== history[0] && (event.from_status !== state || !(allowed[state ?? ''] ?? []).includes(event.to_status))) ok = false;
      if (['accepted', 'declined'].includes(event.to_status) && (event.actor_role !== 'mentor' || Number(event.actor_id) !== match.mentor_id)) ok = false;
      state = event.to_status;
    }
    if (!ok || state !== match.status) badHistories.push(`match ${match.id} (${match.status}): ${chain || 'no events'}`);
  }
  const active = matches.filter((match) => ['proposed', 'accepted'].includes(match.status));
  const activeCount = new Map<number, number>();
  for (const match of active) activeCount.set(match.student_id, (activeCount.get(match.student_id) ?? 0) + 1);
  const capacityOf = new Map(mentorRows.map((row) => [row.id, row.capacity]));
  const loadAtEnd = new Map<number, number>();
  for (const match of active) loadAtEnd.set(match.mentor_id, (loadAtEnd.get(match.mentor_id) ?? 0) + 1);
  // Replaying the history in id order: a transaction's events get their ids before it commits, and a round reads the
  // places it fills before it inserts, so a place freed and refilled replays freed first.
  const mentorOf = new Map(matches.map((match) => [match.id, match.mentor_id]));
  const load = new Map<number, number>();
  let historyMaxOver = -Infinity;
  let historyMaxRatio = 0;
  for (const event of events) {
    const mentorId = mentorOf.get(event.match_id)!;
    const wasActive = event.from_status === 'proposed' || event.from_status === 'accepted';
    const isActive = event.to_status === 'proposed' || event.to_status === 'accepted';
    const next = (load.get(mentorId) ?? 0) + (isActive ? 1 : 0) - (wasActive ? 1 : 0);
    load.set(mentorId, next);
    historyMaxOver = Math.max(historyMaxOver, next - capacityOf.get(mentorId)!);
    historyMaxRatio = Math.max(historyMaxRatio, next / capacityOf.get(mentorId)!);
  }

  // Rounds: 1..N, each completed once, with one instance and exactly its placed assignments as proposals.
  const problems: string[] = [];
  const numbers = rounds.map((round) => round.number);
  if (numbers.join() !== numbers.map((_, index) => index + 1).join()) problems.push(`round numbers ${numbers.join(', ')}`);
  const perRound = async (sql: string) => new Map<number, number>((await db.query(sql)).map((row: { round_id: number; n: string }) => [Number(row.round_id), Number(row.n)]));
  const instances = await perRound('SELECT round_id, COUNT(*) AS n FROM round_instances GROUP BY round_id');
  const assignments = await perRound('SELECT round_id, COUNT(*) AS n FROM round_assignments GROUP BY round_id');
  const placed = await perRound('SELECT round_id, COUNT(*) AS n FROM round_assignments WHERE mentor_id IS NOT NULL GROUP BY round_id');
  const runJobs = await perRound("SELECT JSON_EXTRACT(payload, '$.roundId') AS round_id, COUNT(*) AS n FROM outbox WHERE job_name = 'run-round' GROUP BY 1");
  for (const round of rounds) {
    const stats = typeof round.stats === 'string' ? JSON.parse(round.stats) : round.stats;
    const proposals = matches.filter((match) => match.round_id === round.id).length;
    const facts = {
      status: round.status, instances: instances.get(round.id) ?? 0, runJobs: runJobs.get(round.id) ?? 0,
      assignments: assignments.get(round.id) ?? 0, students: stats?.students, placed: placed.get(round.id) ?? 0, matched: stats?.matched, proposals,
    };
    if (facts.status !== 'completed' || facts.instances !== 1 || facts.runJobs !== 1 || facts.assignments !== facts.students
      || facts.placed !== facts.matched || facts.proposals !== facts.matched || round.dry_run) {
      problems.push(`round ${round.number}: ${JSON.stringify(facts)}`);
    }
  }

  // Scheduled work: each open proposal's expiry and reminder are delayed jobs in Redis.
  const offers = openQueue('offers');
  const jobs = await offers.getJobs(['delayed', 'waiting', 'prioritized', 'active'], 0, -1);
  await offers.close();
  const scheduled = (name: string) => new Set(jobs.filter((job) => job?.name === name).map((job) => Number(job.data?.matchId)));
  const expiries = scheduled('expire-proposal');
  const reminders = scheduled('remind-proposal');
  const open = matches.filter((match) => match.status === 'proposed');

  return {
    applications,
    notifications: {
      rows: notifications.length, missing, extra, notSent, noMail, phantomMail, delivered, duplicatedIds, rawDuplicates,
      lost: lostKeys.size, duplicated: extra.length + phantomMail.length,
    },
    matches: {
      total: matches.length,
      accepted: matches.filter((match) => match.status === 'accepted').length,
      declined: matches.filter((match) => match.status === 'declined').length,
      open: open.length,
      answerMismatches,
      unknown,
      badHistories,
      studentsWithTwoActive: [...activeCount].filter(([, n]) => n > 1).map(([id]) => id),
      overCapacityAtEnd: [...loadAtEnd].filter(([id, n]) => n > capacityOf.get(id)!).map(([id, n]) => `mentor ${id}: ${n} > ${capacityOf.get(id)}`),
      historyMaxOver,
      historyMaxRatio,
      placesTaken: active.length,
      places: mentorRows.reduce((sum, row) => sum + row.capacity, 0),
      fullMentors: mentorRows.filter((row) => (loadAtEnd.get(row.id) ?? 0) === row.capacity).length,
    },
    rounds: { numbers, problems },
    scheduled: {
      openProposals: open.length,
      missingExpiry: open.filter((match) => !expiries.has(match.id)).map((match) => match.id),
      missingReminder: open.filter((match) => !reminders.has(match.id)).map((match) => match.id),
    },
  };
}

function summaryOf(report: Audit): string {
  const n = report.notifications;
  const m = report.matches;
  const lostScheduled = new Set([...report.scheduled.missingExpiry, ...report.scheduled.missingReminder]).size;
  const maxLoad = `max mentor load ${Math.round(Math.max(sampler.maxRatio, m.historyMaxRatio) * 100)}% of capacity`
    + ` (over capacity by at most ${Math.max(sampler.maxOver, m.historyMaxOver)}; ${sampler.samples} samples and the replayed history;`
    + ` at the end ${m.placesTaken} of ${m.places} places taken, ${m.fullMentors} of ${report.applications.mentors} mentors full)`;
  return [
    `multi-process: ${cluster.apis.length} APIs, ${cluster.workers.length} workers;`,
    `applications ${report.applications.mentors + report.applications.students} (${report.applications.mentors} mentors, ${report.applications.students} students);`,
    `rounds ${report.rounds.numbers.length}; proposals ${m.total}: accepts ${m.accepted}, declines ${m.declined}, unanswered ${m.open};`,
    `${run.acceptedWhileRedisDown} writes accepted while Redis was down;`,
    `faults ${run.faults.length} (${run.faults.join('; ')});`,
    `notifications ${n.rows}, mails ${cluster.sink.messages.length}: lost ${n.lost}, duplicated ${n.duplicated},`,
    `raw duplicate deliveries ${n.rawDuplicates} (same Message-ID; ${run.kill?.heldByVictim.length ?? 0} held in the documented window);`,
    `scheduled jobs lost ${lostScheduled} of ${report.scheduled.openProposals} open proposals;`,
    `${maxLoad};`,
    `settled: ${run.settleError ? `NO (${run.settleError.slice(0, 160)})` : 'yes'}; total ${seconds(Date.now() - run.startedAt)} (${Object.entries(run.timings).map(([phase, time]) => `${phase} ${time}`).join(', ')})`,
  ].join(' ');
}

// --- the run --------------------------------------------------------------------------------------------------------

describe('2 APIs and 3 workers through worker and Redis failures (built apps, one MariaDB, one Redis, one SMTP sink)', () => {
  beforeAll(async () => {
    run.startedAt = Date.now();
    mkdirSync(join(ARTIFACTS, 'logs'), { recursive: true });
    cluster = await timed('boot', () => startCluster({ name: NAME, apis: 2, workers: 3, env: { COORDINATOR_EMAIL: OFFICE } }));
    sampler = new InvariantSampler(cluster, () => run.cohortId);
    sampler.start();

    await timed('applications', async () => {
      const created = await call(0, 'POST', '/api/cohorts', { coordinator: true, body: { name: '第12期 师友计划（多进程）' } });
      expectStatus(created, 201, 'creating the cohort');
      run.cohortId = created.body.id;
      expectStatus(await call(1, 'POST', `/api/cohorts/${run.cohortId}/open`, { coordinator: true }), 200, 'opening the cohort');
      await applyMentors();
      await approve('mentor', run.mentors);
      const firstWave = await applyStudents(Array.from({ length: FIRST_WAVE }, (_, index) => index));
      await approve('student', firstWave);
    });

    let round = await timed('round 1', async () => completedRound(await requestRound(1), ROUND_TIMEOUT_MS));
    round = await timed('round 2 (redis loses its data)', () => redisLosesItsData(round));
    round = await timed('round 3 (redis restart, worker killed)', () => redisRestartsAndAWorkerDies(round));
    await timed('rounds 4+', async () => {
      while (round.matched > 0) {
        await answer(await planAnswers(round));
        if (round.number === MAX_ROUNDS) break;
        round = await completedRound(await requestRound(round.number + 1), ROUND_TIMEOUT_MS);
      }
    });

    await timed('settle', async () => {
      const outcome = await settleOrFindOrphans(cluster, { timeoutMs: SETTLE_TIMEOUT_MS, orphanGraceMs: ORPHAN_GRACE_MS });
      run.settleError = outcome.error;
      run.orphans = outcome.orphans;
    });
    await sampler.stop();
    audit = await runAudit();
    const summary = summaryOf(audit);
    console.log(summary);
    writeFileSync(join(ARTIFACTS, `${NAME}-report.json`), JSON.stringify({
      summary, run: { ...run, answered: run.answered.size, silent: [...run.silent] },
      audit: { ...audit, notifications: { ...audit.notifications, delivered: undefined } }, sampler: { ...sampler, cluster: undefined },
    }, null, 2));
  }, SCENARIO_TIMEOUT_MS);

  afterAll(async () => {
    run.aborted = true;
    await sampler?.stop().catch(() => undefined);
    await cluster?.stop();
  }, 60_000);

  it('took every application, also while Redis was down', () => {
    expect(audit.applications).toEqual({ mentors: MENTORS, students: STUDENTS, missing: [] });
  });

  it('settles: no notification pending, no outbox row left, no job waiting or running', () => {
    expect({ settleError: run.settleError, orphans: run.orphans }).toEqual({ settleError: null, orphans: [] });
  });

  it('loses and duplicates no notification: one row per event, sent, at the sink under its Message-ID', () => {
    const n = audit.notifications;
    expect({ missing: n.missing, extra: n.extra, notSent: n.notSent, noMail: n.noMail, phantomMail: n.phantomMail })
      .toEqual({ missing: [], extra: [], notSent: [], noMail: [], phantomMail: [] });
    expect(n.lost).toBe(0);
    expect(n.duplicated).toBe(0);
  });

  it('delivers a second copy only in the documented window, under the same Message-ID and with the same content', () => {
    const { delivered, duplicatedIds, rawDuplicates } = audit.notifications;
    const kill = run.kill!;
    // Each send the victim held between the SMTP accept and "mark sent" ran again on another worker: a second copy.
    for (const id of kill.heldByVictim) expect({ id, copies: delivered.get(id)?.length }).toEqual({ id, copies: 2 });
    // The other held sends were marked sent once the locks were released: one copy each.
    for (const id of kill.heldByOthers) expect({ id, copies: delivered.get(id)?.length }).toEqual({ id, copies: 1 });
    // Anything else duplicated was in flight on the killed worker too (the same window, not held): at most its concurrency.
    expect(duplicatedIds.filter((id) => !kill.heldByVictim.includes(id)).length).toBeLessThanOrEqual(NOTIFICATION_CONCURRENCY);
    expect(rawDuplicates).toBe(duplicatedIds.reduce((sum, id) => sum + delivered.get(id)!.length - 1, 0));
    for (const id of duplicatedIds) {
      const mails = delivered.get(id)!;
      expect(mails.length).toBeLessThanOrEqual(2);
      expect(new Set(mails.map((mail) => mail.messageId))).toEqual(new Set([messageIdOf(id)]));
      expect(new Set(mails.map((mail) => `${mail.subject} → ${mail.to.join(',')}`)).size).toBe(1);
      expect(new Set(mails.map((mail) => mail.headers['x-shiyou-notification']))).toEqual(new Set([String(id)]));
    }
  });

  it('keeps every answer and a consistent history; no student twice, no mentor over capacity at any time', () => {
    const m = audit.matches;
    expect(m.total).toBeGreaterThan(0);
    expect({ answerMismatches: m.answerMismatches, unknown: m.unknown, badHistories: m.badHistories })
      .toEqual({ answerMismatches: [], unknown: [], badHistories: [] });
    expect(m.accepted + m.declined).toBe(run.answered.size);
    expect(m.open).toBe(run.silent.size);
    expect(m.studentsWithTwoActive).toEqual([]);
    expect(m.overCapacityAtEnd).toEqual([]);
    expect(sampler.violations).toEqual([]);
    expect(sampler.samples).toBeGreaterThan(10);
    expect(sampler.maxOver).toBeLessThanOrEqual(0);
    expect(m.historyMaxOver).toBeLessThanOrEqual(0);
  });

  it('completes every round exactly once: numbers 1..N, one instance, its placed students proposed once', () => {
    expect(audit.rounds.problems).toEqual([]);
    expect(audit.rounds.numbers.length).toBeGreaterThanOrEqual(3);
    expect(run.rounds.map((round) => round.number)).toEqual(audit.rounds.numbers);
  });

  it('keeps the expiry and reminder of every open proposal scheduled through Redis restarts', () => {
    expect(audit.scheduled.openProposals).toBe(run.silent.size);
    expect({ missingExpiry: audit.scheduled.missingExpiry, missingReminder: audit.scheduled.missingReminder })
      .toEqual({ missingExpiry: [], missingReminder: [] });
  });
});
