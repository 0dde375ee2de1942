import { Match, MatchEvent, OutboxMessage, Round, RoundAssignment, RoundInstance } from '@app/database';
import { ConflictError, RoundRequestsService, RoundRunnerService } from '@app/domain';
import { DomainHarness, useDomainHarness } from './support/domain-harness';
import {
  approvedMentor, approvedStudent, closedCohort, completedRound, draftCohort, openCohort, proposal, rowCounts,
} from './support/factories';

// One database and context for the file; every test makes its own cohort.
const harness = useDomainHarness('rounds');

describe('RoundRequestsService.request', () => {
  const request = (h: DomainHarness, cohortId: number) => h.get(RoundRequestsService).request(cohortId, { seed: 7 }, 'integration test');

  it('records a queued round, numbered after the last, with its run-round job in the outbox', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    const round = await request(h, cohort.id);

    expect(await h.dataSource.manager.findOneByOrFail(Round, { id: round.id })).toEqual(expect.objectContaining({
      cohortId: cohort.id, number: 1, status: 'queued', dryRun: false, seed: 7, requestedBy: 'integration test',
    }));
    expect(await h.dataSource.manager.findBy(OutboxMessage, { jobId: `round-${round.id}` })).toEqual([
      expect.objectContaining({ queue: 'matching', jobName: 'run-round', payload: { roundId: round.id } }),
    ]);
  });

  it('refuses a second round while one is queued, and records nothing for it', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    await request(h, cohort.id);
    const counts = await rowCounts(h.dataSource);

    await expect(request(h, cohort.id)).rejects.toThrow(ConflictError);
    expect(await rowCounts(h.dataSource)).toEqual(counts);
    expect(await h.dataSource.manager.countBy(Round, { cohortId: cohort.id })).toBe(1);
  });

  it('accepts the next round once the previous one completed', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    await completedRound(h, cohort);

    const second = await request(h, cohort.id);
    expect(second).toEqual(expect.objectContaining({ number: 2, status: 'queued' }));
  });

  it('keeps the limit per cohort: another cohort may queue a round meanwhile', async () => {
    const h = harness();
    const [first, second] = [await openCohort(h), await closedCohort(h)];
    await request(h, first.id);
    await expect(request(h, second.id)).resolves.toEqual(expect.objectContaining({ cohortId: second.id, status: 'queued' }));
  });

  it('refuses a round for a draft cohort and records nothing', async () => {
    const h = harness();
    const cohort = await draftCohort(h);
    const counts = await rowCounts(h.dataSource);

    await expect(request(h, cohort.id)).rejects.toThrow(ConflictError);
    expect(await rowCounts(h.dataSource)).toEqual(counts);
  });
});

describe('RoundRunnerService.run (called directly, as the worker would)', () => {

  /**
   * Two mentors of one place each and three students who ranked them: two can be placed, one cannot.
   * No score-filling, so only the students' own choices decide who may go where.
   */
  async function contestedCohort(h: DomainHarness) {
    const cohort = await openCohort(h, { fillWithScores: false });
    const [first, second] = [await approvedMentor(h, cohort, { capacity: 1 }), await approvedMentor(h, cohort, { capacity: 1 })];
    const students = [
      await approvedStudent(h, cohort, { choices: [first.id, second.id] }),
      await approvedStudent(h, cohort, { choices: [first.id, second.id] }),
      await approvedStudent(h, cohort, { choices: [first.id] }),
    ];
    return { cohort, mentors: [first, second], students };
  }

  const assignmentsOf = (h: DomainHarness, roundId: number) =>
    h.dataSource.manager.find(RoundAssignment, { where: { roundId }, order: { studentId: 'ASC' } });
  const matchesOf = (h: DomainHarness, roundId: number) =>
    h.dataSource.manager.find(Match, { where: { roundId }, order: { studentId: 'ASC' } });

  it('proposes what the engine assigned: a proposal per placed student, within capacity, with assignments, instance and stats', async () => {
    const h = harness();
    const { cohort, mentors, students } = await contestedCohort(h);
    const round = await completedRound(h, cohort);

    const stored = await h.dataSource.manager.findOneByOrFail(Round, { id: round.id });
    expect(stored).toEqual(expect.objectContaining({ status: 'completed', error: null, finishedAt: expect.any(Date) }));
    expect(stored.stats).toEqual(expect.objectContaining({ students: 3, mentors: 2, matched: 2, unmatched: 1, mentorCapacity: 2 }));

    const assignments = await assignmentsOf(h, round.id);
    expect(assignments.map((row) => row.studentId)).toEqual(students.map((student) => student.id));
    const placed = assignments.filter((row) => row.mentorId !== null);
    expect(placed).toHaveLength(2);
    // Each mentor has one place, so the two placed students have different mentors.
    expect(new Set(placed.map((row) => row.mentorId))).toEqual(new Set(mentors.map((mentor) => mentor.id)));
    // Stored as codes, worded when read.
    for (const row of assignments) expect(JSON.stringify(row.explanation)).not.toMatch(/[\u4e00-\u9fff]|"text"|"summary"/);
    for (const view of await h.get(RoundRequestsService).assignments(round.id)) expect(view.explanation.summary.zh).toMatch(/匹配/);

    const matches = await matchesOf(h, round.id);
    expect(matches.map(({ studentId, mentorId, status, choiceRank }) => ({ studentId, mentorId, status, choiceRank })))
      .toEqual(placed.map(({ studentId, mentorId, choiceRank }) => ({ studentId, mentorId, status: 'proposed', choiceRank })));
    const events = await h.dataSource.manager.findBy(MatchEvent, { matchId: matches[0].id });
    expect(events).toEqual([expect.objectContaining({ fromStatus: null, toStatus: 'proposed', actorRole: 'system' })]);
    expect(await h.dataSource.manager.countBy(OutboxMessage, { jobId: `expire-${matches[1].id}` })).toBe(1);
    expect(await h.dataSource.manager.countBy(RoundInstance, { roundId: round.id })).toBe(1);
  });

  it('leaves out students who already have a live match and offers only the places mentors have left', async () => {
    const h = harness();
    const cohort = await openCohort(h, { fillWithScores: false });
    const mentor = await approvedMentor(h, cohort, { capacity: 2 });
    const alreadyMatched = await approvedStudent(h, cohort, { choices: [mentor.id] });
    await proposal(h, cohort, alreadyMatched, mentor);
    const waiting = [await approvedStudent(h, cohort, { choices: [mentor.id] }), await approvedStudent(h, cohort, { choices: [mentor.id] })];

    const round = await completedRound(h, cohort);

    expect(round.stats).toEqual(expect.objectContaining({ students: 2, matched: 1, unmatched: 1, mentorCapacity: 1 }));
    expect((await assignmentsOf(h, round.id)).map((row) => row.studentId)).toEqual(waiting.map((student) => student.id));
    expect(await h.dataSource.manager.countBy(Match, { mentorId: mentor.id, status: 'proposed' })).toBe(2);
  });

  it('changes nothing when run again for a round that completed', async () => {
    const h = harness();
    const { cohort } = await contestedCohort(h);
    const round = await completedRound(h, cohort);
    const snapshot = async () => ({
      counts: await rowCounts(h.dataSource),
      round: await h.dataSource.manager.findOneByOrFail(Round, { id: round.id }),
      assignments: await assignmentsOf(h, round.id),
      matches: await matchesOf(h, round.id),
    });
    const before = await snapshot();

    await expect(h.get(RoundRunnerService).run(round.id)).resolves.toEqual(expect.objectContaining({ id: round.id, status: 'completed' }));
    expect(await snapshot()).toEqual(before);
  });

  it('stores the assignments and stats of a dry run but proposes nothing', async () => {
    const h = harness();
    const { cohort, students } = await contestedCohort(h);
    const round = await completedRound(h, cohort, { dryRun: true });

    expect(round).toEqual(expect.objectContaining({ status: 'completed', stats: expect.objectContaining({ matched: 2 }) }));
    expect(await assignmentsOf(h, round.id)).toHaveLength(3);
    expect(await h.dataSource.manager.countBy(Match, { cohortId: cohort.id })).toBe(0);
    // Nobody was proposed, so the next round's pool still holds every student.
    const next = await completedRound(h, cohort);
    expect((await matchesOf(h, next.id)).length).toBe(2);
    expect(next.stats?.students).toBe(students.length);
  });

  it('is refused for a round that does not exist', async () => {
    const h = harness();
    await expect(h.get(RoundRunnerService).run(2_000_000_000)).rejects.toThrow('not found');
  });

  it("proposes nothing in a later round while the earlier round's proposals hold every place", async () => {
    const h = harness();
    const { cohort } = await contestedCohort(h);
    await completedRound(h, cohort);
    const second = await completedRound(h, cohort);

    expect(second.stats).toEqual(expect.objectContaining({ students: 1, matched: 0, mentorCapacity: 0 }));
    expect(await matchesOf(h, second.id)).toEqual([]);
  });
});
