import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { applyMentor, applyStudent, approve, createCohort, createOpenCohort } from './support/factories';
import { freePort, ROOT, serviceUrls, startSystem, TestSystem } from './support/system';

/** Operations and the coordinator's cohort lifecycle: one API against a fresh database. */
const CLI = join(ROOT, 'dist/apps/api/apps/api/src/cli.js');
const API_MAIN = join(ROOT, 'dist/apps/api/apps/api/src/main.js');

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runNode(script: string, args: string[], env: Record<string, string>, timeoutMs = 30_000): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} ${args.join(' ')} did not exit within ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('foundation', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startSystem({ name: 'foundation', worker: false });
  });

  afterAll(async () => {
    await system?.stop();
  });

  describe('operations', () => {
    it('reports the database and Redis up on /health', async () => {
      const response = await system.http().get('/health').expect(200);
      expect(response.body.status).toBe('ok');
      expect(response.body.info).toEqual({ database: expect.objectContaining({ status: 'up' }), redis: expect.objectContaining({ status: 'up' }) });
    });

    it('serves the OpenAPI UI on /docs and the document on /docs-json', async () => {
      const page = await system.http().get('/docs').redirects(1).expect(200);
      expect(page.text).toContain('swagger-ui');
      const document = await system.http().get('/docs-json').expect(200);
      expect(document.body.openapi).toMatch(/^3\./);
      expect(Object.keys(document.body.paths)).toEqual(expect.arrayContaining([
        '/api/public/cohorts', '/api/cohorts/{cohortId}/student-applications', '/api/me/choices', '/api/cohorts/{cohortId}/open',
      ]));
    });

    it('sends the security headers and hides the framework', async () => {
      const response = await system.http().get('/api/public/cohorts').expect(200);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
      // This system's PUBLIC_URL is plain http: HSTS is sent only behind https (test/hardening.e2e-spec.ts has both).
      expect(response.headers['strict-transport-security']).toBeUndefined();
      expect(response.headers['content-security-policy']).toContain("script-src 'self'");
      expect(response.headers['x-powered-by']).toBeUndefined();
    });

    it('echoes a sane X-Request-Id and makes one up otherwise', async () => {
      const echoed = await system.http().get('/health').set('X-Request-Id', 'e2e-trace-42').expect(200);
      expect(echoed.headers['x-request-id']).toBe('e2e-trace-42');
      const invented = await system.http().get('/health').set('X-Request-Id', 'not sane; <script>').expect(200);
      expect(invented.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('refuses to boot with an invalid REDIS_URL and names the variable', async () => {
      const { code, stderr } = await runNode(API_MAIN, [], { DATABASE_URL: system.db.url, REDIS_URL: 'nope', PORT: String(await freePort()) });
      expect(code).not.toBe(0);
      expect(stderr).toContain('REDIS_URL');
    });
  });

  describe('coordinator tokens from the command line', () => {
    const cli = (...args: string[]) => runNode(CLI, args, { DATABASE_URL: system.db.url, REDIS_URL: serviceUrls().redisUrl });

    it('prints a token once that then authorises coordinator routes, and refuses a second coordinator with the same email', async () => {
      const created = await cli('coordinator:create', '--name', '王老师', '--email', 'wang@example.cn');
      expect(created.code).toBe(0);
      const token = created.stdout.trim();
      expect(token).toMatch(/^c_[\w-]{40,}$/);
      expect(created.stderr).toContain('王老师');

      await system.http().get('/api/cohorts').set('Authorization', `Bearer ${token}`).expect(200);
      const stored: Array<{ token_hash: string; role: string }> = await system.db.dataSource.query(
        'SELECT token_hash, role FROM staff_tokens JOIN staff ON staff.id = staff_tokens.staff_id WHERE email = ?', ['wang@example.cn'],
      );
      expect(stored).toEqual([{ token_hash: expect.any(String), role: 'admin' }]);
      expect(stored[0].token_hash).not.toContain(token);

      const again = await cli('coordinator:create', '--name', '王老师', '--email', 'WANG@example.cn');
      expect(again.code).not.toBe(0);
      expect(again.stderr).toContain('already exists');
      expect(again.stdout).toBe('');
    });

    it('rejects coordinator:create without a valid email', async () => {
      const result = await cli('coordinator:create', '--name', '李老师', '--email', 'not-an-email');
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('--email');
    });
  });

  describe('coordinator cohorts', () => {
    it('creates a draft cohort with the contract defaults', async () => {
      const response = await system.http().post('/api/cohorts').set(system.coordinator).send({ name: '第4期 师友计划', description: '面向 2025 级 🎓' }).expect(201);
      expect(response.body).toMatchObject({
        name: '第4期 师友计划', description: '面向 2025 级 🎓', status: 'draft', maxChoices: 5, responseWindowHours: 72, fillWithScores: true, autoRounds: false,
      });
      expect(response.body.id).toEqual(expect.any(Number));
    });

    it('lists cohorts of every status, newest first', async () => {
      const draft = await createCohort(system, { name: '草稿期' });
      const open = await createOpenCohort(system, { name: '开放期' });
      const response = await system.http().get('/api/cohorts').set(system.coordinator).expect(200);
      const ids = response.body.map((cohort: { id: number }) => cohort.id);
      expect(ids.indexOf(open)).toBeLessThan(ids.indexOf(draft));
      expect(response.body.find((cohort: { id: number }) => cohort.id === open).status).toBe('open');
    });

    it('shows a cohort with its application counts by status', async () => {
      const cohortId = await createOpenCohort(system);
      const mentors = [await applyMentor(system, cohortId, {}, 0), await applyMentor(system, cohortId, {}, 1)];
      await approve(system, cohortId, 'mentor', [mentors[0].id]);
      await applyStudent(system, cohortId, [mentors[0].id], {}, 0);
      const response = await system.http().get(`/api/cohorts/${cohortId}`).set(system.coordinator).expect(200);
      expect(response.body).toMatchObject({ id: cohortId, status: 'open' });
      expect(response.body.counts).toEqual({ mentors: { approved: 1, submitted: 1 }, students: { submitted: 1 }, matches: {}, rounds: 0 });
    });

    it('updates settings with PATCH and rejects bad or unknown settings', async () => {
      const cohortId = await createCohort(system);
      const updated = await system.http().patch(`/api/cohorts/${cohortId}`).set(system.coordinator).send({ name: '第3期（修订）', maxChoices: 3, autoRounds: true }).expect(200);
      expect(updated.body).toMatchObject({ id: cohortId, name: '第3期（修订）', maxChoices: 3, autoRounds: true, status: 'draft' });
      const bad = await system.http().patch(`/api/cohorts/${cohortId}`).set(system.coordinator).send({ maxChoices: 11, status: 'open' }).expect(400);
      expect(bad.body.message).toEqual(expect.arrayContaining([expect.stringContaining('maxChoices'), 'property status should not exist']));
      const detail = await system.http().get(`/api/cohorts/${cohortId}`).set(system.coordinator).expect(200);
      expect(detail.body).toMatchObject({ maxChoices: 3, status: 'draft' });
    });

    it('moves a cohort draft → open → closed → archived and refuses transitions out of order with 409', async () => {
      const cohortId = await createCohort(system);
      const post = (action: string) => system.http().post(`/api/cohorts/${cohortId}/${action}`).set(system.coordinator);
      expect((await post('close').expect(409)).body.message).toContain('draft');
      await post('archive').expect(409);
      expect((await post('open').expect(200)).body.status).toBe('open');
      await post('open').expect(409);
      expect((await post('close').expect(200)).body.status).toBe('closed');
      await post('open').expect(409);
      expect((await post('archive').expect(200)).body.status).toBe('archived');
      await system.http().patch(`/api/cohorts/${cohortId}`).set(system.coordinator).send({ name: '改不了' }).expect(409);
    });

    it('answers 404 for a cohort that does not exist and 400 for an id that is not one', async () => {
      await system.http().get('/api/cohorts/999999').set(system.coordinator).expect(404);
      await system.http().post('/api/cohorts/999999/open').set(system.coordinator).expect(404);
      await system.http().patch('/api/cohorts/999999').set(system.coordinator).send({ name: 'x' }).expect(404);
      const bad = await system.http().get('/api/cohorts/abc').set(system.coordinator).expect(400);
      expect(bad.body.message).toEqual(['cohortId must be a positive integer']);
    });

    it('names every bad field of a new cohort', async () => {
      const response = await system.http().post('/api/cohorts').set(system.coordinator)
        .send({ name: '', maxChoices: 0, responseWindowHours: 'soon', fillWithScores: 'yes', weights: { topics: 99 }, colour: 'red' }).expect(400);
      const message: string[] = response.body.message;
      for (const field of ['name', 'maxChoices', 'responseWindowHours', 'fillWithScores', 'weights.topics', 'weights.industry', 'property colour should not exist']) {
        expect(message.some((line) => line.includes(field))).toBe(true);
      }
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    });
  });
});
