import { Applicant, applyMentor, applyStudent, approve, createCohort, createOpenCohort, sampleMentor, sampleStudent } from './support/factories';
import { startSystem, TestSystem } from './support/system';

/** Both application forms, the applicant's own page and the coordinator's review, against real MariaDB and Redis. */
describe('applications', () => {
  let system: TestSystem;
  let cohortId: number;
  let approvedMentors: Applicant[];
  let unapprovedMentor: Applicant;
  let otherCohortMentor: Applicant;
  let studentIndex = 100;

  const nextStudent = (choices: number[] = [], overrides: Record<string, unknown> = {}) => ({ ...sampleStudent(studentIndex++, []), choices, ...overrides });
  const postStudent = (body: Record<string, unknown>, cohort = cohortId) => system.http().post(`/api/cohorts/${cohort}/student-applications`).send(body);
  const postMentor = (body: Record<string, unknown>, cohort = cohortId) => system.http().post(`/api/cohorts/${cohort}/mentor-applications`).send(body);
  const me = (token: string) => system.http().get('/api/me').set('Authorization', `Bearer ${token}`);
  const putChoices = (token: string, choices: unknown) => system.http().put('/api/me/choices').set('Authorization', `Bearer ${token}`).send({ choices });
  const countRows = async (table: string): Promise<number> => Number((await system.db.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
  const mentorIds = () => approvedMentors.map((mentor) => mentor.id);

  beforeAll(async () => {
    system = await startSystem({ name: 'applications', worker: false });
    cohortId = await createOpenCohort(system, { maxChoices: 3 });
    approvedMentors = [];
    for (let index = 0; index < 4; index += 1) approvedMentors.push(await applyMentor(system, cohortId, {}, index));
    unapprovedMentor = await applyMentor(system, cohortId, {}, 4);
    await approve(system, cohortId, 'mentor', mentorIds());
    const otherCohort = await createOpenCohort(system, { name: '第2期' });
    otherCohortMentor = await applyMentor(system, otherCohort, {}, 0);
    await approve(system, otherCohort, 'mentor', [otherCohortMentor.id]);
  });

  afterAll(async () => {
    await system?.stop();
  });

  describe('public cohorts and the mentor directory', () => {
    it('lists open cohorts only', async () => {
      const draft = await createCohort(system, { name: '未开放' });
      const response = await system.http().get('/api/public/cohorts').expect(200);
      const ids = response.body.map((cohort: { id: number }) => cohort.id);
      expect(ids).toContain(cohortId);
      expect(ids).not.toContain(draft);
      expect(response.body.find((cohort: { id: number }) => cohort.id === cohortId)).toEqual({
        id: cohortId, name: '第3期 师友计划', description: null, maxChoices: 3, status: 'open', applicationDeadline: null, eligibility: null,
      });
    });

    it('shows approved mentors as public cards without email or phone', async () => {
      const response = await system.http().get(`/api/public/cohorts/${cohortId}/mentors`).expect(200);
      expect(response.body.map((card: { id: number }) => card.id)).toEqual(mentorIds());
      const first = sampleMentor(0);
      expect(response.body[0]).toEqual({
        id: approvedMentors[0].id, displayName: first.name, graduationYear: first.graduationYear, department: first.department, major: first.major,
        industry: first.industry, organization: first.organization, title: first.title, city: first.city, topics: first.topics, languages: first.languages,
        bio: first.bio, remainingCapacity: first.capacity,
      });
      const text = response.text;
      for (let index = 0; index < 4; index += 1) {
        expect(text).not.toContain(sampleMentor(index).email);
        expect(text).not.toContain(sampleMentor(index).phone);
      }
      expect(text).not.toMatch(/"(email|phone)"/);
    });

    it('answers 404 for the directory of a missing cohort and 409 for one not open', async () => {
      await system.http().get('/api/public/cohorts/999999/mentors').expect(404);
      const draft = await createCohort(system);
      await system.http().get(`/api/public/cohorts/${draft}/mentors`).expect(409);
    });
  });

  describe('mentor applications', () => {
    it('accepts a mentor and returns the id, status and a personal token once', async () => {
      const response = await postMentor({ ...sampleMentor(20), phone: undefined }).expect(201);
      expect(Object.keys(response.body).sort()).toEqual(['accessToken', 'id', 'status']);
      expect(response.body.status).toBe('submitted');
      expect(response.body.accessToken).toMatch(/^m_[\w-]{43}$/);
      const [row] = await system.db.dataSource.query('SELECT phone FROM mentor_applications WHERE id = ?', [response.body.id]);
      expect(row.phone).toBeNull();
    });

    it('stores and returns Chinese text and emoji exactly', async () => {
      const name = '张伟 🎓';
      const bio = '2008 届校友，深耕半导体行业 🚀，擅长“职业规划”与读研咨询 👩‍🔬。';
      const topics = ['职业规划 🧭', '读研深造'];
      const { accessToken, id } = (await postMentor({ ...sampleMentor(21), name, bio, topics }).expect(201)).body;
      const own = await me(accessToken).expect(200);
      expect(own.body.application).toMatchObject({ id, name, bio, topics });
      const [row] = await system.db.dataSource.query('SELECT name, bio FROM mentor_applications WHERE id = ?', [id]);
      expect(row).toEqual({ name, bio });
      const listed = await system.http().get(`/api/cohorts/${cohortId}/mentor-applications`).set(system.coordinator).expect(200);
      expect(listed.body.find((mentor: { id: number }) => mentor.id === id)).toMatchObject({ name, bio, topics });
    });

    it('refuses a second mentor application with the same email, whatever its case, with 409', async () => {
      const response = await postMentor({ ...sampleMentor(0), email: sampleMentor(0).email.toUpperCase() }).expect(409);
      expect(response.body.message).toContain('email');
    });

    it('names every missing field in one 400', async () => {
      const response = await postMentor({}).expect(400);
      const message: string[] = response.body.message;
      for (const field of ['name', 'email', 'graduationYear', 'department', 'major', 'industry', 'organization', 'title', 'city', 'topics', 'capacity', 'bio', 'consent']) {
        expect(message.some((line) => line.startsWith(`${field} `))).toBe(true);
      }
    });

    it('takes languages as optional, storing none when left out, and names the rule a list breaks', async () => {
      const { languages: _left, ...withoutLanguages } = sampleMentor(23);
      const created = await postMentor(withoutLanguages).expect(201);
      const me = await system.http().get('/api/me').set('Authorization', `Bearer ${created.body.accessToken}`).expect(200);
      expect(me.body.application.languages).toEqual([]);
      const tooMany = await postMentor({ ...sampleMentor(24), languages: Array.from({ length: 11 }, (_, index) => `语言${index}`) }).expect(400);
      expect(tooMany.body.errors).toEqual([{ field: 'languages', rule: 'maxItems', limit: 10 }]);
    });

    it('rejects out-of-range values and unknown fields, naming each', async () => {
      const response = await postMentor({ ...sampleMentor(22), capacity: 6, consent: false, topics: [], isAdmin: true }).expect(400);
      const message: string[] = response.body.message;
      expect(message).toEqual(expect.arrayContaining(['property isAdmin should not exist', expect.stringMatching(/^capacity /), expect.stringMatching(/^consent /), expect.stringMatching(/^topics /)]));
      expect(message.some((line) => line.startsWith('email') || line.startsWith('name'))).toBe(false);
    });
  });

  describe('student applications', () => {
    it('accepts a student with ranked choices and shows them on the personal page in order', async () => {
      const body = nextStudent([approvedMentors[2].id, approvedMentors[0].id]);
      const created = await postStudent(body).expect(201);
      expect(created.body).toEqual({ id: expect.any(Number), status: 'submitted', accessToken: expect.stringMatching(/^s_[\w-]{43}$/) });
      const own = await me(created.body.accessToken).expect(200);
      expect(own.body.role).toBe('student');
      expect(own.body.application).toMatchObject({ id: created.body.id, name: body.name, email: body.email, choices: [approvedMentors[2].id, approvedMentors[0].id] });
      expect(own.body.cohort).toEqual({ id: cohortId, name: '第3期 师友计划', status: 'open', maxChoices: 3, responseWindowHours: 72, retainDays: 365 });
      expect(own.body.matches).toEqual([]);
    });

    it('accepts a student with no choices yet', async () => {
      const created = await postStudent(nextStudent([])).expect(201);
      expect((await me(created.body.accessToken).expect(200)).body.application.choices).toEqual([]);
    });

    it('stores a Chinese name and a statement with 中文 and emoji exactly', async () => {
      const name = '欧阳子涵 🌸';
      const statement = '我想了解芯片行业的真实情况 🤔，也想请教读研还是工作。Thanks! 🙏🏻 第二行\n换行也要保留。';
      const created = await postStudent(nextStudent([approvedMentors[1].id], { name, statement })).expect(201);
      expect((await me(created.body.accessToken).expect(200)).body.application).toMatchObject({ name, statement });
      const [row] = await system.db.dataSource.query('SELECT name, statement FROM student_applications WHERE id = ?', [created.body.id]);
      expect(row).toEqual({ name, statement });
    });

    it('refuses a duplicate email (any case) and a duplicate student number with 409', async () => {
      const body = nextStudent([]);
      await postStudent(body).expect(201);
      const sameEmail = await postStudent({ ...nextStudent([]), email: body.email.toUpperCase() }).expect(409);
      expect(sameEmail.body.message).toContain('email');
      const sameNumber = await postStudent({ ...nextStudent([]), studentNumber: body.studentNumber }).expect(409);
      expect(sameNumber.body.message).toContain('studentNumber');
    });

    it('allows the same email in another cohort', async () => {
      const other = await createOpenCohort(system, { name: '第5期' });
      const body = nextStudent([]);
      await postStudent(body).expect(201);
      await postStudent(body, other).expect(201);
    });

    it('answers 404 for a missing cohort and 409 for a draft or closed one', async () => {
      await postStudent(nextStudent([]), 999999).expect(404);
      await postMentor(sampleMentor(30), 999999).expect(404);
      const draft = await createCohort(system);
      expect((await postStudent(nextStudent([]), draft).expect(409)).body.message).toContain('draft');
      const closed = await createOpenCohort(system);
      await system.http().post(`/api/cohorts/${closed}/close`).set(system.coordinator).expect(200);
      expect((await postStudent(nextStudent([]), closed).expect(409)).body.message).toContain('closed');
      await postMentor(sampleMentor(31), closed).expect(409);
    });

    it('names every bad field, including unknown ones, in one 400', async () => {
      const response = await postStudent({
        ...nextStudent([]), email: 'not-an-email', studentNumber: '学号', enrollmentYear: 1800, statement: 'x'.repeat(2001), choices: 'all', consent: 'yes', role: 'admin',
      }).expect(400);
      const message: string[] = response.body.message;
      for (const field of ['email', 'studentNumber', 'enrollmentYear', 'statement', 'choices', 'consent']) {
        expect(message.some((line) => line.startsWith(`${field} `))).toBe(true);
      }
      expect(message).toContain('property role should not exist');
    });

    describe('choices', () => {
      const rejected = async (choices: number[], expected: RegExp) => {
        const before = await Promise.all(['student_applications', 'applicant_tokens', 'student_choices', 'outbox'].map(countRows));
        const response = await postStudent(nextStudent(choices)).expect(400);
        expect(response.body.message.join(' ')).toMatch(expected);
        const after = await Promise.all(['student_applications', 'applicant_tokens', 'student_choices', 'outbox'].map(countRows));
        expect(after).toEqual(before);
      };

      it('refuses a mentor of another cohort and leaves nothing half-written', () => rejected([approvedMentors[0].id, otherCohortMentor.id], new RegExp(`not: ${otherCohortMentor.id}`)));

      it('refuses a mentor who is not approved', () => rejected([unapprovedMentor.id], new RegExp(`not: ${unapprovedMentor.id}`)));

      it('refuses more choices than the cohort allows', () => rejected(mentorIds(), /at most 3/));

      it('refuses the same mentor twice', () => rejected([approvedMentors[0].id, approvedMentors[0].id], /repeat/));

      it('refuses an id that is not a mentor at all', () => rejected([999999], /not: 999999/));
    });

    it('gives exactly one 201 and 409 for the rest when 20 identical submissions race, and stores one row', async () => {
      const body = nextStudent([approvedMentors[0].id]);
      const responses = await Promise.all(Array.from({ length: 20 }, () => postStudent(body)));
      const statuses = responses.map((response) => response.status).sort();
      expect(statuses).toEqual([201, ...Array(19).fill(409)]);
      const rows = await system.db.dataSource.query('SELECT id FROM student_applications WHERE cohort_id = ? AND email = ?', [cohortId, body.email]);
      expect(rows).toHaveLength(1);
      const tokens = await system.db.dataSource.query("SELECT id FROM applicant_tokens WHERE role = 'student' AND application_id = ?", [rows[0].id]);
      expect(tokens).toHaveLength(1);
    });
  });

  describe('the applicant page', () => {
    it('replaces the ranked choices with PUT /api/me/choices', async () => {
      const { accessToken } = (await postStudent(nextStudent([approvedMentors[0].id])).expect(201)).body;
      const response = await putChoices(accessToken, [approvedMentors[3].id, approvedMentors[1].id, approvedMentors[0].id]).expect(200);
      expect(response.body).toEqual({ choices: [approvedMentors[3].id, approvedMentors[1].id, approvedMentors[0].id] });
      expect((await me(accessToken).expect(200)).body.application.choices).toEqual([approvedMentors[3].id, approvedMentors[1].id, approvedMentors[0].id]);
      await putChoices(accessToken, []).expect(200);
      expect((await me(accessToken).expect(200)).body.application.choices).toEqual([]);
    });

    it('keeps the old choices when the new ones are invalid', async () => {
      const { accessToken } = (await postStudent(nextStudent([approvedMentors[1].id])).expect(201)).body;
      await putChoices(accessToken, [otherCohortMentor.id]).expect(400);
      await putChoices(accessToken, [unapprovedMentor.id]).expect(400);
      await putChoices(accessToken, mentorIds()).expect(400);
      const bad = await putChoices(accessToken, ['one']).expect(400);
      expect(bad.body.message.join(' ')).toContain('choices');
      expect((await me(accessToken).expect(200)).body.application.choices).toEqual([approvedMentors[1].id]);
    });

    it('refuses new choices once the cohort has closed', async () => {
      const closing = await createOpenCohort(system);
      const mentor = await applyMentor(system, closing, {}, 0);
      await approve(system, closing, 'mentor', [mentor.id]);
      const student = await applyStudent(system, closing, [mentor.id], { choices: [] }, 0);
      await system.http().post(`/api/cohorts/${closing}/close`).set(system.coordinator).expect(200);
      await putChoices(student.accessToken, [mentor.id]).expect(409);
    });

    it('withdraws an application once; choices can no longer change afterwards', async () => {
      const { accessToken, id } = (await postStudent(nextStudent([approvedMentors[0].id])).expect(201)).body;
      const response = await system.http().post('/api/me/withdraw').set('Authorization', `Bearer ${accessToken}`).expect(200);
      expect(response.body).toEqual({ id, status: 'withdrawn', cancelledMatches: 0 });
      expect((await me(accessToken).expect(200)).body.application.status).toBe('withdrawn');
      await system.http().post('/api/me/withdraw').set('Authorization', `Bearer ${accessToken}`).expect(409);
      await putChoices(accessToken, []).expect(409);
    });

    it('shows a mentor their own application and no proposals yet', async () => {
      const own = await me(approvedMentors[0].accessToken).expect(200);
      expect(own.body).toMatchObject({ role: 'mentor', application: { id: approvedMentors[0].id, status: 'approved', email: sampleMentor(0).email } });
      const proposals = await system.http().get('/api/me/proposals').set('Authorization', `Bearer ${approvedMentors[0].accessToken}`).expect(200);
      expect(proposals.body).toEqual([]);
    });
  });

  describe('coordinator review', () => {
    let reviewCohort: number;
    let students: Applicant[];

    // Reviews and withdrawals change statuses for good: each test gets a cohort of four submitted students of its own,
    // so that none sees another's decisions and any one can run alone or in any order.
    beforeEach(async () => {
      reviewCohort = await createOpenCohort(system, { name: '审核期' });
      students = [];
      for (let index = 0; index < 4; index += 1) students.push(await applyStudent(system, reviewCohort, [], {}, index));
    });

    const list = (query = '') => system.http().get(`/api/cohorts/${reviewCohort}/student-applications${query}`).set(system.coordinator);
    const review = (body: Record<string, unknown>) => system.http().post(`/api/cohorts/${reviewCohort}/student-applications/review`).set(system.coordinator).send(body);
    const reviewMentors = (body: Record<string, unknown>) => system.http().post(`/api/cohorts/${reviewCohort}/mentor-applications/review`).set(system.coordinator).send(body);
    const withdraw = (student: Applicant) => system.http().post('/api/me/withdraw').set('Authorization', `Bearer ${student.accessToken}`);
    const statusOf = async (id: number): Promise<string> => (await system.db.dataSource.query('SELECT status FROM student_applications WHERE id = ?', [id]))[0].status;

    it('lists applications with full details, filtered by ?status=', async () => {
      const all = await list().expect(200);
      expect(all.body.map((row: { id: number }) => row.id)).toEqual(students.map((student) => student.id));
      expect(all.body[0]).toMatchObject({ email: sampleStudent(0, []).email, studentNumber: sampleStudent(0, []).studentNumber, status: 'submitted' });
      expect((await list('?status=approved').expect(200)).body).toEqual([]);
      const bad = await list('?status=maybe').expect(400);
      expect(bad.body.message.join(' ')).toContain('status');
    });

    it('approves and rejects in bulk, with a note', async () => {
      expect((await review({ ids: [students[0].id, students[1].id], decision: 'approved' }).expect(200)).body).toEqual({ updated: 2 });
      await review({ ids: [students[2].id], decision: 'rejected', note: '材料不完整' }).expect(200);
      expect((await list('?status=approved').expect(200)).body.map((row: { id: number }) => row.id)).toEqual([students[0].id, students[1].id]);
      const rejected = (await list('?status=rejected').expect(200)).body;
      expect(rejected).toHaveLength(1);
      expect(rejected[0]).toMatchObject({ id: students[2].id, reviewNote: '材料不完整' });
    });

    it('answers 404 for an unknown id and changes nothing', async () => {
      const response = await review({ ids: [students[3].id, 999999], decision: 'approved' }).expect(404);
      expect(response.body.message).toContain('999999');
      expect(await statusOf(students[3].id)).toBe('submitted');
    });

    it('answers 404 for an application of another cohort', async () => {
      // A student who exists, in the suite's main cohort; a mentor's id stood in here before, which named a student
      // of this very cohort whenever no other students had been made yet (the test run alone).
      const otherCohortStudent: Applicant = (await postStudent(nextStudent([])).expect(201)).body;
      await review({ ids: [otherCohortStudent.id], decision: 'approved' }).expect(404);
      await reviewMentors({ ids: [approvedMentors[0].id], decision: 'rejected' }).expect(404);
    });

    it('answers 409 when a withdrawn application is in the batch and changes nothing', async () => {
      await withdraw(students[1]).expect(200);
      const response = await review({ ids: [students[3].id, students[1].id], decision: 'rejected' }).expect(409);
      expect(response.body.message).toContain(String(students[1].id));
      expect(await statusOf(students[3].id)).toBe('submitted');
      expect(await statusOf(students[1].id)).toBe('withdrawn');
    });

    it('names every bad field of a review', async () => {
      const response = await review({ ids: [], decision: 'maybe', extra: 1 }).expect(400);
      const message: string[] = response.body.message;
      expect(message).toEqual(expect.arrayContaining([expect.stringMatching(/^ids /), expect.stringMatching(/^decision /), 'property extra should not exist']));
    });

    it('reviews mentor applications and lists them by status', async () => {
      const mentor = await applyMentor(system, reviewCohort, {}, 9);
      await reviewMentors({ ids: [mentor.id], decision: 'approved' }).expect(200);
      const approved = await system.http().get(`/api/cohorts/${reviewCohort}/mentor-applications?status=approved`).set(system.coordinator).expect(200);
      expect(approved.body.map((row: { id: number }) => row.id)).toEqual([mentor.id]);
      const directory = await system.http().get(`/api/public/cohorts/${reviewCohort}/mentors`).expect(200);
      expect(directory.body.map((card: { id: number }) => card.id)).toEqual([mentor.id]);
    });

    it('counts the reviewed applications in the cohort detail', async () => {
      // One student in each status and one approved mentor.
      await review({ ids: [students[0].id], decision: 'approved' }).expect(200);
      await review({ ids: [students[2].id], decision: 'rejected', note: '材料不完整' }).expect(200);
      await withdraw(students[1]).expect(200);
      const mentor = await applyMentor(system, reviewCohort, {}, 9);
      await reviewMentors({ ids: [mentor.id], decision: 'approved' }).expect(200);
      const detail = await system.http().get(`/api/cohorts/${reviewCohort}`).set(system.coordinator).expect(200);
      expect(detail.body.counts.students).toEqual({ approved: 1, rejected: 1, submitted: 1, withdrawn: 1 });
      expect(detail.body.counts.mentors).toEqual({ approved: 1 });
    });
  });
});
