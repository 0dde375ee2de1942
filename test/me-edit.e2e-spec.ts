import { Applicant, applyMentor, applyStudent, approve, createOpenCohort } from './support/factories';
import { bearer } from './support/rounds';
import { startSystem, TestSystem } from './support/system';

/** DESIGN §9: applicants edit their own details through PATCH /api/me; coordinators read every edit. */
describe("editing one's own application", () => {
  let system: TestSystem;
  let index = 0;

  const patch = (applicant: Applicant, body: object) => system.http().patch('/api/me').set(bearer(applicant)).send(body);
  const me = async (applicant: Applicant) => (await system.http().get('/api/me').set(bearer(applicant)).expect(200)).body.application;
  const editsOf = (cohortId: number, role: 'mentor' | 'student', id: number) => system.http().get(`/api/cohorts/${cohortId}/${role}-applications/${id}/edits`);
  const student = (cohortId: number, overrides: Record<string, unknown> = {}) => applyStudent(system, cohortId, [], overrides, (index += 1));
  const mentor = (cohortId: number, overrides: Record<string, unknown> = {}) => applyMentor(system, cohortId, overrides, (index += 1));

  beforeAll(async () => {
    system = await startSystem({ name: 'me-edit', worker: false });
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('changes only the fields sent, and answers with what changed and the details as they now are', async () => {
    const cohortId = await createOpenCohort(system);
    const applicant = await student(cohortId, { city: '西安', topics: ['AI'], statement: '想了解互联网行业。' });
    const before = await me(applicant);

    const response = await patch(applicant, { city: '  上海 ', topics: ['AI', '求职'] }).expect(200);

    expect(response.body).toEqual({
      changes: [{ field: 'city', before: '西安', after: '上海' }, { field: 'topics', before: ['AI'], after: ['AI', '求职'] }],
      details: { name: before.name, city: '上海', topics: ['AI', '求职'], industries: before.industries, statement: '想了解互联网行业。' },
    });
    expect(await me(applicant)).toEqual({ ...before, city: '上海', topics: ['AI', '求职'], updatedAt: expect.any(String) });
  });

  it('keeps every edit with its values before and after, for coordinators only', async () => {
    const cohortId = await createOpenCohort(system);
    const applicant = await mentor(cohortId, { name: '林海', capacity: 3, phone: '138 0000 0000', bio: '十年产品经验。' });
    await patch(applicant, { name: '林海涛', capacity: 2 }).expect(200);
    await patch(applicant, { phone: null, bio: '十年产品经验。\n现在带团队。' }).expect(200);
    await patch(applicant, { name: '林海涛', capacity: 2 }).expect(200); // changes nothing: not an entry

    const history = await editsOf(cohortId, 'mentor', applicant.id).set(system.coordinator).expect(200);
    expect(history.body).toEqual([
      { id: expect.any(Number), createdAt: expect.any(String), changes: [{ field: 'name', before: '林海', after: '林海涛' }, { field: 'capacity', before: 3, after: 2 }] },
      {
        id: expect.any(Number), createdAt: expect.any(String),
        changes: [{ field: 'phone', before: '138 0000 0000', after: null }, { field: 'bio', before: '十年产品经验。', after: '十年产品经验。\n现在带团队。' }],
      },
    ]);
    expect(Date.parse(history.body[0].createdAt)).toBeLessThanOrEqual(Date.parse(history.body[1].createdAt));

    await editsOf(cohortId, 'mentor', applicant.id).set(bearer(applicant)).expect(401);
    await editsOf(cohortId, 'mentor', applicant.id).expect(401);
    const otherCohort = await createOpenCohort(system, { name: '第4期' });
    await editsOf(otherCohort, 'mentor', applicant.id).set(system.coordinator).expect(404);
    await editsOf(cohortId, 'mentor', applicant.id + 1_000_000).set(system.coordinator).expect(404);
    const quiet = await student(cohortId);
    await expect(editsOf(cohortId, 'student', quiet.id).set(system.coordinator).expect(200)).resolves.toHaveProperty('body', []);
  });

  it("refuses a mentor's capacity below the places already taken, in words, and changes nothing", async () => {
    const cohortId = await createOpenCohort(system);
    const applicant = await mentor(cohortId, { capacity: 3 });
    await approve(system, cohortId, 'mentor', [applicant.id]);
    const students = [await student(cohortId), await student(cohortId)];
    await approve(system, cohortId, 'student', students.map(({ id }) => id));
    for (const { id } of students) {
      const proposal = await system.http().post(`/api/cohorts/${cohortId}/matches`).set(system.coordinator).send({ studentId: id, mentorId: applicant.id }).expect(201);
      if (id === students[0].id) await system.http().post(`/api/me/proposals/${proposal.body.id}/accept`).set(bearer(applicant)).expect(200);
    }

    const before = await me(applicant);
    const refused = await patch(applicant, { capacity: 1, city: '成都' }).expect(409);

    expect(refused.body).toEqual({
      statusCode: 409, error: 'Conflict', code: 'capacity_below_taken',
      message: 'capacity: 2 of your places are taken by students proposed to you or accepted by you, so your capacity cannot be lower than 2',
      errors: [{ field: 'capacity', rule: 'min', limit: 2 }],
    });
    expect(await me(applicant)).toEqual(before);
    await expect(editsOf(cohortId, 'mentor', applicant.id).set(system.coordinator)).resolves.toHaveProperty('body', []);
    await patch(applicant, { capacity: 2 }).expect(200);
    expect(await me(applicant)).toMatchObject({ capacity: 2 });
  });

  it.each([
    ['email', 'new.address@stu.example.edu.cn', 'notEditable'],
    ['studentNumber', '2099000001', 'notEditable'],
    ['college', '励志书院', 'notEditable'],
    ['capacity', 2, 'unknown'],
    ['status', 'approved', 'unknown'],
  ])("refuses a student's %s with a 400 naming it, and changes nothing", async (field, value, rule) => {
    const cohortId = await createOpenCohort(system);
    const applicant = await student(cohortId);
    const before = await me(applicant);

    const refused = await patch(applicant, { city: '上海', [field]: value }).expect(400);

    expect(refused.body.errors).toEqual([{ field, rule }]);
    expect(refused.body.message).toEqual([expect.stringMatching(new RegExp(`^(property )?${field} `))]);
    expect(await me(applicant)).toEqual(before);
  });

  it("checks each field with the form's own rules", async () => {
    const cohortId = await createOpenCohort(system);
    const applicant = await mentor(cohortId);
    const refused = await patch(applicant, { name: '林'.repeat(101), topics: [], capacity: 6, statement: '学生的字段' }).expect(400);
    expect(refused.body.errors).toEqual(expect.arrayContaining([
      { field: 'name', rule: 'maxLength', limit: 100 },
      { field: 'topics', rule: 'minItems', limit: 1 },
      { field: 'capacity', rule: 'max', limit: 5 },
      { field: 'statement', rule: 'unknown' },
    ]));
    await patch(applicant, { name: null }).expect(400);
  });

  it('refuses edits once the cohort is archived, and of a withdrawn application', async () => {
    const cohortId = await createOpenCohort(system);
    const [applicant, withdrawn] = [await student(cohortId), await student(cohortId)];
    await system.http().post('/api/me/withdraw').set(bearer(withdrawn)).expect(200);
    await expect(patch(withdrawn, { city: '上海' }).expect(409)).resolves.toHaveProperty('body.code', 'already_withdrawn');

    await system.http().post(`/api/cohorts/${cohortId}/close`).set(system.coordinator).expect(200);
    await patch(applicant, { city: '南京' }).expect(200);
    await system.http().post(`/api/cohorts/${cohortId}/archive`).set(system.coordinator).expect(200);
    const refused = await patch(applicant, { city: '上海' }).expect(409);
    expect(refused.body).toMatchObject({ code: 'cohort_archived', message: `Cohort ${cohortId} is archived and can no longer change` });
    expect(await me(applicant)).toMatchObject({ city: '南京' });
  });

  it("touches only the token's own application; without a valid token it touches nothing", async () => {
    const cohortId = await createOpenCohort(system);
    const [first, second] = [await student(cohortId, { city: '西安' }), await student(cohortId, { city: '西安' })];
    await patch(second, { city: '广州' }).expect(200);
    expect(await me(first)).toMatchObject({ city: '西安' });
    expect(await me(second)).toMatchObject({ city: '广州' });

    await system.http().patch('/api/me').send({ city: '上海' }).expect(401);
    await system.http().patch('/api/me').set('Authorization', `Bearer ${first.accessToken}x`).send({ city: '上海' }).expect(401);
    await system.http().patch('/api/me').set(system.coordinator).send({ city: '上海' }).expect(401);
    expect(await me(first)).toMatchObject({ city: '西安' });
    await expect(editsOf(cohortId, 'student', first.id).set(system.coordinator)).resolves.toHaveProperty('body', []);
  });
});
