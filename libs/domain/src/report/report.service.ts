import { ApplicantRole, CheckInAnswer, CohortReport, DeclineReason, MatchStatus, MeetingMode, PairRole } from '@app/contracts';
import { Cohort, Survey } from '@app/database';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { NotFoundError } from '../errors/domain-errors';
import { CsvLanguage, workbookXlsx } from '../exports/table-export';
import { PairQueriesService } from '../pairs/pair-queries.service';
import { SurveyResultsService } from '../surveys/survey-results.service';
import { ReportMeeting, ReportQuestion, reportSheets } from './report-export';
import { ReportAggregates, reportFigures, surveyFigures } from './report-figures';

const PAIR_STATUSES_SQL = "('accepted', 'ended', 'completed')";

/**
 * The report's statements, each one aggregate over the cohort's rows (GROUP BY in the database, a few rows back),
 * so 10,000 pairs with 100,000 meetings answer without reading the meetings. Each takes the cohort id once per `?`.
 * Only `answers` returns a row per answered proposal (one number each): a median needs the values.
 * Exported for the benchmark, which times them through mysql2 beside the endpoint.
 */
export const REPORT_SQL = {
  applications: `SELECT 'mentor' AS role, status, COUNT(*) AS count FROM mentor_applications WHERE cohort_id = ? GROUP BY status
    UNION ALL SELECT 'student' AS role, status, COUNT(*) AS count FROM student_applications WHERE cohort_id = ? GROUP BY status`,
  rounds: `SELECT COUNT(*) AS count FROM rounds WHERE cohort_id = ? AND status = 'completed' AND dry_run = FALSE`,
  matches: `SELECT status, decline_reason AS declineReason, COUNT(*) AS count FROM matches WHERE cohort_id = ? GROUP BY status, decline_reason`,
  mentorMatches: `SELECT m.mentor_id AS mentorId, t.name, m.status, COUNT(*) AS count
    FROM matches m JOIN mentor_applications t ON t.id = m.mentor_id WHERE m.cohort_id = ? GROUP BY m.mentor_id, t.name, m.status`,
  answers: `SELECT mentor_id AS mentorId, TIMESTAMPDIFF(SECOND, created_at, responded_at) / 3600 AS hours
    FROM matches WHERE cohort_id = ? AND responded_at IS NOT NULL`,
  meetingsPerPair: `SELECT per.meetings AS value, COUNT(*) AS count FROM (
      SELECT m.id, COUNT(pm.id) AS meetings FROM matches m LEFT JOIN pair_meetings pm ON pm.match_id = m.id
      WHERE m.cohort_id = ? AND m.status IN ${PAIR_STATUSES_SQL} GROUP BY m.id
    ) per GROUP BY per.meetings`,
  meetingTotals: `SELECT COUNT(*) AS count, COALESCE(SUM(pm.minutes), 0) AS minutes
    FROM pair_meetings pm JOIN matches m ON m.id = pm.match_id WHERE m.cohort_id = ?`,
  meetingsByMonth: `SELECT DATE_FORMAT(pm.held_on, '%Y-%m') AS month, COUNT(*) AS count
    FROM pair_meetings pm JOIN matches m ON m.id = pm.match_id WHERE m.cohort_id = ? GROUP BY month`,
  checkIns: `SELECT ck.answer, COUNT(*) AS count FROM check_ins ck JOIN matches m ON m.id = ck.match_id WHERE m.cohort_id = ? GROUP BY ck.answer`,
} as const;

type Row = Record<string, string | number | null>;

/** The cohort report (DESIGN §8) for coordinators, and its workbook. */
@Injectable()
export class ReportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly pairs: PairQueriesService,
    private readonly surveyResults: SurveyResultsService,
  ) {}

  async report(cohortId: number): Promise<CohortReport<Date>> {
    const manager = this.dataSource.manager;
    const cohort = await manager.findOneBy(Cohort, { id: cohortId });
    if (!cohort) throw new NotFoundError(`Cohort ${cohortId} not found`);
    const [aggregates, surveys] = await Promise.all([this.aggregates(manager, cohortId), this.surveys(manager, cohortId)]);
    return {
      cohort: { id: cohort.id, name: cohort.name, status: cohort.status, programStartsOn: cohort.programStartsOn, programEndsOn: cohort.programEndsOn, completedAt: cohort.completedAt },
      ...reportFigures(aggregates),
      surveys,
    };
  }

  async xlsx(cohortId: number, lang: CsvLanguage): Promise<Buffer> {
    const report = await this.report(cohortId);
    const [pairs, meetings, questions] = await Promise.all([this.pairs.list(cohortId), this.meetings(cohortId), this.questions(cohortId)]);
    return workbookXlsx(reportSheets(report, pairs, meetings, questions, lang), lang);
  }

  private async aggregates(manager: EntityManager, cohortId: number): Promise<ReportAggregates> {
    const run = (sql: string) => manager.query<Row[]>(sql, Array.from({ length: sql.split('?').length - 1 }, () => cohortId));
    const [applications, rounds, matches, mentorMatches, answers, meetingsPerPair, [totals], meetingsByMonth, checkIns] = await Promise.all([
      run(REPORT_SQL.applications), run(REPORT_SQL.rounds), run(REPORT_SQL.matches), run(REPORT_SQL.mentorMatches), run(REPORT_SQL.answers),
      run(REPORT_SQL.meetingsPerPair), run(REPORT_SQL.meetingTotals), run(REPORT_SQL.meetingsByMonth), run(REPORT_SQL.checkIns),
    ]);
    // COUNT and SUM come back as strings (BIGINT, DECIMAL) from the driver: numbers here, once.
    const count = (row: Row) => Number(row.count);
    return {
      applications: applications.map((row) => ({ role: row.role as ApplicantRole, status: String(row.status), count: count(row) })),
      rounds: count(rounds[0]),
      matches: matches.map((row) => ({ status: row.status as MatchStatus, declineReason: row.declineReason as DeclineReason | null, count: count(row) })),
      mentorMatches: mentorMatches.map((row) => ({ mentorId: Number(row.mentorId), name: String(row.name), status: row.status as MatchStatus, count: count(row) })),
      answers: answers.map((row) => ({ mentorId: Number(row.mentorId), hours: Number(row.hours) })),
      meetingsPerPair: meetingsPerPair.map((row) => ({ value: Number(row.value), count: count(row) })),
      meetingTotals: { count: count(totals), minutes: Number(totals.minutes) },
      meetingsByMonth: meetingsByMonth.map((row) => ({ month: String(row.month), count: count(row) })),
      checkIns: checkIns.map((row) => ({ answer: row.answer as CheckInAnswer | null, count: count(row) })),
    };
  }

  /** Published surveys only: a draft has invited nobody. Figures from the surveys module's own reading of the answers. */
  private async surveys(manager: EntityManager, cohortId: number) {
    const surveys = await manager.find(Survey, { where: { cohortId, status: 'published' }, order: { id: 'ASC' } });
    return Promise.all(surveys.map(async (survey) => {
      const { invited, responses } = await this.surveyResults.read(survey.id);
      return surveyFigures(survey, invited, responses);
    }));
  }

  private async questions(cohortId: number): Promise<ReportQuestion[]> {
    const manager = this.dataSource.manager;
    const surveys = await manager.find(Survey, { where: { cohortId, status: 'published' }, order: { id: 'ASC' } });
    const perSurvey = await Promise.all(surveys.map(async (survey) => {
      const [{ invited, responses }, results] = await Promise.all([this.surveyResults.read(survey.id), this.surveyResults.results(survey.id)]);
      const figures = surveyFigures(survey, invited, responses);
      return survey.questions.map((question, index) => ({ survey: figures, question, result: results.questions[index] }));
    }));
    return perSurvey.flat();
  }

  /** Every meeting of the cohort's pairs without its summary, which stays the pair's own. */
  private async meetings(cohortId: number): Promise<ReportMeeting[]> {
    const rows = await this.dataSource.query<Array<Omit<ReportMeeting, 'minutes'> & { minutes: number | string }>>(
      `SELECT m.id AS matchId, s.name AS studentName, t.name AS mentorName, DATE_FORMAT(pm.held_on, '%Y-%m-%d') AS heldOn, pm.minutes, pm.mode, pm.logged_by AS loggedBy
       FROM pair_meetings pm JOIN matches m ON m.id = pm.match_id
       JOIN student_applications s ON s.id = m.student_id JOIN mentor_applications t ON t.id = m.mentor_id
       WHERE m.cohort_id = ? ORDER BY pm.held_on, pm.id`, [cohortId]);
    return rows.map((row) => ({ ...row, minutes: Number(row.minutes), mode: row.mode as MeetingMode, loggedBy: row.loggedBy as PairRole }));
  }
}
