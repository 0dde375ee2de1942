import { MentorApplication, StudentApplication } from '@app/database';
import { checkInJob, jobOptions } from '@app/domain/messaging/jobs';
import { QUEUE_JOB_OPTIONS } from '@app/domain/messaging/queues';
import { Queue } from 'bullmq';
import { sampleMentor, sampleStudent } from './support/factories';
import { ApiResponse, Cluster, ownersOfThreads, startCluster, threadsOf } from './support/cluster';
import { waitFor } from './support/system';

/**
 * Check-ins sent exactly once per member and period (DESIGN §7), through a crash: 300 pairs fall due in the same
 * period, a worker is killed (-9) while the workers are sending them, and Redis then restarts without its data.
 * After recovery every member has exactly one check-in of the period: one row, one notification, one email.
 *
 * The pairs are written straight into the database, as `npm run bench:check-ins` writes its cohort: 600
 * applications, proposals and acceptances through HTTP would take over a minute on a loaded machine and test
 * nothing this suite is about. Their check-ins are then due as in production (a real day, a 14-day period),
 * and the workers send them through both of their paths: the delayed job of each pair's period (added as the
 * outbox hands it over) and the sweep.
 */
const PAIRS = 300;
const EVERY_DAYS = 14;
const DAY_MS = 86_400_000;
const MEMBERS = 2 * PAIRS;

let cluster: Cluster;

beforeAll(async () => {
  cluster = await startCluster({ name: 'check_ins_crash', apis: 1, workers: 2, env: { MAIL_RATE_PER_SECOND: '2000' } });
}, 120_000);

afterAll(async () => {
  await cluster?.stop();
}, 60_000);

async function ok(response: Promise<ApiResponse>, status: number): Promise<ApiResponse['body']> {
  const answered = await response;
  if (answered.status !== status) throw new Error(`expected ${status}, got ${answered.status}: ${JSON.stringify(answered.body)}`);
  return answered.body;
}

const count = async (sql: string, params: unknown[] = []) => Number((await cluster.db.dataSource.query(sql, params))[0].n);

/** PAIRS accepted pairs in the cohort, whose first check-in became due a minute ago; returns their match ids in order. */
async function seedPairs(cohortId: number): Promise<number[]> {
  const db = cluster.db.dataSource;
  const indexes = Array.from({ length: PAIRS }, (_, index) => index);
  await db.createQueryBuilder().insert().into(MentorApplication)
    .values(indexes.map((index) => ({ ...sampleMentor(index, 5), capacity: 1, cohortId, status: 'approved' as const }))).execute();
  await db.createQueryBuilder().insert().into(StudentApplication)
    .values(indexes.map((index) => {
      const { choices: _choices, ...student } = sampleStudent(index, [], 5);
      return { ...student, cohortId, status: 'approved' as const };
    })).execute();
  const acceptedAt = new Date(Date.now() - EVERY_DAYS * DAY_MS - 60_000);
  await db.query(`INSERT INTO matches (cohort_id, student_id, mentor_id, status, respond_by, responded_at, accepted_at, next_check_in_period, next_check_in_at)
    SELECT ?, s.id, t.id, 'accepted', ?, ?, ?, 1, ?
    FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n FROM student_applications WHERE cohort_id = ?) s
    JOIN (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n FROM mentor_applications WHERE cohort_id = ?) t ON t.n = s.n`,
  [cohortId, acceptedAt, acceptedAt, acceptedAt, new Date(acceptedAt.getTime() + EVERY_DAYS * DAY_MS), cohortId, cohortId]);
  const rows: Array<{ id: number }> = await db.query('SELECT id FROM matches WHERE cohort_id = ? ORDER BY id', [cohortId]);
  return rows.map((row) => Number(row.id));
}

describe('check-ins through a worker crash and a Redis that comes back empty', () => {
  it('sends each member of each pair exactly one check-in for the period', async () => {
    const { id: cohortId } = await ok(cluster.call(0, 'POST', '/api/cohorts', {
      coordinator: true, body: { name: '第5期 师友计划（回访压力测试）', checkInEveryDays: EVERY_DAYS },
    }), 201);
    await ok(cluster.call(0, 'POST', `/api/cohorts/${cohortId}/open`, { coordinator: true }), 200);

    // No worker runs while the pairs are written: nothing may go out before the test holds its rows.
    await Promise.all(cluster.workers.map((worker) => worker.stop()));
    const matchIds = await seedPairs(cohortId);
    const earlier = matchIds.slice(0, PAIRS / 2);
    const later = matchIds.slice(PAIRS / 2);
    const emails: string[] = (await cluster.db.dataSource.query(
      `SELECT email FROM mentor_applications WHERE cohort_id = ? UNION ALL SELECT email FROM student_applications WHERE cohort_id = ?`, [cohortId, cohortId]))
      .map((row: { email: string }) => row.email);
    expect(new Set(emails).size).toBe(MEMBERS);

    // The test holds the later half's rows, so the workers stall inside those pairs' transactions (each locks its
    // pair first) while they send the earlier half.
    const blocker = cluster.db.dataSource.createQueryRunner();
    await blocker.connect();
    // Read committed and the primary key: exactly those rows, not every row a scan of another index passes.
    await blocker.startTransaction('READ COMMITTED');
    await blocker.query('SELECT id FROM matches FORCE INDEX (PRIMARY) WHERE id IN (?) FOR UPDATE', [later]);
    const [victim, survivor] = cluster.workers;
    let stalledInVictim = 0;
    try {
      // The period begins: every pair's delayed job runs out at once.
      const pairsQueue = new Queue('pairs', { connection: { url: cluster.redis.url }, prefix: cluster.queuePrefix, defaultJobOptions: QUEUE_JOB_OPTIONS.pairs });
      try {
        const due: Array<{ id: number; at: Date }> = await cluster.db.dataSource.query('SELECT id, next_check_in_at AS at FROM matches WHERE cohort_id = ? ORDER BY id', [cohortId]);
        await pairsQueue.addBulk(due.map(({ id, at }) => {
          const job = checkInJob(Number(id), 1, new Date(at));
          return { name: job.name, data: job.payload, opts: jobOptions(job.jobId, job.runAt) };
        }));
      } finally {
        await pairsQueue.close();
      }
      await Promise.all([cluster.startWorker(victim), cluster.startWorker(survivor)]);

      let seen = '';
      await waitFor('the earlier half sent and mailed while the workers wait on the later half', async () => {
        const sent = await count('SELECT COUNT(*) AS n FROM check_ins WHERE period = 1 AND match_id IN (?)', [earlier]);
        const pending = await count("SELECT COUNT(*) AS n FROM notifications WHERE status = 'pending'");
        const stalled = (await threadsOf(cluster.db)).filter((thread) => /FROM `matches`.*FOR UPDATE/s.test(thread.info ?? ''));
        const owners = ownersOfThreads(stalled, [victim, survivor], Number(new URL(cluster.db.url).port));
        stalledInVictim = [...owners.values()].filter((owner) => owner === victim).length;
        seen = `${sent} of ${2 * earlier.length} check-ins of the earlier half, ${pending} emails pending, ${stalled.length} transactions waiting (${stalledInVictim} in the victim)`;
        // Nothing pending: no email is between the SMTP accept and "mark sent" on the worker about to die.
        return sent === 2 * earlier.length && pending === 0 && stalledInVictim > 0;
      }, 90_000, 50).catch((error: Error) => {
        throw new Error(`${error.message}; last seen: ${seen}`);
      });
      expect(await count('SELECT COUNT(*) AS n FROM check_ins WHERE match_id IN (?)', [later])).toBe(0);
      await victim.kill();
      // Redis crashes too and comes back empty: every delayed job, every queued send and the schedules are gone.
      await cluster.redis.crashLosingData();
    } finally {
      // The killed worker's transactions were rolled back; the survivor's go on, with Redis still down.
      await blocker.rollbackTransaction();
      await blocker.release();
    }
    expect(stalledInVictim).toBeGreaterThan(0);
    await cluster.redis.start();
    await cluster.startWorker(victim);

    await waitFor('every member\'s check-in sent', async () =>
      (await count("SELECT COUNT(*) AS n FROM notifications WHERE type = 'check_in' AND status = 'sent'")) >= MEMBERS, 120_000, 250);
    await cluster.settled({ mail: true, timeoutMs: 60_000 });

    // One row per member and period, one notification per row, sent.
    const rows: Array<{ match_id: number; role: string; n: string }> = await cluster.db.dataSource.query(
      'SELECT match_id, role, COUNT(*) AS n FROM check_ins GROUP BY match_id, role');
    expect(rows).toHaveLength(MEMBERS);
    expect(rows.filter((row) => Number(row.n) !== 1)).toEqual([]);
    expect(new Set(rows.map((row) => Number(row.match_id)))).toEqual(new Set(matchIds));
    expect(await count('SELECT COUNT(*) AS n FROM check_ins WHERE period <> 1')).toBe(0);
    const notifications: Array<{ id: number; n: string; sent: string }> = await cluster.db.dataSource.query(
      `SELECT c.id, COUNT(n.id) AS n, COALESCE(SUM(n.status = 'sent'), 0) AS sent FROM check_ins c
       LEFT JOIN notifications n ON n.link_check_in_id = c.id AND n.type = 'check_in' GROUP BY c.id`);
    expect(notifications.filter((row) => Number(row.n) !== 1 || Number(row.sent) !== 1)).toEqual([]);
    expect(await count("SELECT COUNT(*) AS n FROM notifications WHERE type = 'check_in'")).toBe(MEMBERS);

    // At the sink: each member exactly one check-in email of the period, and nobody else any.
    const received = new Map<string, number>();
    for (const mail of cluster.sink.messages.filter((message) => message.subject.includes('第 1 次回访'))) {
      for (const to of mail.to) received.set(to, (received.get(to) ?? 0) + 1);
    }
    expect([...received.keys()].sort()).toEqual([...emails].sort());
    expect([...received].filter(([, copies]) => copies !== 1)).toEqual([]);
    expect(cluster.sink.messages).toHaveLength(MEMBERS);

    // Every pair moved on to period 2, whose delayed job is back in the Redis that lost it.
    expect(await count("SELECT COUNT(*) AS n FROM matches WHERE cohort_id = ? AND status = 'accepted' AND next_check_in_period = 2", [cohortId])).toBe(PAIRS);
    const queue = new Queue('pairs', { connection: { url: cluster.redis.url }, prefix: cluster.queuePrefix });
    try {
      await waitFor('every pair\'s period 2 job delayed in Redis', async () => {
        const states = await Promise.all(matchIds.map(async (matchId) => (await queue.getJob(`check-in-${matchId}-2`))?.getState()));
        return states.every((state) => state === 'delayed');
      }, 30_000, 500);
    } finally {
      await queue.close();
    }
  });
});
