import { CURRENT_CONSENT_VERSION } from '@app/contracts';
import { Applicant, applyMentor, applyStudent, approve, createOpenCohort, sampleMentor, sampleStudent } from './support/factories';
import { accept, bearer, runRound } from './support/rounds';
import { startSystem, TestSystem } from './support/system';

interface InstanceView { students: Array<{ id: string; prefs: string[] }> }

/**
 * DESIGN §10's memory across cohorts: a mentor and a student of cohort 1 who were a pair come back for cohort 2. The
 * coordinators' lists show their history, their cohort-1 links start the new forms prefilled, and the round does not
 * propose them to each other again unless the student chooses that mentor.
 */
describe('memory across cohorts', () => {
  let system: TestSystem;
  let first: number;
  let second: number;
  let mentor: Applicant;
  let student: Applicant;
  let newMentor: Applicant;
  let mentorAgain: Applicant;
  let studentAgain: Applicant;
  const returningMentor = { ...sampleMentor(1), email: 'Zhang.Returning@Alumni.Example.cn', name: '张校友' };
  const returningStudent = { ...sampleStudent(1, []), email: 'li.returning@stu.example.edu.cn', name: '李同学' };
  const list = (cohortId: number, role: 'mentor' | 'student') =>
    system.http().get(`/api/cohorts/${cohortId}/${role}-applications`).set(system.coordinator).expect(200);
  const prefill = (applicant: Applicant, cohortId: number | string) => system.http().get('/api/me/prefill').query({ cohortId }).set(bearer(applicant));

  beforeAll(async () => {
    system = await startSystem({ name: 'memory' });
    first = await createOpenCohort(system, { name: '第1期（试点）' });
    mentor = await applyMentor(system, first, returningMentor);
    student = await applyStudent(system, first, [], returningStudent);
    await approve(system, first, 'mentor', [mentor.id]);
    await approve(system, first, 'student', [student.id]);
    const proposal = await system.http().post(`/api/cohorts/${first}/matches`).set(system.coordinator).send({ studentId: student.id, mentorId: mentor.id }).expect(201);
    await accept(system, mentor, proposal.body.id).expect(200);
    second = await createOpenCohort(system, { name: '第2期', minScore: 0, fillWithScores: true });
  });

  afterAll(async () => {
    await system?.stop();
  });

  it("offers a returning mentor the open cohort they have not applied to, through their old link", async () => {
    const open = await system.http().get('/api/me/open-cohorts').set(bearer(mentor)).expect(200);
    expect(open.body.map((cohort: { id: number }) => cohort.id)).toEqual([second]);
  });

  it('prefills the new form from the latest application of the link\'s role, email normalised', async () => {
    const response = await prefill(mentor, second).expect(200);
    const { consent: _consent, consentVersion: _version, ...fields } = returningMentor;
    expect(response.body).toEqual({ cohortId: second, role: 'mentor', fromCohortId: first, fields: { ...fields, email: 'zhang.returning@alumni.example.cn' } });
  });

  it('lets the prefilled form be submitted as it is, and then offers that cohort no more', async () => {
    const { fields } = (await prefill(mentor, second).expect(200)).body;
    const created = await system.http().post(`/api/cohorts/${second}/mentor-applications`).send({ ...fields, capacity: 2, consent: true, consentVersion: CURRENT_CONSENT_VERSION }).expect(201);
    mentorAgain = created.body;
    const again = await prefill(mentor, second).expect(409);
    expect(again.body.code).toBe('already_applied');
    expect((await system.http().get('/api/me/open-cohorts').set(bearer(mentor)).expect(200)).body).toEqual([]);
  });

  it('answers 404 for a missing cohort, 409 for one not open, 400 for a bad id and 401 without a link', async () => {
    await prefill(student, 999999).expect(404);
    await prefill(student, first).expect(409);
    const bad = await prefill(student, 'abc').expect(400);
    expect(JSON.stringify(bad.body.errors)).toContain('cohortId');
    await system.http().get('/api/me/prefill').query({ cohortId: second }).expect(401);
  });

  it('shows each returning person\'s earlier cohort, role, outcome and partner on the coordinators\' lists', async () => {
    const { fields } = (await prefill(student, second).expect(200)).body;
    studentAgain = (await system.http().post(`/api/cohorts/${second}/student-applications`).send({ ...fields, choices: [], consent: true, consentVersion: CURRENT_CONSENT_VERSION }).expect(201)).body;
    newMentor = await applyMentor(system, second, { capacity: 2 }, 7);
    const newcomer = await applyStudent(system, second, [], {}, 8);

    const mentors = (await list(second, 'mentor')).body as Array<{ id: number; history: unknown[] }>;
    expect(mentors.find((row) => row.id === mentorAgain.id)!.history).toEqual([
      { cohortId: first, cohortName: '第1期（试点）', role: 'mentor', status: 'approved', pairedWith: { name: '李同学' }, pairStatus: 'accepted' },
    ]);
    expect(mentors.find((row) => row.id === newMentor.id)!.history).toEqual([]);
    const students = (await list(second, 'student')).body as Array<{ id: number; history: unknown[] }>;
    expect(students.find((row) => row.id === studentAgain.id)!.history).toEqual([
      { cohortId: first, cohortName: '第1期（试点）', role: 'student', status: 'approved', pairedWith: { name: '张校友' }, pairStatus: 'accepted' },
    ]);
    expect(students.find((row) => row.id === newcomer.id)!.history).toEqual([]);
    // Cohort 1's own list knows nothing of the later cohort.
    expect((await list(first, 'mentor')).body[0].history).toEqual([]);
  });

  it('does not propose the earlier pair again when filling by score', async () => {
    await approve(system, second, 'mentor', [mentorAgain.id, newMentor.id]);
    await approve(system, second, 'student', [studentAgain.id]);
    const round = await runRound(system, second, { dryRun: true, seed: 7 });
    const instance = (await system.http().get(`/api/rounds/${round.id}/instance`).set(system.coordinator).expect(200)).body as InstanceView;
    const prefs = instance.students.find((entry) => entry.id === `s${studentAgain.id}`)!.prefs;
    expect(prefs).toEqual([`m${newMentor.id}`]);
  });

  it('proposes the earlier pair when the student chooses that mentor', async () => {
    await system.http().put('/api/me/choices').set(bearer(studentAgain)).send({ choices: [mentorAgain.id] }).expect(200);
    const round = await runRound(system, second, { dryRun: true, seed: 7 });
    const instance = (await system.http().get(`/api/rounds/${round.id}/instance`).set(system.coordinator).expect(200)).body as InstanceView;
    const prefs = instance.students.find((entry) => entry.id === `s${studentAgain.id}`)!.prefs;
    expect(prefs).toEqual([`m${mentorAgain.id}`, `m${newMentor.id}`]);
  });
});
