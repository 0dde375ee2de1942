import { Applicant, populatedCohort } from './support/factories';
import {
  accept, asEngineAssignments, assignmentsOf, bearer, byId, completedRound, decline, engineAssignmentsOf, matchesOf, MatchView,
  passDeadlines, roundsOf, runRound,
} from './support/rounds';
import { startSystem, TestSystem, waitFor } from './support/system';


describe('matching rounds (real API and worker)', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startSystem({ name: 'rounds' });
  });

  afterAll(async () => {
    await system?.stop();
  });

  const pairOf = (match: { student: { id: number }; mentor: { id: number } }) => `${match.student.id}-${match.mentor.id}`;

  async function expectRoundToBeTheEnginesResult(roundId: number) {
    const assignments = await assignmentsOf(system, roundId);
    expect(asEngineAssignments(assignments)).toEqual(await engineAssignmentsOf(system, roundId));
    return assignments;
  }

  it('runs a cohort of 31 mentors and 45 students through two rounds of declines, expiries and accepts', async () => {
    const cohort = await populatedCohort(system, 31, 45);
    const mentorToken = byId<Applicant>(cohort.mentors);
    const seed = 20_261_128;

    const dryRun = await runRound(system, cohort.cohortId, { dryRun: true, seed });
    expect(dryRun).toMatchObject({ number: 1, dryRun: true, seed });
    expect(await matchesOf(system, cohort.cohortId)).toEqual([]);
    const dryAssignments = await expectRoundToBeTheEnginesResult(dryRun.id);

    const round1 = await runRound(system, cohort.cohortId, { seed });
    expect(round1).toMatchObject({ number: 2, dryRun: false, seed });
    const round1Assignments = await expectRoundToBeTheEnginesResult(round1.id);
    expect(round1Assignments).toEqual(dryAssignments);
    const proposed = await matchesOf(system, cohort.cohortId, 'proposed');
    expect(proposed).toHaveLength(round1.stats!.matched);
    expect(proposed.map((match) => [match.student.id, match.mentor.id]).sort())
      .toEqual(round1Assignments.filter((a) => a.mentorId !== null).map((a) => [a.studentId, a.mentorId]).sort());

    // Mentors in three groups: the first three decline everything, the next three let the deadline pass, the rest accept.
    const mentorsWithProposals = [...new Set(proposed.map((match) => match.mentor.id))];
    expect(mentorsWithProposals.length).toBeGreaterThan(8);
    const decliners = new Set(mentorsWithProposals.slice(0, 3));
    const silent = new Set(mentorsWithProposals.slice(3, 6));
    const toDecline = proposed.filter((match) => decliners.has(match.mentor.id));
    const toExpire = proposed.filter((match) => silent.has(match.mentor.id));
    const toAccept = proposed.filter((match) => !decliners.has(match.mentor.id) && !silent.has(match.mentor.id));

    for (const match of toDecline) {
      await decline(system, mentorToken.get(match.mentor.id)!, match.id, 'not_a_fit', '专业方向不太对口').expect(200);
    }
    for (const match of toAccept) await accept(system, mentorToken.get(match.mentor.id)!, match.id).expect(200);
    await passDeadlines(system, toExpire.map((match) => match.id));
    // The offers sweep (every 2 s in the suites) expires proposals past their deadline.
    await waitFor('the sweep to expire the silent mentors\' proposals', async () =>
      (await matchesOf(system, cohort.cohortId, 'expired')).length === toExpire.length);

    const acceptedBefore = await matchesOf(system, cohort.cohortId, 'accepted');
    expect(acceptedBefore.map((match) => match.id).sort()).toEqual(toAccept.map((match) => match.id).sort());
    const refused = new Set([...toDecline, ...toExpire].map(pairOf));

    const round2 = await runRound(system, cohort.cohortId, { seed });
    const round2Assignments = await expectRoundToBeTheEnginesResult(round2.id);
    const acceptedStudents = new Set(acceptedBefore.map((match) => match.student.id));
    expect(round2Assignments.some((assignment) => acceptedStudents.has(assignment.studentId))).toBe(false);

    const round2Matches = (await matchesOf(system, cohort.cohortId)).filter((match) => match.roundId === round2.id);
    expect(round2Matches.length).toBe(round2.stats!.matched);
    expect(round2Matches.filter((match) => refused.has(pairOf(match)))).toEqual([]);
    const refusedStudents = [...toDecline, ...toExpire].map((match) => match.student.id);
    const placedAgain = round2Matches.filter((match) => refusedStudents.includes(match.student.id));
    expect(placedAgain.length).toBe(refusedStudents.length);

    const acceptedAfter = await matchesOf(system, cohort.cohortId, 'accepted');
    expect(acceptedAfter).toEqual(acceptedBefore);

    await expectHistory(toDecline[0], [
      { fromStatus: null, toStatus: 'proposed', actorRole: 'system', actorId: null, reason: null },
      { fromStatus: 'proposed', toStatus: 'declined', actorRole: 'mentor', actorId: toDecline[0].mentor.id, reason: 'not_a_fit: 专业方向不太对口' },
    ]);
    await expectHistory(toExpire[0], [
      { fromStatus: null, toStatus: 'proposed', actorRole: 'system', actorId: null, reason: null },
      { fromStatus: 'proposed', toStatus: 'expired', actorRole: 'system', actorId: null, reason: 'no answer before the deadline' },
    ]);
    await expectHistory(toAccept[0], [
      { fromStatus: null, toStatus: 'proposed', actorRole: 'system', actorId: null, reason: null },
      { fromStatus: 'proposed', toStatus: 'accepted', actorRole: 'mentor', actorId: toAccept[0].mentor.id, reason: null },
    ]);
  });

  async function expectHistory(match: MatchView, transitions: object[]) {
    const response = await system.http().get(`/api/matches/${match.id}/history`).set(system.coordinator).expect(200);
    expect(response.body).toMatchObject(transitions);
    expect(response.body).toHaveLength(transitions.length);
  }

  it('explains to each student, in plain words on their own page, how the last real round went for them', async () => {
    // Two mentors of capacity 1 and three students who all rank the same mentor first: someone misses out.
    const cohort = await populatedCohort(system, 2, 3);
    const [first, second] = cohort.mentors.map((mentor) => mentor.id);
    await system.db.dataSource.query('UPDATE mentor_applications SET capacity = 1 WHERE cohort_id = ?', [cohort.cohortId]);
    for (const student of cohort.students) {
      await system.http().put('/api/me/choices').set(bearer(student)).send({ choices: [first, second] }).expect(200);
    }
    await runRound(system, cohort.cohortId, { dryRun: true });
    const beforeRealRound = await system.http().get('/api/me').set(bearer(cohort.students[0])).expect(200);
    expect(beforeRealRound.body.lastRound).toBeNull();

    const round = await runRound(system, cohort.cohortId, { seed: 11 });
    const assignments = byId((await assignmentsOf(system, round.id)).map((row) => ({ ...row, id: row.studentId })));
    for (const student of cohort.students) {
      const { lastRound } = (await system.http().get('/api/me').set(bearer(student)).expect(200)).body;
      const assignment = assignments.get(student.id)!;
      expect(lastRound).toMatchObject({ roundNumber: round.number, matched: assignment.mentorId !== null, choiceRank: assignment.choiceRank });
      expect(lastRound.summary.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(lastRound.summary.en).toMatch(/[A-Za-z]/);
      // One reason per mentor the student ranked above the one they got (both, when unmatched).
      const expectedReasons = assignment.mentorId === null ? 2 : assignment.choiceRank! - 1;
      expect(lastRound.reasons).toHaveLength(expectedReasons);
      for (const reason of lastRound.reasons) expect(reason.text.en).not.toMatch(/undefined|\{\{/);
      expect(JSON.stringify(lastRound)).not.toContain('@');
    }
  });

  it('accepts one of two concurrent round requests for a cohort and answers 409 to the other', async () => {
    const cohort = await populatedCohort(system, 3, 5);
    const responses = await Promise.all([1, 2].map(() =>
      system.http().post(`/api/cohorts/${cohort.cohortId}/rounds`).set(system.coordinator).send({})));
    expect(responses.map((response) => response.status).sort()).toEqual([202, 409]);
    const queued = responses.find((response) => response.status === 202)!;
    await completedRound(system, queued.body.id);
    expect(await roundsOf(system, cohort.cohortId)).toHaveLength(1);
  });

  it('with autoRounds queues the next round by itself once every proposal of a round is resolved', async () => {
    const cohort = await populatedCohort(system, 4, 8, { autoRounds: true });
    const mentorToken = byId<Applicant>(cohort.mentors);
    const round1 = await runRound(system, cohort.cohortId);
    const proposals = await matchesOf(system, cohort.cohortId, 'proposed');
    expect(proposals.length).toBeGreaterThan(1);

    const [last, ...others] = proposals;
    for (const match of others) await decline(system, mentorToken.get(match.mentor.id)!, match.id, 'unavailable').expect(200);
    // Still one open proposal: once every decline's follow-up job has run (settled), there is no next round yet.
    await system.settled();
    expect(await roundsOf(system, cohort.cohortId)).toHaveLength(1);

    const lastMentor = mentorToken.get(last.mentor.id)!;
    await system.http().post(`/api/me/proposals/${last.id}/accept`).set(bearer(lastMentor)).expect(200);
    const round2 = await waitFor('the automatic round 2', async () =>
      (await roundsOf(system, cohort.cohortId)).find((round) => round.number === 2 && round.status === 'completed'));
    expect(round2.requestedBy).toBe('system: autoRounds');
    expect(round2.stats!.students).toBe(round1.stats!.students - 1);
    await expectRoundToBeTheEnginesResult(round2.id);
    const declinedPairs = new Set(others.map(pairOf));
    const round2Matches = (await matchesOf(system, cohort.cohortId)).filter((match) => match.roundId === round2.id);
    expect(round2Matches.filter((match) => declinedPairs.has(pairOf(match)))).toEqual([]);
  });
});
