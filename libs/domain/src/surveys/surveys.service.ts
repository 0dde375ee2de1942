import { SurveyDefinition, SurveyView } from '@app/contracts';
import { Cohort, MentorApplication, StudentApplication, Survey, SurveyInvitation } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull, MoreThan } from 'typeorm';
import { CohortsService } from '../cohorts/cohorts.service';
import { ConflictError, InvalidError, NotFoundError } from '../errors/domain-errors';
import { surveyReminderJob } from '../messaging/jobs';
import { OutboxService, RESTORE_BATCH } from '../messaging/outbox.service';
import { NotificationPolicy } from '../notifications/notification-policy';
import { definitionProblems } from './survey-rules';

/** Counts per survey, read in one statement for a cohort's list. */
type Counted = { surveyId: number; invited: string | number; responded: string | number };

export function surveyStatusOf(survey: Pick<Survey, 'status' | 'closesAt'>, now = new Date()): SurveyView['status'] {
  if (survey.status === 'draft') return 'draft';
  return survey.closesAt <= now ? 'closed' : 'published';
}

/**
 * A cohort's surveys as coordinators make them (DESIGN §8): drafts they edit, publishing (which invites everyone of
 * the audience who has a pair, emails them, and schedules the one reminder), and the reminder itself.
 */
@Injectable()
export class SurveysService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly cohorts: CohortsService,
    private readonly notify: NotificationPolicy,
  ) {}

  async create(cohortId: number, definition: SurveyDefinition<Date>): Promise<SurveyView<Date>> {
    await this.cohorts.get(cohortId);
    assertDefinition(definition);
    const survey = await this.dataSource.manager.save(this.dataSource.manager.create(Survey, { cohortId, ...definition, status: 'draft' }));
    return viewOf(survey, 0, 0);
  }

  /** A draft is rewritten whole; a published survey no longer changes (its invitations and answers refer to it). */
  async update(surveyId: number, definition: SurveyDefinition<Date>): Promise<SurveyView<Date>> {
    assertDefinition(definition);
    return this.dataSource.transaction(async (manager) => {
      const survey = await manager.findOne(Survey, { where: { id: surveyId }, lock: { mode: 'pessimistic_write' } });
      if (!survey) throw new NotFoundError(`Survey ${surveyId} not found`);
      if (survey.status !== 'draft') throw new ConflictError(`Survey ${surveyId} is published and can no longer change`, 'survey_published');
      Object.assign(survey, definition);
      return viewOf(await manager.save(survey), 0, 0);
    });
  }

  async list(cohortId: number): Promise<SurveyView<Date>[]> {
    await this.cohorts.get(cohortId);
    const surveys = await this.dataSource.manager.find(Survey, { where: { cohortId }, order: { id: 'DESC' } });
    const counts = await countsOf(this.dataSource.manager, surveys.map((survey) => survey.id));
    return surveys.map((survey) => viewOf(survey, counts.get(survey.id)?.invited ?? 0, counts.get(survey.id)?.responded ?? 0));
  }

  async get(surveyId: number): Promise<SurveyView<Date>> {
    const survey = await this.dataSource.manager.findOneBy(Survey, { id: surveyId });
    if (!survey) throw new NotFoundError(`Survey ${surveyId} not found`);
    const counts = (await countsOf(this.dataSource.manager, [surveyId])).get(surveyId);
    return viewOf(survey, counts?.invited ?? 0, counts?.responded ?? 0);
  }

  /** Invites the audience's people who have (or had) a pair, emails each their personal link, schedules the reminder. */
  async publish(surveyId: number): Promise<SurveyView<Date>> {
    return this.outbox.transaction(async (tx) => {
      const survey = await tx.manager.findOne(Survey, { where: { id: surveyId }, lock: { mode: 'pessimistic_write' } });
      if (!survey) throw new NotFoundError(`Survey ${surveyId} not found`);
      if (survey.status !== 'draft') throw new ConflictError(`Survey ${surveyId} is already published`, 'survey_published');
      if (survey.closesAt <= new Date()) throw new InvalidError(['closesAt must be in the future to publish'], [{ field: 'closesAt', rule: 'min' }]);
      const cohort = await this.cohorts.get(survey.cohortId, tx.manager);
      const people = await audienceOf(tx.manager, cohort, survey);
      survey.status = 'published';
      survey.publishedAt = new Date();
      await tx.manager.save(survey);
      for (let start = 0; start < people.length; start += 1000) {
        await tx.manager.insert(SurveyInvitation, people.slice(start, start + 1000).map((person) => ({ surveyId, role: person.role, applicationId: person.id })));
      }
      await this.notify.surveyInvited(tx, cohort, survey, people);
      tx.emit(surveyReminderJob(survey.id, survey.closesAt));
      return viewOf(survey, people.length, 0);
    });
  }

  /** The reminder job: once, to the invited who have not answered, while the survey is still open. */
  async remind(surveyId: number): Promise<number> {
    return this.outbox.transaction(async (tx) => {
      const survey = await tx.manager.findOne(Survey, { where: { id: surveyId }, lock: { mode: 'pessimistic_write' } });
      if (!survey || survey.status !== 'published' || survey.remindedAt || survey.closesAt <= new Date()) return 0;
      const cohort = await this.cohorts.get(survey.cohortId, tx.manager);
      const silent = await tx.manager.query<Array<{ role: 'mentor' | 'student'; applicationId: number }>>(
        `SELECT i.role, i.application_id AS applicationId FROM survey_invitations i
         LEFT JOIN survey_responses r ON r.survey_id = i.survey_id AND r.role = i.role AND r.application_id = i.application_id
         WHERE i.survey_id = ? AND r.id IS NULL`, [surveyId]);
      const people = await peopleOf(tx.manager, silent);
      survey.remindedAt = new Date();
      await tx.manager.save(survey);
      await this.notify.surveyInvited(tx, cohort, survey, people, true);
      return people.length;
    });
  }

  /** The reconcile's part: an open survey whose reminder is still to come needs its delayed job. */
  async restoreLost(): Promise<number> {
    let restored = 0;
    for (let after = 0; ;) {
      const surveys = await this.dataSource.manager.find(Survey, {
        select: { id: true, closesAt: true },
        where: { status: 'published', remindedAt: IsNull(), closesAt: MoreThan(new Date()), id: MoreThan(after) },
        order: { id: 'ASC' },
        take: RESTORE_BATCH,
      });
      if (surveys.length === 0) return restored;
      after = surveys[surveys.length - 1].id;
      restored += (await this.outbox.restoreLost(surveys.map((survey) => surveyReminderJob(survey.id, survey.closesAt)))).restored.length;
    }
  }
}

function assertDefinition(definition: SurveyDefinition<Date>): void {
  const problems = definitionProblems(definition, new Date());
  if (problems.length > 0) throw new InvalidError(problems.map((problem) => `${problem.field}: ${problem.rule}`), problems);
}

function viewOf(survey: Survey, invited: number, responded: number): SurveyView<Date> {
  const { id, cohortId, title, audience, closesAt, questions, publishedAt, createdAt } = survey;
  return { id, cohortId, title, audience, closesAt, questions, status: surveyStatusOf(survey), publishedAt, invited, responded, createdAt };
}

async function countsOf(manager: EntityManager, surveyIds: number[]): Promise<Map<number, { invited: number; responded: number }>> {
  if (surveyIds.length === 0) return new Map();
  const rows = await manager.query<Counted[]>(
    `SELECT i.survey_id AS surveyId, COUNT(*) AS invited, COUNT(r.id) AS responded FROM survey_invitations i
     LEFT JOIN survey_responses r ON r.survey_id = i.survey_id AND r.role = i.role AND r.application_id = i.application_id
     WHERE i.survey_id IN (?) GROUP BY i.survey_id`, [surveyIds]);
  return new Map(rows.map((row) => [Number(row.surveyId), { invited: Number(row.invited), responded: Number(row.responded) }]));
}

/** The audience's people with a match that was accepted (active, ended or completed). */
async function audienceOf(manager: EntityManager, cohort: Cohort, survey: Survey) {
  const rows = await manager.query<Array<{ mentorId: number; studentId: number }>>(
    `SELECT mentor_id AS mentorId, student_id AS studentId FROM matches WHERE cohort_id = ? AND status IN ('accepted', 'ended', 'completed')`, [cohort.id]);
  const wanted: Array<{ role: 'mentor' | 'student'; applicationId: number }> = [];
  if (survey.audience !== 'students') wanted.push(...[...new Set(rows.map((row) => row.mentorId))].map((applicationId) => ({ role: 'mentor' as const, applicationId })));
  if (survey.audience !== 'mentors') wanted.push(...[...new Set(rows.map((row) => row.studentId))].map((applicationId) => ({ role: 'student' as const, applicationId })));
  return peopleOf(manager, wanted);
}

async function peopleOf(manager: EntityManager, wanted: Array<{ role: 'mentor' | 'student'; applicationId: number }>) {
  const ids = (role: 'mentor' | 'student') => wanted.filter((person) => person.role === role).map((person) => Number(person.applicationId));
  const [mentors, students] = await Promise.all([
    ids('mentor').length ? manager.find(MentorApplication, { select: { id: true, name: true, email: true }, where: { id: In(ids('mentor')) } }) : [],
    ids('student').length ? manager.find(StudentApplication, { select: { id: true, name: true, email: true }, where: { id: In(ids('student')) } }) : [],
  ]);
  return [...mentors.map((person) => ({ ...person, role: 'mentor' as const })), ...students.map((person) => ({ ...person, role: 'student' as const }))];
}
