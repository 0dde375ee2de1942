import { Applicant, applyMentor, applyStudent, approve, createOpenCohort, populatedCohort } from './support/factories';
import { accept, bearer, byId, decline, matchesOf, passDeadlines, runRound } from './support/rounds';
import { startSystem, TestSystem } from './support/system';


describe('matches and the mentor\'s answers (real API and worker)', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startSystem({ name: 'matches' });
  });

  afterAll(async () => {
    await system?.stop();
  });

  function proposeByHand(cohortId: number, studentId: number, mentorId: number) {
    return system.http().post(`/api/cohorts/${cohortId}/matches`).set(system.coordinator).send({ studentId, mentorId });
  }

  async function historyOf(matchId: number) {
    return (await system.http().get(`/api/matches/${matchId}/history`).set(system.coordinator).expect(200)).body;
  }

  it('lets a coordinator propose a match by hand and cancel it with a reason, recording both in the history', async () => {
    const { cohortId, mentors, students } = await populatedCohort(system, 2, 2);
    const proposal = await proposeByHand(cohortId, students[0].id, mentors[1].id).expect(201);
    expect(proposal.body).toMatchObject({ status: 'proposed', roundId: null, studentId: students[0].id, mentorId: mentors[1].id });
    await proposeByHand(cohortId, students[0].id, mentors[0].id).expect(409);

    const mentorView = await system.http().get('/api/me/proposals').set(bearer(mentors[1])).expect(200);
    expect(mentorView.body).toMatchObject([{ id: proposal.body.id, status: 'proposed', contact: null }]);

    const cancelled = await system.http().post(`/api/matches/${proposal.body.id}/cancel`).set(system.coordinator).send({ reason: '学生改选其他项目' }).expect(200);
    expect(cancelled.body.status).toBe('cancelled');
    await system.http().post(`/api/matches/${proposal.body.id}/cancel`).set(system.coordinator).send({ reason: 'again' }).expect(409);
    await accept(system, mentors[1], proposal.body.id).expect(409);
    expect(await historyOf(proposal.body.id)).toMatchObject([
      { fromStatus: null, toStatus: 'proposed', actorRole: 'coordinator' },
      { fromStatus: 'proposed', toStatus: 'cancelled', actorRole: 'coordinator', reason: '学生改选其他项目' },
    ]);
    // The student is free again: a new manual proposal is allowed.
    await proposeByHand(cohortId, students[0].id, mentors[0].id).expect(201);
  });

  it('cancels a student\'s pending proposal when the student withdraws', async () => {
    const { cohortId, mentors, students } = await populatedCohort(system, 1, 1);
    const proposal = await proposeByHand(cohortId, students[0].id, mentors[0].id).expect(201);
    const withdrawn = await system.http().post('/api/me/withdraw').set(bearer(students[0])).expect(200);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', cancelledMatches: 1 });
    expect(await matchesOf(system, cohortId)).toMatchObject([{ id: proposal.body.id, status: 'cancelled' }]);
    expect((await historyOf(proposal.body.id)).at(-1)).toMatchObject({
      fromStatus: 'proposed', toStatus: 'cancelled', actorRole: 'student', actorId: students[0].id, reason: 'applicant withdrew',
    });
    await accept(system, mentors[0], proposal.body.id).expect(409);
  });

  it('answers 404 for another mentor\'s proposal, 409 for one already answered and 409 past its deadline', async () => {
    const { cohortId, mentors, students } = await populatedCohort(system, 2, 2);
    const { body: mine } = await proposeByHand(cohortId, students[0].id, mentors[0].id).expect(201);
    const { body: late } = await proposeByHand(cohortId, students[1].id, mentors[1].id).expect(201);

    const foreign = await accept(system, mentors[1], mine.id).expect(404);
    expect(foreign.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    await decline(system, mentors[1], mine.id).expect(404);

    const accepted = await accept(system, mentors[0], mine.id).expect(200);
    expect(accepted.body.status).toBe('accepted');
    await accept(system, mentors[0], mine.id).expect(409);
    await decline(system, mentors[0], mine.id, 'other').expect(409);

    await passDeadlines(system, [late.id]);
    // Either the deadline check or (if the offers sweep got there first) the expired status refuses it.
    const refused = await accept(system, mentors[1], late.id).expect(409);
    expect(refused.body.message).toMatch(/deadline|expired/);
  });

  it('never lets 20 concurrent accepts racing for a mentor\'s last place exceed the capacity', async () => {
    const cohortId = await createOpenCohort(system);
    const mentor = await applyMentor(system, cohortId, { capacity: 5 });
    await approve(system, cohortId, 'mentor', [mentor.id]);
    const students: Applicant[] = [];
    for (let index = 0; index < 5; index += 1) students.push(await applyStudent(system, cohortId, [mentor.id], {}, index));
    await approve(system, cohortId, 'student', students.map((student) => student.id));
    const proposals = [];
    for (const student of students) proposals.push((await proposeByHand(cohortId, student.id, mentor.id).expect(201)).body);

    await accept(system, mentor, proposals[0].id).expect(200);
    // The mentor tells the office they can only take two: one place left for four open proposals.
    await system.db.dataSource.query('UPDATE mentor_applications SET capacity = 2 WHERE id = ?', [mentor.id]);
    const racing = proposals.slice(1).flatMap((proposal) => Array.from({ length: 5 }, () => proposal.id));
    expect(racing).toHaveLength(20);
    const responses = await Promise.all(racing.map((matchId) => accept(system, mentor, matchId)));

    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(19);
    const [{ accepted }] = await system.db.dataSource.query(
      "SELECT COUNT(*) AS accepted FROM matches WHERE mentor_id = ? AND status = 'accepted'", [mentor.id]);
    expect(Number(accepted)).toBe(2);
  });

  it('filters the matches list by status and exports them as a UTF-8 CSV with a byte-order mark and Chinese names', async () => {
    const cohort = await populatedCohort(system, 6, 8);
    const mentorToken = byId<Applicant>(cohort.mentors);
    await runRound(system, cohort.cohortId);
    const proposed = await matchesOf(system, cohort.cohortId, 'proposed');
    expect(proposed.length).toBeGreaterThanOrEqual(2);
    const [toAccept, toDecline] = proposed;
    await accept(system, mentorToken.get(toAccept.mentor.id)!, toAccept.id).expect(200);
    await decline(system, mentorToken.get(toDecline.mentor.id)!, toDecline.id, 'no_capacity', '今年出差较多').expect(200);

    expect((await matchesOf(system, cohort.cohortId, 'accepted')).map((match) => match.id)).toEqual([toAccept.id]);
    expect((await matchesOf(system, cohort.cohortId, 'declined')).map((match) => match.id)).toEqual([toDecline.id]);
    expect(await matchesOf(system, cohort.cohortId, 'proposed')).toHaveLength(proposed.length - 2);
    await system.http().get(`/api/cohorts/${cohort.cohortId}/matches`).query({ status: 'lost' }).set(system.coordinator).expect(400);

    const response = await fetch(`${system.apiUrl}/api/cohorts/${cohort.cohortId}/matches.csv`, { headers: system.coordinator });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(lines).toHaveLength(proposed.length + 1);
    expect(lines[0]).toContain('生友');
    for (const match of proposed) {
      expect(match.student.name).toMatch(/\p{Script=Han}/u);
      expect(lines.find((line) => line.startsWith(`${match.id},`))).toContain(`${match.student.name}`);
      expect(lines.find((line) => line.startsWith(`${match.id},`))).toContain(`${match.mentor.name}`);
    }
    expect(lines.find((line) => line.startsWith(`${toDecline.id},`))).toContain('名额已满,今年出差较多');
  });
});
