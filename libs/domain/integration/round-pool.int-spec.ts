import { Cohort, Match, MentorApplication, Round, RoundAssignment, RoundInstance, StudentApplication } from '@app/database';
import { ApplicationReviewService, MeService, RoundRequestsService, RoundRunnerService } from '@app/domain';
import { assertPoolStillValid, loadRoundPool, RoundPool } from '@app/domain/rounds/round-pool';
import { DomainHarness, useDomainHarness } from './support/domain-harness';
import { approvedMentor, approvedStudent, identityOf, openCohort, proposal } from './support/factories';
import { untilWaitingForLockOn } from './support/locks';

const CHANGED = /changed while the round ran/;

// One database and context for the file; every test makes its own cohort.
const harness = useDomainHarness('pool');

/**
 * The round's last check before it persists: the pool was read before the engine ran, and whatever changed since
 * (a student withdrew, was rejected or got a match, a mentor lost places) must fail the run so its retry starts over.
 * The run cannot be paused in flight, so each test loads the pool, changes the data, then runs the check as the
 * runner does: in the persisting transaction, with assignments like the engine's.
 */
describe('assertPoolStillValid', () => {

  interface Scene {
    cohort: Cohort;
    mentors: MentorApplication[];
    students: StudentApplication[];
    pool: RoundPool;
    /** Each student placed with the mentor of the same index. */
    assignments: RoundAssignment[];
  }

  const assignment = (studentId: number, mentorId: number | null) =>
    Object.assign(new RoundAssignment(), { studentId, mentorId, choiceRank: null });

  /** Two approved students placed with two approved mentors of capacity 1, and the pool read before any change. */
  async function scene(h: DomainHarness): Promise<Scene> {
    const cohort = await openCohort(h);
    const mentors = [await approvedMentor(h, cohort, { capacity: 1 }), await approvedMentor(h, cohort, { capacity: 1 })];
    const students = [await approvedStudent(h, cohort), await approvedStudent(h, cohort)];
    const pool = await loadRoundPool(h.dataSource.manager, cohort);
    const assignments = students.map((student, index) => assignment(student.id, mentors[index].id));
    return { cohort, mentors, students, pool, assignments };
  }

  /** As the runner calls it: inside the transaction that would store the round, whose row locks it takes. */
  const check = (h: DomainHarness, pool: RoundPool, assignments: RoundAssignment[]) =>
    h.dataSource.transaction((manager) => assertPoolStillValid(manager, pool, assignments));

  it('passes when nothing changed since the pool was loaded', async () => {
    const h = harness();
    const { pool, assignments } = await scene(h);
    expect(pool.students).toHaveLength(2);
    await expect(check(h, pool, assignments)).resolves.toBeUndefined();
  });

  it('throws when a placed student withdrew meanwhile', async () => {
    const h = harness();
    const { pool, assignments, students } = await scene(h);
    await h.get(MeService).withdraw(identityOf('student', students[0]));
    await expect(check(h, pool, assignments)).rejects.toThrow(CHANGED);
  });

  it('throws when a placed student was rejected meanwhile', async () => {
    const h = harness();
    const { cohort, pool, assignments, students } = await scene(h);
    await h.get(ApplicationReviewService).review('student', cohort.id, { ids: [students[1].id], decision: 'rejected' });
    await expect(check(h, pool, assignments)).rejects.toThrow(CHANGED);
  });

  it('throws when a placed student got a match meanwhile, even with a mentor outside the round', async () => {
    const h = harness();
    const { cohort, pool, assignments, students } = await scene(h);
    // A mentor approved after the pool was read: the round's own mentors keep every place, so only the match counts.
    const lateMentor = await approvedMentor(h, cohort, { capacity: 1 });
    await proposal(h, cohort, students[0], lateMentor);
    await expect(check(h, pool, assignments)).rejects.toThrow(CHANGED);
  });

  it('throws when a mentor lost the places the round gives them', async () => {
    const h = harness();
    const { cohort, pool, assignments, mentors } = await scene(h);
    // A student approved after the pool was read takes mentor 0's only place by a manual proposal.
    await proposal(h, cohort, await approvedStudent(h, cohort), mentors[0]);
    await expect(check(h, pool, assignments)).rejects.toThrow(CHANGED);
  });

  it('throws when a mentor the round places a student with withdrew meanwhile', async () => {
    const h = harness();
    const { pool, assignments, mentors } = await scene(h);
    await h.get(MeService).withdraw(identityOf('mentor', mentors[1]));
    await expect(check(h, pool, assignments)).rejects.toThrow(CHANGED);
  });

  it('passes when the mentor who lost a place still has enough for the students the round gives them', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    const mentor = await approvedMentor(h, cohort, { capacity: 3 });
    const students = [await approvedStudent(h, cohort), await approvedStudent(h, cohort)];
    const pool = await loadRoundPool(h.dataSource.manager, cohort);
    await proposal(h, cohort, await approvedStudent(h, cohort), mentor);
    // Two of the three places are left, and the round gives the mentor two students.
    await expect(check(h, pool, students.map((student) => assignment(student.id, mentor.id)))).resolves.toBeUndefined();
  });

  it('does not look at students the round leaves unplaced', async () => {
    const h = harness();
    const { pool, students, mentors } = await scene(h);
    await h.get(MeService).withdraw(identityOf('student', students[1]));
    await expect(check(h, pool, [assignment(students[0].id, mentors[0].id), assignment(students[1].id, null)])).resolves.toBeUndefined();
  });
});

/**
 * The same check reached through a real run. The change is made while the run is in flight without any hook in it:
 * a transaction holds a student's row with an uncommitted rejection. The run reads its pool without locks (so it
 * still sees the student approved), then waits for that row in its final check; only then is the rejection committed.
 */
describe('RoundRunnerService.run when the pool changes while it runs', () => {
  it('stores nothing when a placed student is rejected in flight, and its retry proposes from fresh data', async () => {
    const h = harness();
    const cohort = await openCohort(h, { fillWithScores: false });
    const mentor = await approvedMentor(h, cohort, { capacity: 2 });
    const staying = await approvedStudent(h, cohort, { choices: [mentor.id] });
    const rejected = await approvedStudent(h, cohort, { choices: [mentor.id] });
    const round = await h.get(RoundRequestsService).request(cohort.id, { seed: 1 }, 'integration test');

    const rejection = h.dataSource.createQueryRunner();
    await rejection.connect();
    try {
      await rejection.startTransaction();
      await rejection.query("UPDATE student_applications SET status = 'rejected' WHERE id = ?", [rejected.id]);
      const run = h.get(RoundRunnerService).run(round.id);
      // Observed below; without this, a rejection before the wait ends would be reported as unhandled.
      run.catch(() => undefined);
      await untilWaitingForLockOn(h, 'student_applications');
      await rejection.commitTransaction();
      await expect(run).rejects.toThrow(CHANGED);
    } finally {
      if (rejection.isTransactionActive) await rejection.rollbackTransaction();
      await rejection.release();
    }

    // The persisting transaction rolled back: the round is left running for the job's retry, with nothing stored.
    expect(await h.dataSource.manager.findOneByOrFail(Round, { id: round.id })).toEqual(expect.objectContaining({ status: 'running', stats: null }));
    expect(await h.dataSource.manager.countBy(RoundAssignment, { roundId: round.id })).toBe(0);
    expect(await h.dataSource.manager.countBy(RoundInstance, { roundId: round.id })).toBe(0);
    expect(await h.dataSource.manager.countBy(Match, { cohortId: cohort.id })).toBe(0);

    // The retry (BullMQ's next attempt) reads the pool again: only the student still approved is proposed.
    const retried = await h.get(RoundRunnerService).run(round.id);
    expect(retried).toEqual(expect.objectContaining({ status: 'completed', stats: expect.objectContaining({ students: 1, matched: 1 }) }));
    const matches = await h.dataSource.manager.findBy(Match, { roundId: round.id });
    expect(matches.map(({ studentId, mentorId }) => ({ studentId, mentorId }))).toEqual([{ studentId: staying.id, mentorId: mentor.id }]);
  });

  it('completes when the data changed only before the run started: the pool it reads is already fresh', async () => {
    const h = harness();
    const cohort = await openCohort(h, { fillWithScores: false });
    const mentor = await approvedMentor(h, cohort, { capacity: 2 });
    const staying = await approvedStudent(h, cohort, { choices: [mentor.id] });
    const leaving = await approvedStudent(h, cohort, { choices: [mentor.id] });
    const round = await h.get(RoundRequestsService).request(cohort.id, { seed: 1 }, 'integration test');
    await h.get(MeService).withdraw(identityOf('student', leaving));

    await expect(h.get(RoundRunnerService).run(round.id)).resolves.toEqual(expect.objectContaining({ status: 'completed' }));
    const matches = await h.dataSource.manager.findBy(Match, { roundId: round.id });
    expect(matches.map(({ studentId }) => studentId)).toEqual([staying.id]);
  });
});
