import { QUEUE } from '@app/domain';
import { Applicant, applyMentor, applyStudent, approve, createOpenCohort, sampleMentor, sampleStudent } from './support/factories';
import { startSystem, TestSystem } from './support/system';

/** Who may read and change what, input limits, and the rate limit on public POSTs. */
describe('security', () => {
  let system: TestSystem;
  let cohortId: number;
  let mentor: Applicant;
  let alice: Applicant;
  let bob: Applicant;

  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

  beforeAll(async () => {
    system = await startSystem({ name: 'security', worker: false });
    cohortId = await createOpenCohort(system);
    mentor = await applyMentor(system, cohortId, {}, 0);
    await approve(system, cohortId, 'mentor', [mentor.id]);
    alice = await applyStudent(system, cohortId, [mentor.id], {}, 0);
    bob = await applyStudent(system, cohortId, [], {}, 1);
  });

  afterAll(async () => {
    await system?.stop();
  });

  describe('applicant access tokens', () => {
    it('read only their own application', async () => {
      const aliceView = await system.http().get('/api/me').set(bearer(alice.accessToken)).expect(200);
      expect(aliceView.body.application.id).toBe(alice.id);
      expect(aliceView.body.application.email).toBe(sampleStudent(0, []).email);
      expect(aliceView.text).not.toContain(sampleStudent(1, []).email);
      expect(aliceView.text).not.toContain(sampleStudent(1, []).studentNumber);
      expect(aliceView.text).not.toContain(sampleMentor(0).email);

      const bobView = await system.http().get('/api/me').set(bearer(bob.accessToken)).expect(200);
      expect(bobView.body.application.id).toBe(bob.id);
      expect(bobView.text).not.toContain(sampleStudent(0, []).email);
    });

    it('change only their own choices', async () => {
      await system.http().put('/api/me/choices').set(bearer(bob.accessToken)).send({ choices: [mentor.id] }).expect(200);
      const aliceView = await system.http().get('/api/me').set(bearer(alice.accessToken)).expect(200);
      const [aliceChoices, bobChoices] = await Promise.all([alice.id, bob.id].map((id) => system.db.dataSource.query('SELECT mentor_id FROM student_choices WHERE student_id = ? ORDER BY `rank`', [id])));
      expect(bobChoices.map((row: { mentor_id: number }) => row.mentor_id)).toEqual([mentor.id]);
      expect(aliceChoices.map((row: { mentor_id: number }) => row.mentor_id)).toEqual(aliceView.body.application.choices);
    });

    it('do not let a mentor rank mentors (403)', async () => {
      const response = await system.http().put('/api/me/choices').set(bearer(mentor.accessToken)).send({ choices: [] }).expect(403);
      expect(response.body.message).toContain('Only students');
    });

    it('do not let a student answer proposals (403)', async () => {
      await system.http().post('/api/me/proposals/1/accept').set(bearer(alice.accessToken)).expect(403);
    });

    it('are refused when missing, unknown or of another kind (401)', async () => {
      await system.http().get('/api/me').expect(401);
      await system.http().get('/api/me').set(bearer(`s_${'A'.repeat(43)}`)).expect(401);
      await system.http().get('/api/me').set(bearer(alice.accessToken.slice(0, -1))).expect(401);
      await system.http().get('/api/me').set(bearer(`m_${alice.accessToken.slice(2)}`)).expect(401);
      await system.http().get('/api/me').set('Authorization', alice.accessToken).expect(401);
      await system.http().put('/api/me/choices').set(bearer('s_forged')).send({ choices: [] }).expect(401);
      await system.http().post('/api/me/withdraw').set(bearer(system.coordinator.Authorization.slice(7))).expect(401);
    });

    it('are stored only as hashes', async () => {
      const rows: Array<{ token_hash: string }> = await system.db.dataSource.query('SELECT token_hash FROM applicant_tokens');
      expect(rows.length).toBeGreaterThanOrEqual(3);
      for (const row of rows) {
        expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
        for (const token of [alice.accessToken, bob.accessToken, mentor.accessToken]) expect(row.token_hash).not.toContain(token.slice(2));
      }
    });
  });

  describe('coordinator routes', () => {
    const routes: Array<[string, string]> = [
      ['get', '/api/cohorts'],
      ['post', '/api/cohorts'],
      ['get', '/api/cohorts/1'],
      ['patch', '/api/cohorts/1'],
      ['post', '/api/cohorts/1/open'],
      ['get', '/api/cohorts/1/student-applications'],
      ['post', '/api/cohorts/1/mentor-applications/review'],
    ];

    it.each(routes)('%s %s answers 401 without a token, with a wrong one, and with an applicant token', async (method, path) => {
      const call = () => (system.http() as unknown as Record<string, (path: string) => import('supertest').Test>)[method](path);
      expect((await call().expect(401)).body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
      await call().set(bearer('e2e-coordinator-token-wrong')).expect(401);
      await call().set(bearer(alice.accessToken)).expect(401);
      await call().set('Authorization', `Basic ${Buffer.from('admin:admin').toString('base64')}`).expect(401);
    });

    it('guard the queue dashboard: 401 without a coordinator token, open with one as the Basic-auth password', async () => {
      for (const path of ['/admin/queues', '/admin/queues/api/queues']) {
        const refused = await system.http().get(path).expect(401);
        expect(refused.headers['www-authenticate']).toMatch(/^Basic /);
        await system.http().get(path).set(bearer(alice.accessToken)).expect(401);
      }
      const basic = `Basic ${Buffer.from(`anyone:${system.coordinator.Authorization.slice('Bearer '.length)}`).toString('base64')}`;
      const page = await system.http().get('/admin/queues').set('Authorization', basic).expect(200);
      expect(page.text).toContain('<html');
      const queues = await system.http().get('/admin/queues/api/queues').set(system.coordinator).expect(200);
      expect(queues.body.queues.map((queue: { name: string }) => queue.name).sort()).toEqual(Object.values(QUEUE).sort());
    });

    it('do not let a disabled staff member or a revoked token in', async () => {
      const { createHash } = await import('node:crypto');
      const hash = (token: string) => createHash('sha256').update(token).digest('hex');
      const [disabled, revoked, working] = ['disabled', 'revoked', 'working'].map((kind) => `c_${kind}-token-for-the-security-suite-000000`);
      const insertStaff = async (email: string, disabledAt: string | null) => {
        const result = await system.db.dataSource.query("INSERT INTO staff (name, email, role, disabled_at) VALUES ('离职老师', ?, 'admin', ?)", [email, disabledAt]);
        return result.insertId as number;
      };
      const gone = await insertStaff('gone@example.cn', '2026-11-01 00:00:00');
      const here = await insertStaff('here@example.cn', null);
      await system.db.dataSource.query("INSERT INTO staff_tokens (staff_id, label, token_hash, revoked_at) VALUES (?, 'a', ?, NULL), (?, 'b', ?, NOW(3)), (?, 'c', ?, NULL)", [
        gone, hash(disabled), here, hash(revoked), here, hash(working),
      ]);
      await system.http().get('/api/cohorts').set(bearer(disabled)).expect(401);
      await system.http().get('/api/cohorts').set(bearer(revoked)).expect(401);
      await system.http().get('/api/cohorts').set(bearer(working)).expect(200);
    });
  });

  describe('input limits', () => {
    it('refuses a body over 100 kB with 413 and stores nothing', async () => {
      const before = Number((await system.db.dataSource.query('SELECT COUNT(*) AS n FROM mentor_applications'))[0].n);
      const huge = { ...sampleMentor(40), bio: '很长的简介'.repeat(8000) };
      expect(Buffer.byteLength(JSON.stringify(huge))).toBeGreaterThan(100 * 1024);
      const response = await system.http().post(`/api/cohorts/${cohortId}/mentor-applications`).send(huge).expect(413);
      expect(response.body).toEqual({ statusCode: 413, message: 'Request body is larger than 100 kB', error: 'Payload Too Large' });
      await system.http().post('/api/cohorts').set(system.coordinator).send({ name: 'big', description: 'x'.repeat(120 * 1024) }).expect(413);
      expect(Number((await system.db.dataSource.query('SELECT COUNT(*) AS n FROM mentor_applications'))[0].n)).toBe(before);
    });

    it('answers malformed JSON with a 400 that leaks no internals', async () => {
      const response = await system.http().post(`/api/cohorts/${cohortId}/student-applications`).set('Content-Type', 'application/json').send('{"name": "张伟",').expect(400);
      expect(response.body).toEqual({ statusCode: 400, message: ['body must be valid JSON'], error: 'Bad Request' });
      expect(response.text).not.toMatch(/at \S+ \(|node_modules|SyntaxError/);
    });

    it('answers an id beyond the column range with 400, not a database error', async () => {
      const response = await system.http().get('/api/public/cohorts/99999999999/mentors').expect(400);
      expect(response.body.message).toEqual(['cohortId must be a positive integer']);
    });
  });

  describe('rate limit on public POSTs', () => {
    let limited: TestSystem;

    beforeAll(async () => {
      limited = await startSystem({ name: 'security_rate', worker: false, env: { PUBLIC_POST_RATE_LIMIT: '3' } });
    });

    afterAll(async () => {
      await limited?.stop();
    });

    it('answers 429 once a client exceeds the limit on a form, while reads and coordinator routes keep working', async () => {
      const openCohort = await createOpenCohort(limited);
      const apply = (index: number) => limited.http().post(`/api/cohorts/${openCohort}/mentor-applications`).send(sampleMentor(index));
      for (let index = 0; index < 3; index += 1) await apply(index).expect(201);
      const refused = await apply(3).expect(429);
      expect(refused.body.statusCode).toBe(429);
      await limited.http().get('/api/public/cohorts').expect(200);
      await limited.http().get(`/api/cohorts/${openCohort}`).set(limited.coordinator).expect(200);
      const stored = await limited.db.dataSource.query('SELECT COUNT(*) AS n FROM mentor_applications');
      expect(Number(stored[0].n)).toBe(3);
    });
  });
});
