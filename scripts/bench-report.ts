/**
 * npm run bench:report — GET /api/cohorts/:id/report for a cohort of 10,000 pairs with 100,000 meetings, through the
 * built API (`npm run build` first), beside a raw anchor measured in the same run on the same data.
 *
 * The cohort: 10,000 mentors and 10,000 students; 12,000 proposals (10,000 became pairs — 80 % still active, 10 %
 * ended, 10 % completed — 1,000 declined for each of the four reasons in turn, 1,000 expired), answered 0–71 hours after
 * they were made; 10 meetings per pair (100,000) over six months; two periods of check-ins per member (40,000, 85 %
 * answered). Reported: median and p95 of BENCH_REPORT_CALLS calls (default 10) after one warm-up. Anchor: the
 * endpoint's nine statements (REPORT_SQL) run directly through mysql2, one after another, alternating with the calls.
 *
 * Setup writes the cohort with bulk INSERT … SELECT statements (not measured). Uses DATABASE_URL / REDIS_URL when set,
 * otherwise the services of scripts/services.sh; a database of its own, removed. No worker: the report reads only.
 */
import { createConnection } from 'mysql2/promise';
import * as os from 'node:os';
import { Cohort, MentorApplication, StudentApplication } from '../libs/database/src/entities';
import { REPORT_SQL } from '../libs/domain/src/report/report.service';
import { startSystem, TestSystem } from '../test/support/system';
import { sampleMentor, sampleStudent } from './sample/sample-cohort';
import { latencyFigures, sideBySide } from './support/timing';

const PAIRS = 10_000;
const CALLS = Number(process.env.BENCH_REPORT_CALLS ?? 10);
const BATCH = 1000;

const loadAverage = () => os.loadavg().map((load) => load.toFixed(2)).join(' ');
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;


async function seedCohort(system: TestSystem): Promise<{ cohortId: number; meetings: number; checkIns: number }> {
  const db = system.db.dataSource;
  const { identifiers } = await db.getRepository(Cohort).insert({ name: '基准测试 报告 第3期 师友计划', status: 'closed', checkInEveryDays: 30 });
  const cohortId = identifiers[0].id as number;
  for (let start = 0; start < PAIRS; start += BATCH) {
    const indexes = Array.from({ length: Math.min(BATCH, PAIRS - start) }, (_, offset) => start + offset);
    await db.createQueryBuilder().insert().into(MentorApplication)
      .values(indexes.map((index) => ({ ...sampleMentor(index, 12), cohortId, status: 'approved' as const }))).execute();
    await db.createQueryBuilder().insert().into(StudentApplication)
      .values(indexes.map((index) => {
        const { choices: _choices, ...student } = sampleStudent(index, [], 12);
        return { ...student, cohortId, status: 'approved' as const };
      })).execute();
  }
  for (let number = 1; number <= 3; number += 1) await db.query(`INSERT INTO rounds (cohort_id, number, status, seed) VALUES (?, ?, 'completed', ?)`, [cohortId, number, number]);
  const ranked = `SELECT s.id AS student_id, t.id AS mentor_id, s.n FROM
      (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n FROM student_applications WHERE cohort_id = ?) s
      JOIN (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n FROM mentor_applications WHERE cohort_id = ?) t ON t.n = s.n`;
  const acceptedAt = 'DATE_SUB(NOW(3), INTERVAL 200 DAY)';
  await db.query(`INSERT INTO matches (cohort_id, student_id, mentor_id, status, respond_by, responded_at, accepted_at, ended_at, end_reason, ended_by, created_at)
    SELECT ?, x.student_id, x.mentor_id, ELT(1 + LEAST(x.n % 10, 2), 'ended', 'completed', 'accepted'), ${acceptedAt}, ${acceptedAt}, ${acceptedAt},
      IF(x.n % 10 = 0, NOW(3), NULL), IF(x.n % 10 = 0, 'no_time', NULL), IF(x.n % 10 = 0, 'mentor', NULL),
      DATE_SUB(${acceptedAt}, INTERVAL x.n % 72 HOUR)
    FROM (${ranked}) x`, [cohortId, cohortId, cohortId]);
  // Earlier proposals of the first 2,000 students, to the next mentor: declined (each reason in turn) or expired.
  await db.query(`INSERT INTO matches (cohort_id, student_id, mentor_id, status, respond_by, responded_at, decline_reason, created_at)
    SELECT ?, x.student_id, y.mentor_id, IF(x.n <= 1000, 'declined', 'expired'), DATE_SUB(NOW(3), INTERVAL 230 DAY),
      IF(x.n <= 1000, DATE_SUB(NOW(3), INTERVAL 230 DAY), NULL), IF(x.n <= 1000, ELT(1 + x.n % 4, 'no_capacity', 'not_a_fit', 'unavailable', 'other'), NULL),
      DATE_SUB(DATE_SUB(NOW(3), INTERVAL 230 DAY), INTERVAL x.n % 48 HOUR)
    FROM (${ranked}) x JOIN (${ranked}) y ON y.n = x.n + 1 WHERE x.n <= 2000`, [cohortId, cohortId, cohortId, cohortId, cohortId]);
  const meetings = await db.query(`INSERT INTO pair_meetings (match_id, held_on, minutes, mode, summary, logged_by)
    SELECT m.id, DATE(DATE_ADD(m.accepted_at, INTERVAL k.n * 18 + m.id % 7 DAY)), 30 + (m.id + k.n * 17) % 60,
      ELT(1 + (m.id + k.n) % 4, 'in_person', 'video', 'phone', 'chat'), '聊了求职方向和简历修改，下次准备模拟面试。', IF(k.n % 2 = 1, 'mentor', 'student')
    FROM matches m CROSS JOIN (SELECT 0 AS n UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
      UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9) k
    WHERE m.cohort_id = ? AND m.status IN ('accepted', 'ended', 'completed')`, [cohortId]);
  const checkIns = await db.query(`INSERT INTO check_ins (match_id, period, role, application_id, sent_at, closes_at, answer, answered_at)
    SELECT m.id, p.period, r.role, IF(r.role = 'mentor', m.mentor_id, m.student_id), DATE_ADD(m.accepted_at, INTERVAL p.period * 30 DAY),
      DATE_ADD(m.accepted_at, INTERVAL (p.period + 1) * 30 DAY),
      CASE WHEN (m.id * 7 + p.period * 3 + r.k) % 20 < 3 THEN NULL WHEN (m.id * 7 + p.period * 3 + r.k) % 20 < 17 THEN 'on_track'
        WHEN (m.id * 7 + p.period * 3 + r.k) % 20 < 19 THEN 'not_yet' ELSE 'need_help' END,
      IF((m.id * 7 + p.period * 3 + r.k) % 20 < 3, NULL, DATE_ADD(m.accepted_at, INTERVAL p.period * 30 + 1 DAY))
    FROM matches m CROSS JOIN (SELECT 1 AS period UNION ALL SELECT 2) p CROSS JOIN (SELECT 'mentor' AS role, 0 AS k UNION ALL SELECT 'student', 1) r
    WHERE m.cohort_id = ? AND m.status IN ('accepted', 'ended', 'completed')`, [cohortId]);
  return { cohortId, meetings: meetings.affectedRows, checkIns: checkIns.affectedRows };
}

async function timeReport(system: TestSystem, cohortId: number): Promise<void> {
  const connection = await createConnection({ uri: system.db.url.replace(/^mariadb:/, 'mysql:'), timezone: 'Z' });
  const url = `${system.apiUrl}/api/cohorts/${cohortId}/report`;
  const callApi = async () => {
    const response = await fetch(url, { headers: system.coordinator });
    const body = await response.text();
    if (!response.ok) throw new Error(`GET ${url} answered ${response.status}: ${body.slice(0, 300)}`);
    return JSON.parse(body) as { pairs: Record<string, number>; meetings: { count: number; hours: number; medianPerPair: number }; acceptanceRate: number; medianHoursToAnswer: number; mentors: unknown[] };
  };
  const runSql = async () => {
    for (const sql of Object.values(REPORT_SQL)) await connection.query(sql, Array.from({ length: sql.split('?').length - 1 }, () => cohortId));
  };
  try {
    const { warm, measuredMs: api, anchorMs: sql } = await sideBySide(CALLS, callApi, runSql);
    console.log(`\nGET /api/cohorts/:id/report: pairs ${JSON.stringify(warm.pairs)}, ${warm.meetings.count} meetings (${warm.meetings.hours} h, median ${warm.meetings.medianPerPair} per pair), acceptance ${warm.acceptanceRate}, median ${warm.medianHoursToAnswer} h to answer, ${warm.mentors.length} mentors' figures; ${CALLS} calls after one warm-up:`);
    console.log(`   endpoint (HTTP, nine statements, figures, surveys, JSON): ${latencyFigures(api)}`);
    console.log(`   anchor, REPORT_SQL's nine statements through mysql2:      ${latencyFigures(sql)}`);
    const total = warm.pairs.accepted + warm.pairs.ended + warm.pairs.completed;
    if (total !== PAIRS || warm.meetings.count !== PAIRS * 10) process.exitCode = 1;
  } finally {
    await connection.end();
  }
}

async function main(): Promise<void> {
  const cpus = os.cpus();
  console.log(`Machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, Node ${process.version}; load average ${loadAverage()}`);
  const system = await startSystem({ name: 'bench-report', worker: false, env: { NODE_ENV: 'production', LOG_LEVEL: 'warn' } });
  try {
    const started = performance.now();
    const { cohortId, meetings, checkIns } = await seedCohort(system);
    console.log(`Setup (not measured): ${PAIRS} pairs, 12,000 proposals, ${meetings} meetings, ${checkIns} check-ins in ${seconds(performance.now() - started)}`);
    await timeReport(system, cohortId);
    console.log(`\nload average at the end ${loadAverage()} (the machine is shared: compare the endpoint with its anchor)`);
  } finally {
    await system.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
