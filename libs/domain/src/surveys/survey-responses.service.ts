import { MeSurvey, SurveyAnswer } from '@app/contracts';
import { Survey, SurveyInvitation, SurveyResponse } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { ConflictError, InvalidError, NotFoundError } from '../errors/domain-errors';
import { ApplicantIdentity } from '../identity/applicant-tokens.service';
import { answerProblems, storedAnswers } from './survey-rules';
import { surveyStatusOf } from './surveys.service';

/** The surveys an applicant was invited to, answered on their personal page until each closes (DESIGN §8). */
@Injectable()
export class SurveyResponsesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(identity: ApplicantIdentity): Promise<MeSurvey<Date>[]> {
    const manager = this.dataSource.manager;
    const invitations = await manager.find(SurveyInvitation, { where: { role: identity.role, applicationId: identity.applicationId } });
    if (invitations.length === 0) return [];
    const surveyIds = invitations.map((invitation) => invitation.surveyId);
    const [surveys, responses] = await Promise.all([
      manager.find(Survey, { where: { id: In(surveyIds) }, order: { closesAt: 'ASC' } }),
      manager.find(SurveyResponse, { where: { surveyId: In(surveyIds), role: identity.role, applicationId: identity.applicationId } }),
    ]);
    const responseOf = new Map(responses.map((response) => [response.surveyId, response]));
    return surveys.map((survey) => meSurveyOf(survey, responseOf.get(survey.id) ?? null));
  }

  /** The whole response, replacing an earlier one; each answer checked against its question (fields `answers.<id>`). */
  async answer(identity: ApplicantIdentity, surveyId: number, answers: Record<string, SurveyAnswer>, shareName: boolean): Promise<MeSurvey<Date>> {
    return this.dataSource.transaction(async (manager) => {
      const invited = await manager.existsBy(SurveyInvitation, { surveyId, role: identity.role, applicationId: identity.applicationId });
      const survey = invited ? await manager.findOneBy(Survey, { id: surveyId }) : null;
      if (!survey) throw new NotFoundError(`Survey ${surveyId} not found among the surveys you were invited to`);
      if (survey.closesAt <= new Date()) throw new ConflictError(`Survey ${surveyId} closed; answers can no longer change`, 'survey_closed');
      const problems = answerProblems(survey.questions, answers);
      if (problems.length > 0) throw new InvalidError(problems.map((problem) => `${problem.field}: ${problem.rule}`), problems);
      const owner = { surveyId, role: identity.role, applicationId: identity.applicationId };
      await manager.upsert(SurveyResponse, { ...owner, answers: storedAnswers(answers), shareName }, ['surveyId', 'role', 'applicationId']);
      return meSurveyOf(survey, await manager.findOneByOrFail(SurveyResponse, owner));
    });
  }
}

function meSurveyOf(survey: Survey, response: SurveyResponse | null): MeSurvey<Date> {
  const { id, title, audience, closesAt, questions } = survey;
  return {
    id, title, audience, closesAt, questions,
    status: surveyStatusOf(survey) === 'closed' ? 'closed' : 'published',
    response: response && { answers: response.answers, shareName: response.shareName, submittedAt: response.submittedAt, updatedAt: response.updatedAt },
  };
}
