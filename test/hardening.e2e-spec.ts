import { Applicant, applyMentor, applyStudent, approve, createCohort, createOpenCohort, sampleMentor, sampleStudent } from './support/factories';
import { startSystem, TestSystem } from './support/system';

/**
 * What a hostile or careless client can send: deep nesting, lone surrogates, nulls, prototype keys, odd ids,
 * control characters; and the headers every response carries. Each is a 4xx that names the field, never a 5xx.
 */
describe('hardening', () => {
  let system: TestSystem;
  let cohortId: number;
  let mentor: Applicant;
  let student: Applicant;
  let studentIndex = 300;
  let mentorIndex = 300;

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const nextStudent = (overrides: Record<string, unknown> = {}) => ({ ...sampleStudent(studentIndex++, []), ...overrides });
  const nextMentor = (overrides: Record<string, unknown> = {}) => ({ ...sampleMentor(mentorIndex++), ...overrides });
  const postStudent = (body: unknown) => system.http().post(`/api/cohorts/${cohortId}/student-applications`).send(body as object);
  const postMentor = (body: unknown) => system.http().post(`/api/cohorts/${cohortId}/mentor-applications`).send(body as object);
  const postRaw = (path: string, json: string) => system.http().post(path).set('Content-Type', 'application/json').send(json);
  const countRows = async (table: string): Promise<number> => Number((await system.db.dataSource.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
  /** A JSON text of a valid student application with `extra` spliced in as raw JSON members. */
  const studentJson = (extra: string) => JSON.stringify(nextStudent()).replace(/}$/, `,${extra}}`);

  beforeAll(async () => {
    // Served over plain HTTP on a host that is not localhost, as on a campus intranet.
    system = await startSystem({ name: 'hardening', worker: false, env: { PUBLIC_URL: 'http://match.campus.lan:3000' } });
    cohortId = await createOpenCohort(system);
    mentor = await applyMentor(system, cohortId, {}, 0);
    await approve(system, cohortId, 'mentor', [mentor.id]);
    student = await applyStudent(system, cohortId, [mentor.id], {}, 0);
  });

  afterAll(async () => {
    await system?.stop();
  });

  describe('deeply nested bodies', () => {
    const tooDeep = { statusCode: 400, message: ['body is nested too deeply'], error: 'Bad Request' };

    it('answer 3,000 nested arrays with 400 before validation, unsigned, and the server keeps serving', async () => {
      const body = `${'['.repeat(3000)}${']'.repeat(3000)}`;
      expect(body.length).toBe(6000);
      expect((await postRaw('/api/cohorts/999999/student-applications', body).expect(400)).body).toEqual(tooDeep);
      // Refused before the coordinator guard too: no database lookup for it.
      expect((await postRaw('/api/cohorts', body).expect(400)).body).toEqual(tooDeep);
      expect((await postRaw(`/api/cohorts/${cohortId}/mentor-applications`, `{"topics":${'['.repeat(3000)}${']'.repeat(3000)}}`).expect(400)).body).toEqual(tooDeep);
      await system.http().get('/health').expect(200);
      await postStudent(nextStudent()).expect(201);
    });

    it('draw the line after 8 levels (the body itself is the first)', async () => {
      const objects = (count: number) => `${'{"a":'.repeat(count)}1${'}'.repeat(count)}`;
      expect((await postRaw('/api/cohorts', `{"name":"x","weights":${objects(8)}}`).set(system.coordinator).expect(400)).body).toEqual(tooDeep);
      const eightLevels = await postRaw('/api/cohorts', `{"name":"x","weights":${objects(7)}}`).set(system.coordinator).expect(400);
      expect(eightLevels.body.message).not.toEqual(tooDeep.message);
      expect(eightLevels.body.errors).toContainEqual({ field: 'weights.a', rule: 'unknown' });
    });
  });

  describe('lone surrogates', () => {
    it.each([
      ['email', { email: 'zhang\ud800@example.cn' }, 'email'],
      ['name', { name: '张\udc00伟' }, 'name'],
      ['a topic', { topics: ['AI', '产品\ud83d'] }, 'topics.1'],
      ['an industry', { industries: ['\udfff'] }, 'industries.0'],
      ['the statement', { statement: '我想\ud800' }, 'statement'],
    ])('in %s are a 400 naming the field, and nothing is stored', async (_what, overrides, field) => {
      const before = await countRows('student_applications');
      const response = await postStudent(nextStudent(overrides)).expect(400);
      expect(response.body).toEqual({
        statusCode: 400, error: 'Bad Request', message: [`${field} must be well-formed Unicode text (it holds a lone surrogate)`], errors: [{ field, rule: 'characters' }],
      });
      expect(await countRows('student_applications')).toBe(before);
    });

    it('in a mentor’s languages are a 400 too', async () => {
      const response = await postMentor(nextMentor({ languages: ['中文', 'Engl\ud800ish'] })).expect(400);
      expect(response.body.errors).toEqual([{ field: 'languages.1', rule: 'characters' }]);
    });

    it('keep well-formed pairs (emoji) as they are', async () => {
      const created = await postStudent(nextStudent({ statement: '加油 💪🏻' })).expect(201);
      const [row] = await system.db.dataSource.query('SELECT statement FROM student_applications WHERE id = ?', [created.body.id]);
      expect(row.statement).toBe('加油 💪🏻');
    });
  });

  describe('null cohort settings', () => {
    it.each(['maxChoices', 'responseWindowHours', 'fillWithScores', 'autoRounds', 'minScore'])('%s: null is a 400 naming it, on create and on update', async (field) => {
      const created = await system.http().post('/api/cohorts').set(system.coordinator).send({ name: '空值', [field]: null }).expect(400);
      expect(created.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(created.body.message.length).toBeGreaterThan(0);
      for (const message of created.body.message) expect(message.startsWith(`${field} `)).toBe(true);
      for (const error of created.body.errors) expect(error.field).toBe(field);

      const id = await createCohort(system, { name: '可更新' });
      const before = (await system.http().get(`/api/cohorts/${id}`).set(system.coordinator).expect(200)).body;
      const updated = await system.http().patch(`/api/cohorts/${id}`).set(system.coordinator).send({ [field]: null }).expect(400);
      expect(updated.body.errors.map((error: { field: string }) => error.field)).toContain(field);
      const after = (await system.http().get(`/api/cohorts/${id}`).set(system.coordinator).expect(200)).body;
      expect(after[field]).toEqual(before[field]);
    });

    it('a null name on update is a 400; a null description or weights still clear them', async () => {
      const id = await createCohort(system, { name: '可清空', description: '说明', weights: { topics: 1, industry: 1, affinity: 1, city: 1, rank: 1 } });
      const refused = await system.http().patch(`/api/cohorts/${id}`).set(system.coordinator).send({ name: null }).expect(400);
      expect(refused.body.errors.map((error: { field: string }) => error.field)).toContain('name');
      await system.http().patch(`/api/cohorts/${id}`).set(system.coordinator).send({ description: null, weights: null }).expect(200);
      const after = (await system.http().get(`/api/cohorts/${id}`).set(system.coordinator).expect(200)).body;
      expect(after).toMatchObject({ name: '可清空', description: null, weights: null });
    });
  });

  describe('prototype keys and shapes', () => {
    it.each(['__proto__', 'constructor', 'prototype'])('%s in an application is an unknown field: 400 naming it', async (key) => {
      const before = await countRows('student_applications');
      const response = await postRaw(`/api/cohorts/${cohortId}/student-applications`, studentJson(`"${key}":{"status":"approved"}`)).expect(400);
      expect(response.body).toEqual({ statusCode: 400, error: 'Bad Request', message: [`property ${key} should not exist`], errors: [{ field: key, rule: 'unknown' }] });
      expect(await countRows('student_applications')).toBe(before);
    });

    it('are refused inside nested settings too', async () => {
      const weights = '{"topics":1,"industry":1,"affinity":1,"city":1,"rank":1,"__proto__":{"x":1}}';
      const response = await postRaw('/api/cohorts', `{"name":"原型","weights":${weights}}`).set(system.coordinator).expect(400);
      expect(response.body.errors).toEqual([{ field: 'weights.__proto__', rule: 'unknown' }]);
      expect(response.body.message).toEqual(['weights.__proto__: property __proto__ should not exist']);
    });

    it('weights sent as an array are a 400 naming weights', async () => {
      for (const weights of [[], [{ topics: 1, industry: 1, affinity: 1, city: 1, rank: 1 }]]) {
        const response = await system.http().post('/api/cohorts').set(system.coordinator).send({ name: '数组', weights }).expect(400);
        expect(response.body.errors).toContainEqual({ field: 'weights', rule: 'type' });
        expect(response.body.message).toContain('weights must be an object');
      }
    });
  });

  describe('route ids', () => {
    it('accept only the canonical spelling: 00001 is not cohort 1', async () => {
      const id = await createCohort(system, { name: '前导零' });
      const padded = String(id).padStart(5, '0');
      for (const spelling of [padded, `+${id}`, `0${id}`]) {
        const response = await system.http().post(`/api/cohorts/${spelling}/archive`).set(system.coordinator).expect(400);
        expect(response.body).toEqual({ statusCode: 400, message: ['cohortId must be a positive integer'], error: 'Bad Request' });
      }
      await system.http().get(`/api/public/cohorts/0${cohortId}/mentors`).expect(400);
      expect((await system.http().get(`/api/cohorts/${id}`).set(system.coordinator).expect(200)).body.status).toBe('draft');
    });
  });

  describe('control and bidi-override characters', () => {
    const refusedOneLine = (field: string) => `${field} must not contain line breaks, tabs, control characters or bidirectional-override characters`;

    it.each([
      ['NUL in a name', { name: '张\u0000伟' }, 'name'],
      ['a right-to-left override in a title', { title: '经理\u202egpj.exe' }, 'title'],
      ['a line break in a city', { city: '上海\n北京' }, 'city'],
      ['an isolate in organization', { organization: '\u2066某公司\u2069' }, 'organization'],
      ['DEL in a department', { department: '计算机\u007f系' }, 'department'],
      ['an escape in a topic', { topics: ['AI', '\u001b[31m红'] }, 'topics'],
    ])('%s: 400 naming the field with the rule `characters`, nothing stored', async (_what, overrides, field) => {
      const before = await countRows('mentor_applications');
      const response = await postMentor(nextMentor(overrides)).expect(400);
      expect(response.body.errors).toEqual([{ field, rule: 'characters' }]);
      expect(response.body.message).toEqual([field === 'topics' ? `each value in ${refusedOneLine('topics')}` : refusedOneLine(field)]);
      expect(await countRows('mentor_applications')).toBe(before);
    });

    it('students’ one-line fields too', async () => {
      for (const [field, value] of [['college', '文学院\r'], ['major', '\u202a中文'], ['name', '李\t娜']]) {
        const response = await postStudent(nextStudent({ [field]: `x${value}y` })).expect(400);
        expect(response.body.errors).toEqual([{ field, rule: 'characters' }]);
      }
      const industries = await postStudent(nextStudent({ industries: ['金融\u0085'] })).expect(400);
      expect(industries.body.errors).toEqual([{ field: 'industries', rule: 'characters' }]);
    });

    it('a bio keeps its line breaks and tabs (CRLF stored as LF) but refuses other controls and overrides', async () => {
      const created = await postMentor(nextMentor({ bio: '第一段\r\n\t第二段\n第三段' })).expect(201);
      const [row] = await system.db.dataSource.query('SELECT bio FROM mentor_applications WHERE id = ?', [created.body.id]);
      expect(row.bio).toBe('第一段\n\t第二段\n第三段');
      for (const bio of ['响铃\u0007', '回车\r', '反转\u202d']) {
        const response = await postMentor(nextMentor({ bio })).expect(400);
        expect(response.body.errors).toEqual([{ field: 'bio', rule: 'characters' }]);
        expect(response.body.message).toEqual(['bio must not contain control characters other than line breaks and tabs or bidirectional-override characters']);
      }
      const statement = await postStudent(nextStudent({ statement: '\u0000' })).expect(400);
      expect(statement.body.errors).toEqual([{ field: 'statement', rule: 'characters' }]);
    });

    it('the cohort name is one line, its description multi-line', async () => {
      const name = await system.http().post('/api/cohorts').set(system.coordinator).send({ name: '第3期\u202e' }).expect(400);
      expect(name.body.errors).toEqual([{ field: 'name', rule: 'characters' }]);
      await system.http().post('/api/cohorts').set(system.coordinator).send({ name: '第3期\n第4期' }).expect(400);
      await system.http().post('/api/cohorts').set(system.coordinator).send({ name: '第3期', description: '第一段\n\t第二段' }).expect(201);
      const description = await system.http().post('/api/cohorts').set(system.coordinator).send({ name: '第3期', description: '说明\u0000' }).expect(400);
      expect(description.body.errors).toEqual([{ field: 'description', rule: 'characters' }]);
    });

    it('a decline note may span lines but holds no controls', async () => {
      const response = await system.http().post('/api/me/proposals/999999/decline').set(bearer(mentor.accessToken)).send({ reason: 'other', note: '抱歉\u0000' }).expect(400);
      expect(response.body.errors).toEqual([{ field: 'note', rule: 'characters' }]);
      await system.http().post('/api/me/proposals/999999/decline').set(bearer(mentor.accessToken)).send({ reason: 'other', note: '抱歉\n时间冲突' }).expect(404);
    });
  });

  describe('response headers', () => {
    it('over plain HTTP: no upgrade-insecure-requests in the policy and no HSTS', async () => {
      for (const path of ['/', '/api/public/cohorts', '/docs']) {
        const response = await system.http().get(path);
        expect(response.status).toBeLessThan(400);
        expect(response.headers['content-security-policy'] ?? '').not.toContain('upgrade-insecure-requests');
        expect(response.headers['strict-transport-security']).toBeUndefined();
      }
      const page = await system.http().get('/').expect(200);
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    });

    it('Cache-Control: no-store on every API response, errors and the 201 of an application included', async () => {
      const responses: Array<[string, { headers: Record<string, string> }]> = [
        ['public cohorts', await system.http().get('/api/public/cohorts').expect(200)],
        ['me', await system.http().get('/api/me').set(bearer(student.accessToken)).expect(200)],
        ['my proposals', await system.http().get('/api/me/proposals').set(bearer(mentor.accessToken)).expect(200)],
        ['cohorts', await system.http().get('/api/cohorts').set(system.coordinator).expect(200)],
        ['applications', await system.http().get(`/api/cohorts/${cohortId}/student-applications`).set(system.coordinator).expect(200)],
        ['201', await postStudent(nextStudent()).expect(201)],
        ['400', await postStudent({}).expect(400)],
        ['401', await system.http().get('/api/me').expect(401)],
        ['404', await system.http().get('/api/no-such-route').expect(404)],
        ['bad JSON', await postRaw('/api/cohorts', '{"name":').expect(400)],
        ['too deep', await postRaw('/api/cohorts', '[[[[[[[[[[]]]]]]]]]]').expect(400)],
        ['docs-json', await system.http().get('/docs-json').expect(200)],
      ];
      for (const [what, response] of responses) expect([what, response.headers['cache-control']]).toEqual([what, 'no-store']);
      // Pages and assets keep their own caching.
      expect((await system.http().get('/').expect(200)).headers['cache-control']).toBe('no-cache');
    });

    it('the queue dashboard sends no X-Powered-By', async () => {
      const basic = `Basic ${Buffer.from(`anyone:${system.coordinator.Authorization.slice('Bearer '.length)}`).toString('base64')}`;
      const responses = [
        await system.http().get('/admin/queues').expect(401),
        await system.http().get('/admin/queues').set('Authorization', basic).expect(200),
        await system.http().get('/admin/queues/api/queues').set(system.coordinator).expect(200),
      ];
      for (const response of responses) expect(response.headers['x-powered-by']).toBeUndefined();
      expect(responses[2].headers['cache-control']).toBe('no-store');
    });
  });

  describe('served over https, with a small write limit', () => {
    let strict: TestSystem;

    beforeAll(async () => {
      strict = await startSystem({ name: 'hardening_https', worker: false, env: { PUBLIC_URL: 'https://match.example.cn', PUBLIC_POST_RATE_LIMIT: '3' } });
    });

    afterAll(async () => {
      await strict?.stop();
    });

    it('sends upgrade-insecure-requests and HSTS', async () => {
      const page = await strict.http().get('/').expect(200);
      expect(page.headers['content-security-policy']).toContain('upgrade-insecure-requests');
      expect(page.headers['strict-transport-security']).toMatch(/max-age=\d+/);
      expect((await strict.http().get('/docs-json').expect(200)).headers['strict-transport-security']).toMatch(/max-age=\d+/);
    });

    it('answers the 4th write of an applicant token in a minute with 429, on each of the four writes; reads go on', async () => {
      const openCohort = await createOpenCohort(strict);
      const theMentor = await applyMentor(strict, openCohort, {}, 0);
      await approve(strict, openCohort, 'mentor', [theMentor.id]);
      const theStudent = await applyStudent(strict, openCohort, [], {}, 0);
      const asStudent = bearer(theStudent.accessToken);
      const asMentor = bearer(theMentor.accessToken);
      const writes: Array<[string, () => import('supertest').Test]> = [
        ['choices', () => strict.http().put('/api/me/choices').set(asStudent).send({ choices: [theMentor.id] })],
        ['accept', () => strict.http().post('/api/me/proposals/999999/accept').set(asMentor)],
        ['decline', () => strict.http().post('/api/me/proposals/999999/decline').set(asMentor).send({ reason: 'other' })],
        ['withdraw', () => strict.http().post('/api/me/withdraw').set(asStudent)],
      ];
      for (const [name, write] of writes) {
        for (let attempt = 1; attempt <= 3; attempt += 1) expect([name, attempt, (await write()).status]).not.toEqual([name, attempt, 429]);
        const refused = await write();
        expect([name, refused.status]).toEqual([name, 429]);
        expect(refused.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
        expect(refused.headers['cache-control']).toBe('no-store');
      }
      await strict.http().get('/api/me').set(asStudent).expect(200);
      await strict.http().get('/api/me/proposals').set(asMentor).expect(200);
    });
  });
});
