import { DataSource } from 'typeorm';

/**
 * "No row is half-written": what every committed change leaves together. Each query returns the rows that
 * break its rule (at most 5, as examples); a rule holds when its query returns none.
 */
export const INVARIANTS: Array<{ rule: string; sql: string }> = [
  {
    rule: 'every student application has its applicant token',
    sql: `SELECT s.id FROM student_applications s
          WHERE NOT EXISTS (SELECT 1 FROM applicant_tokens t WHERE t.role = 'student' AND t.application_id = s.id) LIMIT 5`,
  },
  {
    rule: 'every mentor application has its applicant token',
    sql: `SELECT m.id FROM mentor_applications m
          WHERE NOT EXISTS (SELECT 1 FROM applicant_tokens t WHERE t.role = 'mentor' AND t.application_id = m.id) LIMIT 5`,
  },
  {
    rule: 'every student application has its application_received notification',
    sql: `SELECT s.id FROM student_applications s
          WHERE NOT EXISTS (SELECT 1 FROM notifications n WHERE n.dedupe_key = CONCAT('application_received:student:', s.id)) LIMIT 5`,
  },
  {
    rule: 'every mentor application has its application_received notification',
    sql: `SELECT m.id FROM mentor_applications m
          WHERE NOT EXISTS (SELECT 1 FROM notifications n WHERE n.dedupe_key = CONCAT('application_received:mentor:', m.id)) LIMIT 5`,
  },
  {
    rule: 'every approved or rejected application has its decision email',
    sql: `SELECT 'mentor' AS role, a.id, a.status FROM mentor_applications a WHERE a.status IN ('approved', 'rejected')
            AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.dedupe_key = CONCAT('application_', a.status, ':mentor:', a.id))
          UNION ALL SELECT 'student', a.id, a.status FROM student_applications a WHERE a.status IN ('approved', 'rejected')
            AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.dedupe_key = CONCAT('application_', a.status, ':student:', a.id)) LIMIT 5`,
  },
  {
    rule: "every proposal has its student's email and its mentor's (one per mentor and round; one per proposal by hand)",
    sql: `SELECT m.id FROM matches m
          WHERE NOT EXISTS (SELECT 1 FROM notifications n WHERE n.dedupe_key = CONCAT('proposal_made:match:', m.id))
             OR NOT EXISTS (SELECT 1 FROM notifications n WHERE n.dedupe_key = IF(m.round_id IS NULL,
                  CONCAT('proposal_to_mentor:match:', m.id), CONCAT('proposal_to_mentor:round:', m.round_id, ':mentor:', m.mentor_id))) LIMIT 5`,
  },
  {
    rule: "every student's choices are within the cohort's maxChoices, ranked 1..n without gaps",
    sql: `SELECT s.id, COUNT(c.mentor_id) AS choices, MAX(c.\`rank\`) AS top_rank, co.max_choices
          FROM student_applications s JOIN cohorts co ON co.id = s.cohort_id
          JOIN student_choices c ON c.student_id = s.id
          GROUP BY s.id, co.max_choices
          HAVING COUNT(c.mentor_id) > co.max_choices OR MAX(c.\`rank\`) <> COUNT(c.mentor_id) LIMIT 5`,
  },
  {
    rule: 'every choice names a mentor of the same cohort',
    sql: `SELECT c.student_id, c.mentor_id FROM student_choices c
          JOIN student_applications s ON s.id = c.student_id JOIN mentor_applications m ON m.id = c.mentor_id
          WHERE s.cohort_id <> m.cohort_id OR c.cohort_id <> s.cohort_id LIMIT 5`,
  },
  {
    rule: 'every notification has its outbox row (job notification-<id>)',
    sql: `SELECT n.id FROM notifications n
          WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.job_id = CONCAT('notification-', n.id)) LIMIT 5`,
  },
  {
    rule: 'no outbox row references a missing notification',
    sql: `SELECT o.id, o.job_id FROM outbox o
          WHERE o.queue = 'notifications' AND o.job_name = 'send'
            AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.id = JSON_VALUE(o.payload, '$.notificationId')) LIMIT 5`,
  },
  {
    rule: 'every match has at least one match_events row, the first one creating it as proposed',
    sql: `SELECT m.id FROM matches m
          WHERE NOT EXISTS (SELECT 1 FROM match_events e WHERE e.match_id = m.id AND e.from_status IS NULL AND e.to_status = 'proposed') LIMIT 5`,
  },
  {
    rule: "every match's latest event leads to its current status",
    sql: `SELECT m.id, m.status, e.to_status FROM matches m
          JOIN match_events e ON e.id = (SELECT MAX(id) FROM match_events WHERE match_id = m.id)
          WHERE e.to_status <> m.status LIMIT 5`,
  },
  {
    rule: 'every match still proposed has its expiry job in the outbox',
    sql: `SELECT m.id FROM matches m
          WHERE m.status = 'proposed' AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.job_id = CONCAT('expire-', m.id)) LIMIT 5`,
  },
  {
    rule: "no mentor has more places taken (proposed or accepted) than their capacity, whatever they edited meanwhile",
    sql: `SELECT m.id, m.capacity, COUNT(x.id) AS taken FROM mentor_applications m
          JOIN matches x ON x.mentor_id = m.id AND x.status IN ('proposed', 'accepted')
          GROUP BY m.id, m.capacity HAVING COUNT(x.id) > m.capacity LIMIT 5`,
  },
  {
    rule: 'every outbox row was handed to BullMQ',
    sql: 'SELECT id, job_id, last_error FROM outbox WHERE dispatched_at IS NULL LIMIT 5',
  },
  {
    rule: 'every resend-link request has been handled (the worker deletes each)',
    sql: 'SELECT id, cohort_id FROM link_requests LIMIT 5',
  },
  {
    rule: 'every round has finished (completed or failed), and a completed one has its instance',
    sql: `SELECT r.id, r.status FROM rounds r
          WHERE r.status IN ('queued', 'running')
             OR (r.status = 'completed' AND NOT EXISTS (SELECT 1 FROM round_instances i WHERE i.round_id = r.id)) LIMIT 5`,
  },
  {
    rule: 'meetings, goals and check-ins belong to pairs (accepted, ended or completed matches)',
    sql: `SELECT 'meeting' AS kind, x.id FROM pair_meetings x JOIN matches m ON m.id = x.match_id WHERE m.status NOT IN ('accepted', 'ended', 'completed')
          UNION ALL SELECT 'goal', x.match_id FROM pair_goals x JOIN matches m ON m.id = x.match_id WHERE m.status NOT IN ('accepted', 'ended', 'completed')
          UNION ALL SELECT 'check-in', x.id FROM check_ins x JOIN matches m ON m.id = x.match_id WHERE m.status NOT IN ('accepted', 'ended', 'completed') LIMIT 5`,
  },
  {
    rule: 'a pair that is no longer accepted is due no check-in, and one that is has its next period',
    sql: `SELECT m.id, m.status, m.next_check_in_period FROM matches m JOIN cohorts c ON c.id = m.cohort_id
          WHERE (m.status <> 'accepted' AND m.next_check_in_period IS NOT NULL)
             OR (m.status = 'accepted' AND c.check_in_every_days > 0 AND c.completed_at IS NULL AND c.program_ends_on IS NULL AND m.next_check_in_period IS NULL) LIMIT 5`,
  },
  {
    rule: 'a completed cohort has no accepted or proposed match left',
    sql: `SELECT m.id, m.status FROM matches m JOIN cohorts c ON c.id = m.cohort_id
          WHERE c.completed_at IS NOT NULL AND m.status IN ('accepted', 'proposed') LIMIT 5`,
  },
  {
    rule: "every pair that ended or completed has that transition in its history",
    sql: `SELECT m.id, m.status FROM matches m
          WHERE m.status IN ('ended', 'completed')
            AND NOT EXISTS (SELECT 1 FROM match_events e WHERE e.match_id = m.id AND e.from_status = 'accepted' AND e.to_status = m.status) LIMIT 5`,
  },
  {
    rule: 'every announcement has its fan-out job in the outbox',
    sql: `SELECT a.id FROM announcements a WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.job_id = CONCAT('announcement-', a.id)) LIMIT 5`,
  },
  {
    rule: 'every announcement has fanned out: its recipients listed, and one email recorded for each',
    sql: `SELECT a.id, a.fan_out, a.recipients,
            (SELECT COUNT(*) FROM announcement_recipients r WHERE r.announcement_id = a.id) AS listed,
            (SELECT COUNT(*) FROM notifications n WHERE n.announcement_id = a.id) AS emails
          FROM announcements a
          HAVING a.fan_out <> 'recorded' OR listed <> a.recipients OR emails <> a.recipients LIMIT 5`,
  },
];

export async function brokenInvariants(dataSource: DataSource): Promise<string[]> {
  const broken: string[] = [];
  for (const { rule, sql } of INVARIANTS) {
    const rows: unknown[] = await dataSource.query(sql);
    if (rows.length > 0) broken.push(`${rule}: broken by ${JSON.stringify(rows)}`);
  }
  return broken;
}
