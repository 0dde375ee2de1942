import { populatedCohort } from './support/factories';
import { assignmentsOf, completedRound, requestRound, roundOf } from './support/rounds';
import { startSystem, TestSystem, waitFor } from './support/system';


describe('a worker killed in the middle of a round (real API and worker)', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startSystem({ name: 'rounds_crash' });
  });

  afterAll(async () => {
    await system?.stop();
  });

  const count = async (sql: string, params: unknown[]) => Number((await system.db.dataSource.query(sql, params))[0].n);

  it('completes the round once after a restart, with no partial round, duplicate proposal or duplicate outbox row', async () => {
    const { cohortId } = await populatedCohort(system, 12, 20);

    // A round of this size takes milliseconds, too short to kill the worker inside it by timing. Instead the test
    // holds a gap lock on round_instances, so the worker stalls at the first insert of its final transaction:
    // the moment the crash must not leave anything half-written. The lock is released only after the kill.
    const blocker = system.db.dataSource.createQueryRunner();
    await blocker.connect();
    await blocker.startTransaction('REPEATABLE READ');
    await blocker.query('SELECT round_id FROM round_instances WHERE round_id > 0 FOR UPDATE');

    const roundId = await requestRound(system, cohortId, { seed: 7 });
    await waitFor('the worker to block inside the round\'s transaction', async () =>
      (await system.db.dataSource.query(
        "SELECT id FROM information_schema.processlist WHERE db = DATABASE() AND info LIKE 'INSERT INTO `round_instances`%'")).length > 0);
    expect((await roundOf(system, roundId)).status).toBe('running');

    await system.worker.kill();
    await blocker.rollbackTransaction();
    await blocker.release();

    await waitFor('the dead worker\'s transaction to be rolled back', async () =>
      (await system.db.dataSource.query("SELECT id FROM information_schema.processlist WHERE db = DATABASE() AND info LIKE 'INSERT INTO `round_instances`%'")).length === 0);
    expect(await count('SELECT COUNT(*) AS n FROM matches WHERE round_id = ?', [roundId])).toBe(0);
    expect(await count('SELECT COUNT(*) AS n FROM round_assignments WHERE round_id = ?', [roundId])).toBe(0);
    expect((await roundOf(system, roundId)).status).toBe('running');

    system.worker.start();
    // BullMQ hands the stalled job to the new worker once the dead one's lock (15 s) lapses.
    const round = await completedRound(system, roundId, 60_000);

    const assignments = await assignmentsOf(system, roundId);
    const placed = assignments.filter((assignment) => assignment.mentorId !== null);
    expect(placed.length).toBe(round.stats!.matched);
    expect(placed.length).toBeGreaterThan(0);
    const matches: Array<{ id: number; student_id: number; mentor_id: number }> = await system.db.dataSource.query(
      'SELECT id, student_id, mentor_id FROM matches WHERE round_id = ? ORDER BY student_id', [roundId]);
    expect(matches.map((match) => [match.student_id, match.mentor_id])).toEqual(placed.map((a) => [a.studentId, a.mentorId]));
    expect(await count(
      "SELECT COUNT(*) AS n FROM (SELECT student_id FROM matches WHERE cohort_id = ? AND status IN ('proposed','accepted') GROUP BY student_id HAVING COUNT(*) > 1) d",
      [cohortId])).toBe(0);

    const matchIds = matches.map((match) => match.id);
    expect(await count('SELECT COUNT(*) AS n FROM match_events WHERE match_id IN (?)', [matchIds])).toBe(matchIds.length);
    const expiryJobs = matchIds.map((id) => `expire-${id}`);
    const reminderJobs = matchIds.map((id) => `remind-${id}`);
    expect(await count('SELECT COUNT(*) AS n FROM outbox WHERE job_id IN (?)', [expiryJobs])).toBe(matchIds.length);
    // The default 72 h window (ending at 23:59 China time) leaves room for a reminder 24 h before the deadline.
    expect(await count('SELECT COUNT(*) AS n FROM outbox WHERE job_id IN (?)', [reminderJobs])).toBe(matchIds.length);
    // One proposal email per mentor of the round, listing all its students, one to each student proposed, one to each left out.
    const mentorsProposedTo = new Set(matches.map((match) => match.mentor_id)).size;
    const emails = [['proposal_to_mentor', mentorsProposedTo], ['proposal_made', matchIds.length], ['student_unplaced', round.stats!.unmatched]] as const;
    for (const [type, expected] of emails) {
      expect(await count('SELECT COUNT(*) AS n FROM notifications WHERE type = ? AND cohort_id = ?', [type, cohortId])).toBe(expected);
      expect(await count("SELECT COUNT(*) AS n FROM outbox WHERE job_name = 'send' AND job_id IN (SELECT CONCAT('notification-', id) FROM notifications WHERE type = ? AND cohort_id = ?)", [type, cohortId]))
        .toBe(expected);
    }
    expect(await count("SELECT COUNT(*) AS n FROM outbox WHERE job_name = 'run-round' AND JSON_EXTRACT(payload, '$.roundId') = ?", [roundId])).toBe(1);
  });
});
