import { MeSurvey, SURVEY_TEMPLATES, SurveyResults, SurveyView } from '@app/contracts';
import ExcelJS from 'exceljs';
import { SmtpSink } from '../scripts/smtp-sink';
import { applyMentor, applyStudent, approve, createOpenCohort, Person } from './support/factories';
import { startSystemWithSink } from './support/mail';
import { accept, bearer } from './support/rounds';
import { TestSystem } from './support/system';

/**
 * Surveys end to end (DESIGN §8) against the built apps, MariaDB and an SMTP sink: a survey built from the final
 * template, published to the paired people of a cohort (each invited by email with their personal link), answered
 * through those links (some sharing their name), refused when badly answered, by someone not invited and once closed;
 * its results and their workbook (opened with exceljs).
 */
let system: TestSystem;
let sink: SmtpSink;
let stop: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ system, sink, stop } = await startSystemWithSink('surveys'));
}, 60_000);

afterAll(async () => {
  await stop?.();
}, 30_000);

let people = 0;
async function person(cohortId: number, role: 'mentor' | 'student', name: string, choices: number[] = []): Promise<Person> {
  const index = (people += 1);
  const data = { name, email: `${role}.${index}@surveys-e2e.example.cn` };
  const applicant = role === 'mentor'
    ? await applyMentor(system, cohortId, { ...data, capacity: 1 }, index)
    : await applyStudent(system, cohortId, choices, data, index);
  await approve(system, cohortId, role, [applicant.id]);
  return { ...applicant, ...data };
}

async function pair(cohortId: number, student: Person, mentor: Person): Promise<void> {
  const proposal = await system.http().post(`/api/cohorts/${cohortId}/matches`).set(system.coordinator)
    .send({ studentId: student.id, mentorId: mentor.id }).expect(201);
  await accept(system, mentor, proposal.body.id).expect(200);
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const fieldsOf = (body: { errors?: Array<{ field: string; rule: string }> }) => (body.errors ?? []).map((error) => `${error.field}:${error.rule}`);
const finalSurvey = (overrides: Record<string, unknown> = {}) => ({ ...SURVEY_TEMPLATES.final, closesAt: inDays(7), ...overrides });

describe('surveys e2e', () => {
  let cohortId: number;
  let mentors: Person[];
  let students: Person[];
  let outsider: Person;
  let surveyId: number;
  /** Each invited person's token, taken from the personal link of their invitation email. */
  const linkToken = new Map<string, string>();
  const as = (who: Person) => ({ Authorization: `Bearer ${linkToken.get(who.email)}` });

  beforeAll(async () => {
    cohortId = await createOpenCohort(system, { name: '第3期 师友计划 问卷', checkInEveryDays: 0 });
    mentors = [await person(cohortId, 'mentor', '周明远'), await person(cohortId, 'mentor', '陈思远')];
    students = [await person(cohortId, 'student', '李小雨', [mentors[0].id]), await person(cohortId, 'student', '王一鸣', [mentors[1].id])];
    outsider = await person(cohortId, 'student', '赵未配', [mentors[0].id]);
    await pair(cohortId, students[0], mentors[0]);
    await pair(cohortId, students[1], mentors[1]);
    await system.settled();
    sink.clear();
  }, 60_000);

  it('offers the mid-term and final templates', async () => {
    const templates = (await system.http().get('/api/survey-templates').set(system.coordinator).expect(200)).body;
    expect(Object.keys(templates).sort()).toEqual(['final', 'midterm']);
    expect(templates.final.questions.map((question: { kind: string }) => question.kind)).toEqual(['rating5', 'nps', 'choice', 'text', 'text']);
  });

  it('refuses a bad definition with 400 naming the field, and stores nothing', async () => {
    const post = (body: object) => system.http().post(`/api/cohorts/${cohortId}/surveys`).set(system.coordinator).send(body).expect(400);
    const questions = SURVEY_TEMPLATES.final.questions;
    const unknownKind = await post(finalSurvey({ questions: [{ ...questions[0], kind: 'slider' }, ...questions.slice(1)] }));
    expect(fieldsOf(unknownKind.body).some((field) => field.startsWith('questions.0.kind'))).toBe(true);
    const noOptions = await post(finalSurvey({ questions: questions.map((question) => (question.kind === 'choice' ? { ...question, options: undefined } : question)) }));
    expect(fieldsOf(noOptions.body)).toContain('questions.2.options:required');
    const noChinese = await post(finalSurvey({ title: { zh: '', en: 'Final' } }));
    expect(fieldsOf(noChinese.body).some((field) => field.startsWith('title.zh'))).toBe(true);
    const past = await post(finalSurvey({ closesAt: inDays(-1) }));
    expect(fieldsOf(past.body)).toContain('closesAt:min');
    expect((await system.http().get(`/api/cohorts/${cohortId}/surveys`).set(system.coordinator).expect(200)).body).toEqual([]);
  });

  it('publishes a survey built from the final template: the paired people are invited with their personal link', async () => {
    const draft: SurveyView = (await system.http().post(`/api/cohorts/${cohortId}/surveys`).set(system.coordinator).send(finalSurvey()).expect(201)).body;
    expect(draft.status).toBe('draft');
    surveyId = draft.id;
    const published: SurveyView = (await system.http().post(`/api/surveys/${surveyId}/publish`).set(system.coordinator).expect(200)).body;
    expect(published).toMatchObject({ status: 'published', invited: 4, responded: 0 });
    // A published survey no longer changes.
    const again = await system.http().put(`/api/surveys/${surveyId}`).set(system.coordinator).send(finalSurvey()).expect(409);
    expect(again.body.code).toBe('survey_published');

    const invited = [...mentors, ...students];
    const mails = await sink.waitFor((all) => invited.every((who) => all.some((mail) => mail.to.includes(who.email))), 30_000);
    for (const who of invited) {
      const mail = mails.find((message) => message.to.includes(who.email))!;
      expect(mail.subject).toContain('师友计划结业问卷');
      const token = /\/me#token=([\w-]+)/.exec(mail.text)?.[1];
      expect(token).toBeDefined();
      linkToken.set(who.email, token!);
    }
    expect(mails.some((mail) => mail.to.includes(outsider.email))).toBe(false);
  });

  it('lists the survey to the invited through their link, and answers 404 to someone not invited', async () => {
    const mine: MeSurvey[] = (await system.http().get('/api/me/surveys').set(as(students[0])).expect(200)).body;
    expect(mine).toEqual([expect.objectContaining({ id: surveyId, status: 'published', response: null })]);
    expect((await system.http().get('/api/me/surveys').set(bearer(outsider)).expect(200)).body).toEqual([]);
    await system.http().put(`/api/me/surveys/${surveyId}/response`).set(bearer(outsider)).send({ answers: { satisfaction: 5, recommend: 9, again: 0 } }).expect(404);
  });

  it('refuses answers of the wrong kind or out of range with 400 naming each answer, and keeps nothing', async () => {
    const answer = (answers: Record<string, unknown>) =>
      system.http().put(`/api/me/surveys/${surveyId}/response`).set(as(students[0])).send({ answers }).expect(400);
    const valid = { satisfaction: 4, recommend: 9, again: 0 };
    expect(fieldsOf((await answer({ ...valid, satisfaction: 6 })).body)).toEqual(['answers.satisfaction:max']);
    expect(fieldsOf((await answer({ ...valid, recommend: 11 })).body)).toEqual(['answers.recommend:max']);
    expect(fieldsOf((await answer({ ...valid, satisfaction: '5' })).body)).toEqual(['answers.satisfaction:type']);
    expect(fieldsOf((await answer({ ...valid, again: 3 })).body)).toEqual(['answers.again:oneOf']);
    expect(fieldsOf((await answer({ ...valid, helpful: 'x'.repeat(2001) })).body)).toEqual(['answers.helpful:maxLength']);
    expect(fieldsOf((await answer({ satisfaction: 4, again: 0 })).body)).toEqual(['answers.recommend:required']);
    expect(fieldsOf((await answer({ ...valid, colour: 'red' })).body)).toEqual(['answers.colour:unknown']);
    const mine: MeSurvey[] = (await system.http().get('/api/me/surveys').set(as(students[0])).expect(200)).body;
    expect(mine[0].response).toBeNull();
  });

  it('takes answers, some with the name shared, and a second answer replaces the first', async () => {
    const answer = (who: Person, answers: Record<string, unknown>, shareName?: boolean) =>
      system.http().put(`/api/me/surveys/${surveyId}/response`).set(as(who)).send({ answers, ...(shareName !== undefined && { shareName }) }).expect(200);
    await answer(students[0], { satisfaction: 3, recommend: 6, again: 1 });
    const replaced: MeSurvey = (await answer(students[0], { satisfaction: 5, recommend: 10, again: 0, helpful: '每次见面都有收获。' }, true)).body;
    expect(replaced.response).toMatchObject({ answers: { satisfaction: 5, recommend: 10, again: 0, helpful: '每次见面都有收获。' }, shareName: true });
    await answer(mentors[0], { satisfaction: 4, recommend: 8, again: 0, helpful: '学生很主动。', improve: '' }, false);
    await answer(students[1], { satisfaction: 2, recommend: 3, again: 2, improve: '希望多组织线下活动。' });
  });

  it('gives the results: response rate, mean, NPS, distributions, text answers named only when shared', async () => {
    const results: SurveyResults = (await system.http().get(`/api/surveys/${surveyId}/results`).set(system.coordinator).expect(200)).body;
    expect(results).toMatchObject({ surveyId, invited: 4, responded: 3, responseRate: 0.75 });
    const byId = new Map(results.questions.map((question) => [question.id, question]));
    expect(byId.get('satisfaction')).toMatchObject({ n: 3, distribution: [0, 1, 0, 1, 1] });
    expect(byId.get('satisfaction')!.mean).toBeCloseTo(11 / 3);
    // 10 promoter, 8 passive, 3 detractor: (1 − 1) / 3 = 0.
    expect(byId.get('recommend')).toMatchObject({ n: 3, nps: 0, distribution: [0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 1] });
    expect(byId.get('again')).toMatchObject({ n: 3, distribution: [2, 0, 1] });
    expect(byId.get('helpful')!.texts).toEqual(expect.arrayContaining([
      { text: '每次见面都有收获。', role: 'student', name: '李小雨' },
      { text: '学生很主动。', role: 'mentor', name: null },
    ]));
    expect(byId.get('improve')!.texts).toEqual([{ text: '希望多组织线下活动。', role: 'student', name: null }]);
    const listed: SurveyView[] = (await system.http().get(`/api/cohorts/${cohortId}/surveys`).set(system.coordinator).expect(200)).body;
    expect(listed[0]).toMatchObject({ id: surveyId, invited: 4, responded: 3 });
  });

  it('exports the results as a workbook with a summary and the answers (names only when shared)', async () => {
    const response = await fetch(`${system.apiUrl}/api/surveys/${surveyId}/results.xlsx`, { headers: system.coordinator });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['汇总', '回答']);
    const summary = workbook.getWorksheet('汇总')!;
    expect(summary.getRow(1).values).toEqual([undefined, '题目', '题型', '回答人数', '平均分', 'NPS', '分布']);
    const recommend = summary.getRow(3);
    expect(recommend.getCell(1).value).toBe(SURVEY_TEMPLATES.final.questions[1].text.zh);
    expect(recommend.getCell(3).value).toBe(3);
    expect(recommend.getCell(5).value).toBe(0);
    const answers = workbook.getWorksheet('回答')!;
    expect((answers.getRow(1).values as unknown[]).slice(1, 4)).toEqual(['身份', '署名', '提交时间（北京时间）']);
    expect(answers.rowCount).toBe(4);
    const names = [2, 3, 4].map((row) => answers.getRow(row).getCell(2).value).sort();
    expect(names).toEqual(['匿名', '匿名', '李小雨']);
    const sharer = [2, 3, 4].map((row) => answers.getRow(row)).find((row) => row.getCell(2).value === '李小雨')!;
    expect(sharer.getCell(6).value).toBe('愿意');
    const english = await fetch(`${system.apiUrl}/api/surveys/${surveyId}/results.xlsx?lang=en`, { headers: system.coordinator });
    const englishBook = new ExcelJS.Workbook();
    await englishBook.xlsx.load(Buffer.from(await english.arrayBuffer()) as unknown as ExcelJS.Buffer);
    expect(englishBook.worksheets.map((sheet) => sheet.name)).toEqual(['Summary', 'Answers']);
  });

  it('refuses answers once the survey closed (409) and shows it closed with the answers kept', async () => {
    await system.db.dataSource.query('UPDATE surveys SET closes_at = ? WHERE id = ?', [new Date(Date.now() - 60_000), surveyId]);
    const late = await system.http().put(`/api/me/surveys/${surveyId}/response`).set(as(students[0]))
      .send({ answers: { satisfaction: 1, recommend: 0, again: 2 } }).expect(409);
    expect(late.body.code).toBe('survey_closed');
    const mine: MeSurvey[] = (await system.http().get('/api/me/surveys').set(as(students[0])).expect(200)).body;
    expect(mine[0]).toMatchObject({ status: 'closed', response: { answers: { satisfaction: 5 }, shareName: true } });
    const listed: SurveyView[] = (await system.http().get(`/api/cohorts/${cohortId}/surveys`).set(system.coordinator).expect(200)).body;
    expect(listed[0].status).toBe('closed');
  });
});
