import { SURVEY_TEMPLATES, SurveyDefinition } from '@app/contracts';
import { Notification, OutboxMessage, Survey } from '@app/database';
import { ConflictError, InvalidError, NotFoundError, SurveyResponsesService, SurveyResultsService, SurveysService } from '@app/domain';
import { Like } from 'typeorm';
import { useDomainHarness } from './support/domain-harness';
import { approvedStudent, identityOf, openCohort, pairIn } from './support/factories';

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000);
const finalSurvey = (closesAt = inDays(10)): SurveyDefinition<Date> => ({ ...SURVEY_TEMPLATES.final, closesAt });

describe('surveys', () => {
  const harness = useDomainHarness('surveys');

  it('publishing invites the paired people of the audience, emails each their personal link and schedules one reminder', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    const [first, second] = [await pairIn(h, cohort), await pairIn(h, cohort)];
    await approvedStudent(h, cohort); // unpaired: not invited
    const draft = await h.get(SurveysService).create(cohort.id, { ...finalSurvey(), audience: 'students' });

    const published = await h.get(SurveysService).publish(draft.id);

    expect(published).toMatchObject({ status: 'published', invited: 2, responded: 0 });
    const emails = await h.dataSource.manager.find(Notification, { where: { dedupeKey: Like(`survey_invitation:${draft.id}:%`) }, order: { id: 'ASC' } });
    expect(emails.map((email) => email.recipientEmail).sort()).toEqual([first.student.email, second.student.email].sort());
    expect(emails.every((email) => email.linkRole === 'student')).toBe(true);
    const reminder = await h.dataSource.manager.findOneByOrFail(OutboxMessage, { jobId: `survey-reminder-${draft.id}` });
    expect(reminder.runAt!.getTime()).toBe(published.closesAt.getTime() - 48 * 3600_000);
    await expect(h.get(SurveysService).publish(draft.id)).rejects.toMatchObject({ code: 'survey_published' });
  });

  it('takes answers checked per kind, replaces them until closing, and names text answers only when shared', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    const pairs = [await pairIn(h, cohort), await pairIn(h, cohort), await pairIn(h, cohort)];
    const survey = await h.get(SurveysService).publish((await h.get(SurveysService).create(cohort.id, finalSurvey())).id);
    const responses = h.get(SurveyResponsesService);
    const asStudent = (index: number) => identityOf('student', pairs[index].student);

    await expect(responses.answer(asStudent(0), survey.id, { satisfaction: 6, recommend: 'ten', again: 5, extra: 1 }, false))
      .rejects.toMatchObject({ fieldErrors: expect.arrayContaining([
        { field: 'answers.extra', rule: 'unknown' },
        { field: 'answers.satisfaction', rule: 'max', limit: 5 },
        { field: 'answers.recommend', rule: 'type' },
        { field: 'answers.again', rule: 'oneOf' },
      ]) });
    await expect(responses.answer(asStudent(0), survey.id, { satisfaction: 4 }, false)).rejects.toBeInstanceOf(InvalidError);
    expect(await h.get(SurveysService).get(survey.id)).toMatchObject({ responded: 0 });

    await responses.answer(asStudent(0), survey.id, { satisfaction: 3, recommend: 6, again: 1 }, false);
    await responses.answer(asStudent(0), survey.id, { satisfaction: 5, recommend: 10, again: 0, helpful: '师友帮我改了简历' }, true);
    await responses.answer(asStudent(1), survey.id, { satisfaction: 4, recommend: 9, again: 0, helpful: '每次见面都很有收获' }, false);
    await responses.answer(identityOf('mentor', pairs[2].mentor), survey.id, { satisfaction: 2, recommend: 3, again: 2 }, false);

    const results = await h.get(SurveyResultsService).results(survey.id);
    expect(results).toMatchObject({ invited: 6, responded: 3, responseRate: 0.5 });
    const byId = Object.fromEntries(results.questions.map((question) => [question.id, question]));
    expect(byId.satisfaction).toMatchObject({ n: 3, mean: 3.67, distribution: [0, 1, 0, 1, 1] });
    expect(byId.recommend).toMatchObject({ n: 3, nps: 33 });
    expect(byId.again).toMatchObject({ n: 3, distribution: [2, 0, 1] });
    expect(byId.helpful.texts).toEqual(expect.arrayContaining([
      { text: '师友帮我改了简历', role: 'student', name: pairs[0].student.name },
      { text: '每次见面都很有收获', role: 'student', name: null },
    ]));

    await h.dataSource.manager.update(Survey, { id: survey.id }, { closesAt: new Date(Date.now() - 1000) });
    await expect(responses.answer(asStudent(1), survey.id, { satisfaction: 1, recommend: 0, again: 2 }, false)).rejects.toBeInstanceOf(ConflictError);
    expect((await responses.list(asStudent(1)))[0]).toMatchObject({ status: 'closed', response: { answers: { satisfaction: 4 } } });
  });

  it('refuses a survey one was not invited to, and definitions whose choices or ids do not hold', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    const pair = await pairIn(h, cohort);
    const mentorsOnly = await h.get(SurveysService).publish((await h.get(SurveysService).create(cohort.id, { ...finalSurvey(), audience: 'mentors' })).id);
    await expect(h.get(SurveyResponsesService).answer(identityOf('student', pair.student), mentorsOnly.id, { satisfaction: 5 }, false)).rejects.toBeInstanceOf(NotFoundError);

    const broken: SurveyDefinition<Date> = {
      ...finalSurvey(inDays(-1)),
      questions: [
        { id: 'a', kind: 'choice', text: { zh: '选择' }, required: true },
        { id: 'a', kind: 'rating5', text: { zh: '评分' }, options: [{ zh: '多余' }, { zh: '多余' }], required: true },
      ],
    };
    await expect(h.get(SurveysService).create(cohort.id, broken)).rejects.toMatchObject({ fieldErrors: [
      { field: 'closesAt', rule: 'min' },
      { field: 'questions.0.options', rule: 'required' },
      { field: 'questions.1.id', rule: 'unique' },
      { field: 'questions.1.options', rule: 'unknown' },
    ] });
    expect(await h.dataSource.manager.countBy(Survey, { cohortId: cohort.id })).toBe(1);
  });

  it('reminds once, only those who have not answered, while the survey is open', async () => {
    const h = harness();
    const cohort = await openCohort(h);
    const [answered, silent] = [await pairIn(h, cohort), await pairIn(h, cohort)];
    const survey = await h.get(SurveysService).publish((await h.get(SurveysService).create(cohort.id, { ...finalSurvey(), audience: 'students' })).id);
    await h.get(SurveyResponsesService).answer(identityOf('student', answered.student), survey.id, { satisfaction: 5, recommend: 10, again: 0 }, false);

    expect(await h.get(SurveysService).remind(survey.id)).toBe(1);
    expect(await h.get(SurveysService).remind(survey.id)).toBe(0);

    const reminders = await h.dataSource.manager.find(Notification, { where: { dedupeKey: Like(`survey_reminder:${survey.id}:%`) } });
    expect(reminders.map((reminder) => reminder.recipientEmail)).toEqual([silent.student.email]);
  });
});
