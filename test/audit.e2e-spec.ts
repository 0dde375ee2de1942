import { AUDIT_ACTIONS, AuditEntryView, AuditPage, SURVEY_TEMPLATES } from '@app/contracts';
import ExcelJS from 'exceljs';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { applyMentor, applyStudent } from './support/factories';
import { startSystemWithSink } from './support/mail';
import { accept, runRound } from './support/rounds';
import { ARTIFACTS, ROOT, serviceUrls, TestSystem, waitFor } from './support/system';

/**
 * DESIGN §10's audit against the built API and worker: each kind of staff write leaves one entry naming the staff
 * member (a coordinator made with the CLI, and the bootstrap token), the action, the cohort and the target; a write
 * that fails leaves none; the list filters and pages newest first; the export is the same list; and a write whose
 * entry cannot be stored still answers, with the entry in the API's error log.
 */
const CLI = join(ROOT, 'dist/apps/api/apps/api/src/cli.js');
const WANG = { name: '王老师', email: 'wang.audit@shiyou-e2e.example.edu' };

let system: TestSystem;
let stop: (() => Promise<void>) | undefined;
let wang: { Authorization: string };
let wangId: number;

beforeAll(async () => {
  ({ system, stop } = await startSystemWithSink('audit'));
  const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'coordinator:create', '--name', WANG.name, '--email', WANG.email], {
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: system.db.url, REDIS_URL: serviceUrls().redisUrl },
  });
  wang = { Authorization: `Bearer ${stdout.trim()}` };
  [{ id: wangId }] = await system.db.dataSource.query('SELECT id FROM staff WHERE email = ?', [WANG.email]);
}, 120_000);

afterAll(async () => {
  await stop?.();
}, 30_000);

const audit = async (query: Record<string, string | number>): Promise<AuditPage> =>
  (await system.http().get('/api/audit').query(query).set(system.coordinator).expect(200)).body;
const entriesOf = async (cohortId: number): Promise<AuditEntryView[]> => (await audit({ cohortId, pageSize: 200 })).entries;
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

describe('audit e2e', () => {
  it('records each kind of staff write once, with who, what, the cohort and the target; failed writes and reads record nothing', async () => {
    const http = () => system.http();
    const cohortId = (await http().post('/api/cohorts').set(wang).send({ name: '第7期 审计', fillWithScores: false }).expect(201)).body.id as number;
    await http().patch(`/api/cohorts/${cohortId}`).set(wang).send({ maxChoices: 3, responseWindowHours: 48 }).expect(200);
    await http().post(`/api/cohorts/${cohortId}/open`).set(wang).expect(200);
    const m1 = await applyMentor(system, cohortId, { email: 'audit.m1@shiyou-e2e.example.cn', capacity: 2 }, 1);
    const m2 = await applyMentor(system, cohortId, { email: 'audit.m2@shiyou-e2e.example.cn', capacity: 2 }, 2);
    await http().post(`/api/cohorts/${cohortId}/mentor-applications/review`).set(wang).send({ ids: [m1.id, m2.id], decision: 'approved', note: '同意' }).expect(200);
    const s1 = await applyStudent(system, cohortId, [m1.id], { email: 'audit.s1@shiyou-e2e.example.cn' }, 1);
    const s2 = await applyStudent(system, cohortId, [m2.id], { email: 'audit.s2@shiyou-e2e.example.cn' }, 2);
    await http().post(`/api/cohorts/${cohortId}/student-applications/review`).set(system.coordinator).send({ ids: [s1.id, s2.id], decision: 'approved' }).expect(200);

    // A failed write and a read record nothing.
    await http().post(`/api/cohorts/${cohortId}/archive`).set(wang).expect(409);
    await http().get(`/api/cohorts/${cohortId}`).set(wang).expect(200);

    const round = await runRound(system, cohortId, { dryRun: true, seed: 7 });
    const proposal = (await http().post(`/api/cohorts/${cohortId}/matches`).set(wang).send({ studentId: s1.id, mentorId: m1.id }).expect(201)).body.id as number;
    await http().post(`/api/matches/${proposal}/cancel`).set(wang).send({ reason: '学生另有安排' }).expect(200);
    const pair = (await http().post(`/api/cohorts/${cohortId}/matches`).set(wang).send({ studentId: s2.id, mentorId: m2.id }).expect(201)).body.id as number;
    await accept(system, m2, pair).expect(200);
    await http().post(`/api/matches/${pair}/end`).set(wang).send({ reason: 'no_time' }).expect(200);

    const survey = (await http().post(`/api/cohorts/${cohortId}/surveys`).set(wang).send({ ...SURVEY_TEMPLATES.final, closesAt: inDays(7) }).expect(201)).body.id as number;
    await http().put(`/api/surveys/${survey}`).set(wang).send({ ...SURVEY_TEMPLATES.final, audience: 'students', closesAt: inDays(8) }).expect(200);
    await http().post(`/api/surveys/${survey}/publish`).set(wang).expect(200);
    const announcement = (await http().post(`/api/cohorts/${cohortId}/announcements`).set(wang)
      .send({ subject: { zh: '分享会' }, body: { zh: '周六见。' }, audience: 'all' }).expect(202)).body.id as number;

    // A coordinator retries a failed email (made failed here: the sink accepts everything).
    const [{ id: notificationId }] = await system.db.dataSource.query(
      "SELECT id FROM notifications WHERE cohort_id = ? AND type = 'application_received' ORDER BY id LIMIT 1", [cohortId]);
    await waitFor('the first email sent', async () => (await system.db.dataSource.query('SELECT status FROM notifications WHERE id = ?', [notificationId]))[0].status === 'sent');
    await system.db.dataSource.query("UPDATE notifications SET status = 'failed' WHERE id = ?", [notificationId]);
    await http().post(`/api/notifications/${notificationId}/retry`).set(wang).expect(200);

    await http().post(`/api/cohorts/${cohortId}/close`).set(wang).expect(200);
    await http().post(`/api/cohorts/${cohortId}/reopen`).set(wang).expect(200);
    await http().post(`/api/cohorts/${cohortId}/close`).set(wang).expect(200);
    await http().post(`/api/cohorts/${cohortId}/complete`).set(wang).expect(200);
    await http().post(`/api/cohorts/${cohortId}/archive`).set(wang).expect(200);

    const entries = await entriesOf(cohortId);
    const rows = entries.map(({ staffId, staffName, action, cohortId: cohort, target, summary }) => ({ staffId, staffName, action, cohortId: cohort, target, summary }));
    const byWang = { staffId: wangId, staffName: WANG.name, cohortId };
    // Newest first: the list reads bottom-up as the test above.
    expect(rows.reverse()).toEqual([
      { ...byWang, action: 'create_cohort', target: `cohort:${cohortId}`, summary: '创建「第7期 审计」' },
      { ...byWang, action: 'update_cohort', target: `cohort:${cohortId}`, summary: '修改 maxChoices、responseWindowHours' },
      { ...byWang, action: 'open_cohort', target: `cohort:${cohortId}`, summary: '状态改为 报名中' },
      { ...byWang, action: 'review_applications', target: `mentor-applications:${m1.id},${m2.id}`, summary: '通过 2 份师友申请，2 份状态改变，附审核意见' },
      { staffId: null, staffName: 'COORDINATOR_TOKEN', cohortId, action: 'review_applications', target: `student-applications:${s1.id},${s2.id}`, summary: '通过 2 份生友申请，2 份状态改变' },
      { staffId: null, staffName: 'COORDINATOR_TOKEN', cohortId, action: 'request_round', target: `round:${round.id}`, summary: '第 1 轮（预览），种子 7' },
      { ...byWang, action: 'propose_match', target: `match:${proposal}`, summary: `生友 #${s1.id} → 师友 #${m1.id}` },
      { ...byWang, action: 'cancel_match', target: `match:${proposal}`, summary: `取消 生友 #${s1.id} → 师友 #${m1.id}` },
      { ...byWang, action: 'propose_match', target: `match:${pair}`, summary: `生友 #${s2.id} → 师友 #${m2.id}` },
      { ...byWang, action: 'end_pair', target: `match:${pair}`, summary: '结束，原因 no_time' },
      { ...byWang, action: 'create_survey', target: `survey:${survey}`, summary: `创建问卷「${SURVEY_TEMPLATES.final.title.zh}」（对象 ${SURVEY_TEMPLATES.final.audience}）` },
      { ...byWang, action: 'update_survey', target: `survey:${survey}`, summary: `修改问卷「${SURVEY_TEMPLATES.final.title.zh}」（对象 students）` },
      { ...byWang, action: 'publish_survey', target: `survey:${survey}`, summary: `发布问卷「${SURVEY_TEMPLATES.final.title.zh}」（对象 students，邀请 1 人）` },
      { ...byWang, action: 'create_announcement', target: `announcement:${announcement}`, summary: '「分享会」发给 all，4 人' },
      { ...byWang, action: 'retry_notification', target: `notification:${notificationId}`, summary: '重发 application_received 邮件' },
      { ...byWang, action: 'close_cohort', target: `cohort:${cohortId}`, summary: '状态改为 已截止' },
      { ...byWang, action: 'reopen_cohort', target: `cohort:${cohortId}`, summary: '状态改为 报名中' },
      { ...byWang, action: 'close_cohort', target: `cohort:${cohortId}`, summary: '状态改为 已截止' },
      { ...byWang, action: 'complete_cohort', target: `cohort:${cohortId}`, summary: '结业：0 对师友关系完成' },
      { ...byWang, action: 'archive_cohort', target: `cohort:${cohortId}`, summary: '状态改为 已归档' },
    ]);
    // Summaries carry ids, never the applicants' names or what the coordinator wrote.
    const text = JSON.stringify(entries);
    for (const secret of ['学生另有安排', '同意', 'audit.s1@']) expect(text).not.toContain(secret);
  }, 180_000);

  it('filters by cohort, staff member, action and time, pages newest first, and refuses bad filters naming them', async () => {
    const http = () => system.http();
    const mine = (await http().post('/api/cohorts').set(wang).send({ name: '第8期 筛选' }).expect(201)).body.id as number;
    const theirs = (await http().post('/api/cohorts').set(system.coordinator).send({ name: '第8期 其他' }).expect(201)).body.id as number;
    for (let index = 0; index < 3; index += 1) await http().patch(`/api/cohorts/${mine}`).set(wang).send({ maxChoices: index + 1 }).expect(200);
    await http().patch(`/api/cohorts/${theirs}`).set(system.coordinator).send({ maxChoices: 2 }).expect(200);

    const all = await audit({ cohortId: mine });
    expect(all.total).toBe(4);
    expect(all.entries.map((entry) => entry.action)).toEqual(['update_cohort', 'update_cohort', 'update_cohort', 'create_cohort']);
    expect(all.entries.map((entry) => entry.id)).toEqual([...all.entries.map((entry) => entry.id)].sort((a, b) => b - a));

    const paged = await audit({ cohortId: mine, pageSize: 3, page: 2 });
    expect(paged).toMatchObject({ total: 4, page: 2, pageSize: 3 });
    expect(paged.entries.map((entry) => entry.id)).toEqual([all.entries[3].id]);

    expect((await audit({ cohortId: mine, action: 'create_cohort' })).entries.map((entry) => entry.target)).toEqual([`cohort:${mine}`]);
    const byStaff = await audit({ staffId: wangId, pageSize: 200 });
    expect(byStaff.entries.every((entry) => entry.staffId === wangId)).toBe(true);
    expect(byStaff.entries.some((entry) => entry.cohortId === theirs)).toBe(false);

    const first = new Date(all.entries[3].at);
    const window = await audit({ cohortId: mine, from: first.toISOString(), to: new Date(first.getTime() + 1).toISOString() });
    expect(window.entries.map((entry) => entry.id)).toEqual([all.entries[3].id]);
    expect((await audit({ cohortId: mine, from: new Date(Date.now() + 60_000).toISOString() })).total).toBe(0);

    const refused = (await http().get('/api/audit').query({ action: 'drop_tables', from: 'yesterday', pageSize: 0 }).set(wang).expect(400)).body;
    expect(refused.errors.map((error: { field: string }) => error.field).sort()).toEqual(['action', 'from', 'pageSize']);
    await http().get('/api/audit').expect(401);
    await http().get('/api/audit/export').expect(401);

    // The export: the same entries, in words and China time.
    const csv = await http().get('/api/audit/export').query({ cohortId: mine, format: 'csv' }).set(wang).expect(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('时间（北京时间）,工作人员,工作人员编号,操作,期次编号,对象,摘要');
    expect(lines.slice(1).map((line) => line.split(',')[3])).toEqual([...Array(3).fill(AUDIT_ACTIONS.update_cohort.zh), AUDIT_ACTIONS.create_cohort.zh]);
    expect(lines[1]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} \+08:00,王老师,/);

    const xlsx = await fetch(`${system.apiUrl}/api/audit/export?cohortId=${mine}&lang=en`, { headers: wang });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('Audit log')!;
    expect(sheet.getRow(1).getCell(4).value).toBe('Action');
    expect(sheet.rowCount).toBe(5);
    expect(sheet.getRow(5).getCell(4).value).toBe(AUDIT_ACTIONS.create_cohort.en);
  }, 120_000);

  it('a write whose entry cannot be stored still answers, and the entry is in the error log', async () => {
    const cohortId = (await system.http().post('/api/cohorts').set(wang).send({ name: '第9期 日志' }).expect(201)).body.id as number;
    await system.db.dataSource.query('RENAME TABLE audit_entries TO audit_entries_away');
    try {
      const opened = await system.http().post(`/api/cohorts/${cohortId}/open`).set(wang).expect(200);
      expect(opened.body.status).toBe('open');
    } finally {
      await system.db.dataSource.query('RENAME TABLE audit_entries_away TO audit_entries');
    }
    const log = join(ARTIFACTS, 'logs', 'audit-api.log');
    const line = await waitFor('the lost entry in the log', async () => readFileSync(log, 'utf8').split('\n').find((text) => text.includes('Audit entry lost') && text.includes(`cohort:${cohortId}`)));
    expect(line).toContain('"level":"error"');
    expect(line).toContain('open_cohort');
    expect((await entriesOf(cohortId)).map((entry) => entry.action)).toEqual(['create_cohort']);
  }, 60_000);
});
