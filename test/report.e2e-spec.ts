import type { CohortReport } from '@app/contracts';
import ExcelJS from 'exceljs';
import { SmtpSink } from '../scripts/smtp-sink';
import { Applicant, applyMentor, applyStudent, approve, createOpenCohort } from './support/factories';
import { startSystemWithSink } from './support/mail';
import { accept, bearer, decline, matchesOf, passDeadlines, runRound } from './support/rounds';
import { TestSystem, waitFor } from './support/system';

/**
 * The cohort report (DESIGN §8) of a cohort driven through everything it counts, by the built API and worker:
 * two rounds, two declines, an expiry, three acceptances, meetings, check-ins answered from their emails, a pair
 * ended, a survey answered, 结业. Each figure is asserted exactly. A check-in "day" lasts CHECK_IN_DAY_MS and the
 * cohort checks in every 4 days, so period 1 comes 20 s after acceptance and period 2 (never reached: the cohort
 * completes first) 40 s after: room for a loaded machine between the two.
 */
const CHECK_IN_DAY_MS = 5_000;
const SUMMARY = '只属于这对师友的见面总结';

let sink: SmtpSink;
let system: TestSystem;
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ system, sink, stop } = await startSystemWithSink('report', { env: { CHECK_IN_DAY_MS: String(CHECK_IN_DAY_MS) } }));
}, 90_000);

afterAll(async () => {
  await stop?.();
}, 30_000);

interface Person extends Applicant {
  email: string;
}

let people = 0;
async function mentor(cohortId: number): Promise<Person> {
  people += 1;
  const email = `report.mentor.${people}@shiyou-e2e.example.cn`;
  const applicant = await applyMentor(system, cohortId, { capacity: 1, email }, people);
  await approve(system, cohortId, 'mentor', [applicant.id]);
  return { ...applicant, email };
}

async function student(cohortId: number, choices: number[], approved = true): Promise<Person> {
  people += 1;
  const email = `report.student.${people}@shiyou-e2e.example.cn`;
  const applicant = await applyStudent(system, cohortId, choices, { email }, people);
  if (approved) await approve(system, cohortId, 'student', [applicant.id]);
  return { ...applicant, email };
}

/** The token of the one check-in email of period 1 the person received. */
async function checkInToken(who: Person): Promise<string> {
  const [mail] = await sink.waitFor((messages) => messages.some((message) => message.to.includes(who.email) && message.subject.includes('第 1 次回访')), 60_000)
    .then((messages) => messages.filter((message) => message.to.includes(who.email) && message.subject.includes('第 1 次回访')));
  const token = /check-in#token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1];
  if (!token) throw new Error(`no check-in link in the mail to ${who.email}`);
  return token;
}

const cell = (sheet: ExcelJS.Worksheet, row: number, column: number) => sheet.getRow(row).getCell(column).value;

describe('the cohort report (real API, worker, MariaDB, Redis and SMTP)', () => {
  it('counts a cohort driven through rounds, declines, an expiry, meetings, check-ins, a survey and 结业 exactly; report.xlsx has its four sheets and no summary', async () => {
    const cohortName = '第5期 师友计划 报告';
    const cohortId = await createOpenCohort(system, { name: cohortName, fillWithScores: false, checkInEveryDays: 4 });
    const [m1, m2, m3, m4, m5, m6] = [await mentor(cohortId), await mentor(cohortId), await mentor(cohortId), await mentor(cohortId), await mentor(cohortId), await mentor(cohortId)];
    const s1 = await student(cohortId, [m1.id]);
    const s2 = await student(cohortId, [m2.id]);
    const s3 = await student(cohortId, [m3.id]);
    const s4 = await student(cohortId, [m4.id, m5.id]);
    await student(cohortId, [m1.id], false);

    // Round 1 proposes each student their first choice; m3 and m4 decline.
    await runRound(system, cohortId);
    const first = await matchesOf(system, cohortId);
    const matchOf = (who: Person, by: Person) => {
      const found = first.find((match) => match.student.id === who.id && match.mentor.id === by.id);
      if (!found) throw new Error(`no proposal of student ${who.id} to mentor ${by.id}`);
      return found.id;
    };
    expect(first).toHaveLength(4);
    await decline(system, m3, matchOf(s3, m3), 'not_a_fit').expect(200);
    await decline(system, m4, matchOf(s4, m4), 'no_capacity').expect(200);
    // Round 2: s4 gets their second choice; s3 has none left. A proposal by hand to m6 expires.
    await runRound(system, cohortId);
    const s4m5 = (await matchesOf(system, cohortId)).find((match) => match.student.id === s4.id && match.mentor.id === m5.id)!.id;
    const manual = (await system.http().post(`/api/cohorts/${cohortId}/matches`).set(system.coordinator).send({ studentId: s3.id, mentorId: m6.id }).expect(201)).body.id as number;
    await passDeadlines(system, [manual]);
    await waitFor('the manual proposal to expire', async () => (await matchesOf(system, cohortId, 'expired')).length === 1);
    // The three acceptances together, so every pair's period 1 falls in the same few seconds.
    const [p1, p2, p3] = [matchOf(s1, m1), matchOf(s2, m2), s4m5];
    await Promise.all([accept(system, m1, p1).expect(200), accept(system, m2, p2).expect(200), accept(system, m5, p3).expect(200)]);
    // Hours to answer known by construction: each proposal made that long before its answer.
    for (const [matchId, hours] of [[p1, 2], [p2, 5], [matchOf(s3, m3), 10], [matchOf(s4, m4), 1], [p3, 30]]) {
      await system.db.dataSource.query('UPDATE matches SET created_at = DATE_SUB(responded_at, INTERVAL ? HOUR) WHERE id = ?', [hours, matchId]);
    }

    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
    const log = (who: Person, matchId: number, minutes: number, mode: string, summary?: string) =>
      system.http().post(`/api/me/pairs/${matchId}/meetings`).set(bearer(who)).send({ heldOn: today, minutes, mode, ...(summary && { summary }) }).expect(201);
    await log(s1, p1, 60, 'video', SUMMARY);
    await log(m1, p1, 90, 'in_person');
    await log(s1, p1, 45, 'phone');
    await log(m2, p2, 45, 'chat');

    const survey = (await system.http().post(`/api/cohorts/${cohortId}/surveys`).set(system.coordinator).send({
      title: { zh: '结业问卷', en: 'Final survey' }, audience: 'both', closesAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
      questions: [
        { id: 'satisfaction', kind: 'rating5', text: { zh: '满意度' }, required: true },
        { id: 'recommend', kind: 'nps', text: { zh: '推荐给同学的可能性' }, required: true },
      ],
    }).expect(201)).body as { id: number };
    await system.http().post(`/api/surveys/${survey.id}/publish`).set(system.coordinator).expect(200);
    const answer = (who: Person, answers: Record<string, number>) => system.http().put(`/api/me/surveys/${survey.id}/response`).set(bearer(who)).send({ answers }).expect(200);
    await answer(s1, { satisfaction: 5, recommend: 10 });
    await answer(m1, { satisfaction: 4, recommend: 6 });

    // Period 1 of the three pairs: six check-ins; four answered, then p2 ends and the cohort completes.
    const answerWith = async (who: Person, value: string) => system.http().post(`/api/check-ins/${await checkInToken(who)}`).send({ answer: value }).expect(200);
    await answerWith(s1, 'on_track');
    await answerWith(m1, 'on_track');
    await answerWith(s2, 'need_help');
    await answerWith(m5, 'not_yet');
    await Promise.all([checkInToken(m2), checkInToken(s4)]);
    await system.http().post(`/api/matches/${p2}/end`).set(system.coordinator).send({ reason: 'no_time' }).expect(200);
    await system.http().post(`/api/cohorts/${cohortId}/complete`).set(system.coordinator).expect(200);

    const response = await system.http().get(`/api/cohorts/${cohortId}/report`).set(system.coordinator).expect(200);
    const report = response.body as CohortReport;
    expect(response.text).not.toContain(SUMMARY);
    expect(report).toMatchObject({
      cohort: { id: cohortId, name: cohortName, status: 'open' },
      recruited: { mentors: 6, students: 5 },
      approved: { mentors: 6, students: 4 },
      rounds: 2,
      proposals: 6,
      accepted: 3,
      declined: { no_capacity: 1, not_a_fit: 1, unavailable: 0, other: 0 },
      expired: 1,
      acceptanceRate: 0.5,
      medianHoursToAnswer: 5,
      pairs: { accepted: 0, ended: 1, completed: 2 },
      meetings: { count: 4, hours: 4, medianPerPair: 1, byMonth: [{ month: today.slice(0, 7), count: 4 }] },
      checkIns: { sent: 6, answered: 4, responseRate: 0.667, byAnswer: { on_track: 2, not_yet: 1, need_help: 1 } },
      surveys: [{ id: survey.id, title: { zh: '结业问卷', en: 'Final survey' }, invited: 6, responded: 2, responseRate: 0.333, nps: 0, meanRating: 4.5 }],
    });
    expect(report.cohort.completedAt).not.toBeNull();
    const figures = (mentorId: number, proposals: number, accepted: number, declined: number, expired: number, acceptanceRate: number, medianHoursToAnswer: number | null) =>
      expect.objectContaining({ mentorId, proposals, accepted, declined, expired, acceptanceRate, medianHoursToAnswer });
    expect(report.mentors).toEqual([
      figures(m1.id, 1, 1, 0, 0, 1, 2), figures(m2.id, 1, 1, 0, 0, 1, 5), figures(m3.id, 1, 0, 1, 0, 0, 10),
      figures(m4.id, 1, 0, 1, 0, 0, 1), figures(m5.id, 1, 1, 0, 0, 1, 30), figures(m6.id, 1, 0, 0, 1, 0, null),
    ]);

    // Coordinators only: an applicant's token and no token are both turned away; an unknown cohort is 404.
    await system.http().get(`/api/cohorts/${cohortId}/report`).set(bearer(m1)).expect(401);
    await system.http().get(`/api/cohorts/${cohortId}/report`).expect(401);
    await system.http().get('/api/cohorts/999999/report').set(system.coordinator).expect(404);

    const xlsx = await fetch(`${system.apiUrl}/api/cohorts/${cohortId}/report.xlsx`, { headers: system.coordinator });
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(xlsx.headers.get('content-disposition')).toContain('cohort-report.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['概览', '配对', '见面记录', '问卷']);
    const [overview, pairs, meetings, surveys] = workbook.worksheets;
    expect(cell(overview, 1, 1)).toBe('项目');
    const figureOf = (label: string) => {
      let value: ExcelJS.CellValue = null;
      overview.eachRow((row) => { if (row.getCell(1).value === label) value = row.getCell(2).value; });
      return value;
    };
    expect(figureOf('期')).toBe(cohortName);
    expect(figureOf('推荐')).toBe(6);
    expect(figureOf('接受率')).toBe('50%');
    expect(figureOf('回复用时中位数（小时）')).toBe(5);
    expect(figureOf('回访：需要协调员帮助')).toBe(1);
    expect(String(figureOf('结业时间（北京时间）'))).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} \+08:00$/);
    expect(cell(pairs, 1, 1)).toBe('匹配编号');
    expect(pairs.rowCount).toBe(4);
    expect((pairs.getRow(1).values as unknown[]).slice(1, 4)).toEqual(['匹配编号', '生友', '师友']);
    expect((meetings.getRow(1).values as unknown[]).slice(1)).toEqual(['匹配编号', '生友', '师友', '见面日期', '分钟', '方式', '记录人']);
    expect(meetings.rowCount).toBe(5);
    expect((meetings.getRow(2).values as unknown[]).slice(4)).toEqual([today, 60, '视频', '生友']);
    expect((surveys.getRow(1).values as unknown[]).slice(1)).toEqual(['问卷', '回复率', '题目', '题型', '回答人数', '平均分', 'NPS', '分布']);
    expect((surveys.getRow(3).values as unknown[]).slice(1)).toEqual(['结业问卷', '33.3%', '推荐给同学的可能性', 'nps', 2, 8, 0, '0 / 0 / 0 / 0 / 0 / 0 / 1 / 0 / 0 / 0 / 1']);
    // The pair's own words are in no sheet.
    for (const sheet of workbook.worksheets) sheet.eachRow((row) => expect(JSON.stringify(row.values)).not.toContain(SUMMARY));

    const english = await fetch(`${system.apiUrl}/api/cohorts/${cohortId}/report.xlsx?lang=en`, { headers: system.coordinator });
    const englishBook = new ExcelJS.Workbook();
    await englishBook.xlsx.load(Buffer.from(await english.arrayBuffer()) as unknown as ExcelJS.Buffer);
    expect(englishBook.worksheets.map((sheet) => sheet.name)).toEqual(['Overview', 'Pairs', 'Meetings', 'Surveys']);
    await system.http().get(`/api/cohorts/${cohortId}/report.xlsx`).query({ lang: 'fr' }).set(system.coordinator).expect(400);
  }, 150_000);
});
