import { SurveyResults } from '@app/contracts';
import { Survey, SurveyResponse } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../errors/domain-errors';
import { CsvLanguage, workbookXlsx } from '../exports/table-export';
import { surveySheets } from './survey-export';
import { questionResult, ResponseForResults } from './survey-stats';

/** What coordinators read of a survey: the figures, and text answers with a name only where it was shared. */
@Injectable()
export class SurveyResultsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async results(surveyId: number): Promise<SurveyResults> {
    const { survey, invited, responses } = await this.read(surveyId);
    return {
      surveyId,
      invited,
      responded: responses.length,
      responseRate: invited === 0 ? 0 : Math.round((responses.length / invited) * 1000) / 1000,
      questions: survey.questions.map((question) => questionResult(question, responses)),
    };
  }

  async xlsx(surveyId: number, lang: CsvLanguage): Promise<Buffer> {
    const [{ survey, responses }, results] = await Promise.all([this.read(surveyId), this.results(surveyId)]);
    return workbookXlsx(surveySheets(survey, results.questions, responses, lang), lang);
  }

  /** The survey, how many were invited, and every response with its respondent's name (used only where shared). */
  async read(surveyId: number): Promise<{ survey: Survey; invited: number; responses: Array<ResponseForResults & Pick<SurveyResponse, 'submittedAt'>> }> {
    const manager = this.dataSource.manager;
    const survey = await manager.findOneBy(Survey, { id: surveyId });
    if (!survey) throw new NotFoundError(`Survey ${surveyId} not found`);
    const [[{ invited }], rows] = await Promise.all([
      manager.query<Array<{ invited: string | number }>>('SELECT COUNT(*) AS invited FROM survey_invitations WHERE survey_id = ?', [surveyId]),
      manager.query<Array<{ role: 'mentor' | 'student'; answers: string | Record<string, number | string>; shareName: number; name: string; submittedAt: Date }>>(
        `SELECT r.role, r.answers, r.share_name AS shareName, r.submitted_at AS submittedAt, COALESCE(m.name, s.name) AS name
         FROM survey_responses r
         LEFT JOIN mentor_applications m ON r.role = 'mentor' AND m.id = r.application_id
         LEFT JOIN student_applications s ON r.role = 'student' AND s.id = r.application_id
         WHERE r.survey_id = ? ORDER BY r.id`, [surveyId]),
    ]);
    return {
      survey,
      invited: Number(invited),
      responses: rows.map((row) => ({
        role: row.role,
        name: row.name,
        shareName: Boolean(row.shareName),
        // MariaDB returns a JSON column read by raw SQL as text; MySQL as an object.
        answers: typeof row.answers === 'string' ? JSON.parse(row.answers) : row.answers,
        submittedAt: row.submittedAt,
      })),
    };
  }
}
